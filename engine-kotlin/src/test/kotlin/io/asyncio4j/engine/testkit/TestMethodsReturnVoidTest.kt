package io.asyncio4j.engine.testkit

import java.io.File
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * JUnit Jupiter silently skips a @Test method that does not return void. In Kotlin `fun x() = run { ... }`
 * returns whatever the block's last expression is (a Void? from `server.waitClosed().await()`, say), so such a
 * test never ran and could never fail. This guard lists every test class compiled here and fails on any
 * @Test method with another return type.
 */
class TestMethodsReturnVoidTest {
    @Test
    fun `every test method returns void, so that JUnit runs it`() {
        val root = File(TestMethodsReturnVoidTest::class.java.protectionDomain.codeSource.location.toURI())
        val loader = TestMethodsReturnVoidTest::class.java.classLoader
        val offenders = ArrayList<String>()
        var checked = 0
        root.walkTopDown().filter { it.isFile && it.name.endsWith(".class") }.forEach { file ->
            val name = file.relativeTo(root).path.removeSuffix(".class").replace(File.separatorChar, '.')
            val type = try {
                Class.forName(name, false, loader)
            } catch (_: Throwable) {
                return@forEach
            }
            val methods = try {
                type.declaredMethods
            } catch (_: Throwable) {
                return@forEach
            }
            for (m in methods) {
                if (!m.isAnnotationPresent(Test::class.java)) continue
                checked++
                if (m.returnType != Void.TYPE) offenders.add("${type.name}.${m.name} returns ${m.returnType.name}")
            }
        }
        assertTrue(checked > 100, "found only $checked test methods under $root")
        assertTrue(offenders.isEmpty(), "JUnit would skip these tests:\n" + offenders.joinToString("\n"))
    }
}
