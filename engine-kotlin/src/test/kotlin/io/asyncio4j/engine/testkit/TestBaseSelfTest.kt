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
        assertTrue(e2.message!!.contains("1 task(s) left pending") && e2.message!!.contains("wait_for=<Future pending>"), e2.message)
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

    @Test
    fun leakedNonDaemonThreadFailsTeardownAndDaemonIsIgnored() {
        val p = Probe()
        p.testBaseSetUp()
        val release = java.util.concurrent.CountDownLatch(1)
        val daemon = Thread({ release.await() }, "kit-daemon").apply { isDaemon = true; start() }
        val leaking = Thread({ release.await() }, "kit-leaking").apply { start() }
        try {
            // The teardown waits its 5 s grace period once, then reports the thread that is still alive.
            val e = assertThrows(AssertionError::class.java) { p.testBaseTearDown() }
            assertTrue(e.message!!.startsWith("non-daemon thread(s) started by the test still alive"), e.message)
            assertTrue(e.message!!.contains("kit-leaking") && !e.message!!.contains("kit-daemon"), e.message)
        } finally {
            release.countDown()
            leaking.join()
            daemon.join()
        }
    }
}

