package io.asyncio4j.engine.testkit

import io.asyncio4j.engine.task.sleep
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The Kotlin testkit's teardown fails when it should; each case calls the teardown itself, then leaves a clean state. */
class TestBaseSelfTest {
    private class Probe : TestBase()

    @Test
    fun missingFinishFailsTeardown() {
        val p = Probe()
        p.testBaseSetUp()
        p.expect(1)
        val e = assertThrows(AssertionError::class.java) { p.testBaseTearDown() }
        assertEquals("Expecting that 'finish(2)' was invoked, but it was not", e.message)
    }

    @Test
    fun wrongStepInsideCallbackFailsTeardown() {
        val p = Probe()
        p.testBaseSetUp()
        p.runTest {
            p.newLoop().close()
            io.asyncio4j.engine.loop.Events.getRunningLoop().callSoon { p.expect(7) }
            sleep(0.0)
            sleep(0.0)
        }
        val e = assertThrows(AssertionError::class.java) { p.testBaseTearDown() }
        assertTrue(e.message!!.contains("2 problems"), e.message)
    }

    @Test
    fun unclosedLoopAndPendingTaskFailTeardown() {
        val p = Probe()
        p.testBaseSetUp()
        p.newLoop()
        val e = assertThrows(AssertionError::class.java) { p.testBaseTearDown() }
        assertTrue(e.message!!.startsWith("event loop left unclosed"), e.message)

        val q = Probe()
        q.testBaseSetUp()
        q.runTest {
            io.asyncio4j.engine.task.createTask { sleep(10.0) }
        }
        val e2 = assertThrows(AssertionError::class.java) { q.testBaseTearDown() }
        assertTrue(e2.message!!.contains("Task was destroyed but it is pending!"), e2.message)
    }

    @Test
    fun takenErrorsPass() {
        val p = Probe()
        p.testBaseSetUp()
        p.runTest {
            io.asyncio4j.engine.loop.Events.getRunningLoop().callExceptionHandler(mapOf("message" to "x"))
        }
        assertEquals("x", p.takeLoopErrors().single()["message"])
        p.testBaseTearDown()
    }
}

/**
 * JUnit 5 silently skips a `@Test` method whose return type is not void. In Kotlin `@Test fun x() = expr` takes
 * expr's type, so a test written that way can vanish without a trace: every compiled test class is checked here.
 */
class TestMethodsAreVoidTest {
    @Test
    fun everyTestMethodReturnsVoid() {
        val root = java.nio.file.Paths.get(TestMethodsAreVoidTest::class.java.protectionDomain.codeSource.location.toURI())
        val offenders = ArrayList<String>()
        var checked = 0
        java.nio.file.Files.walk(root).use { paths ->
            for (p in paths.filter { it.toString().endsWith(".class") }.toList()) {
                val name = root.relativize(p).toString().removeSuffix(".class").replace(java.io.File.separatorChar, '.')
                val cls = try {
                    Class.forName(name, false, javaClass.classLoader)
                } catch (e: LinkageError) {
                    continue
                }
                for (m in cls.declaredMethods) {
                    if (!m.isAnnotationPresent(Test::class.java)) continue
                    checked++
                    if (m.returnType != Void.TYPE) offenders.add("${cls.name}.${m.name} returns ${m.returnType.name}")
                }
            }
        }
        assertTrue(checked > 50, "found only $checked test methods under $root")
        assertEquals(emptyList<String>(), offenders)
    }
}
