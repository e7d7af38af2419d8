package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.exceptions.ExceptionGroup
import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * Corner cases of CPython's test_waitfor.py ported as virtual-time tests; where CPython 3.11.7 (the local oracle)
 * disagrees with the test file's expectation (timing races in real time), the oracle's result is asserted.
 */
class WaitForCpythonCasesTest : TestBase() {
    private class Foo : RuntimeException("foo")

    @Test
    fun anExceptionRaisedWhileCancelledPropagates() = runTest {
        val inner = createTask<Unit> { try { sleep(0.2) } finally { throw Foo() } }
        val e = runCatching { waitFor(inner, 0.0001) }.exceptionOrNull()
        assertInstanceOf(Foo::class.java, e)
    }

    @Test
    fun anExternalCancelSwallowedByTheInnerTaskLetsItsValueThrough() = runTest {
        val log = ArrayList<String>()
        val inner = createTask {
            try { sleep(0.3) } catch (c: CancelledError) {
                log += "c1 ${loop.time()}"
                try { sleep(0.3) } catch (c: CancelledError) { log += "c2 ${loop.time()}"; sleep(0.3) }
            }
            42
        }
        val w = createTask {
            val r = waitFor(inner, 0.1)
            log += "returned $r ${currentTask()!!.cancelling()}"
            sleep(0.0)
            log += "after"
        }
        sleep(0.0); sleep(0.0)
        w.cancel()
        w.await()
        assertEquals(42, inner.await())
        assertEquals(listOf("c1 0.0", "c2 0.1", "returned 42 1", "after"), log)
    }

    @Test
    fun zeroTimeoutWaitsForTheCleanupAndChainsTheCancelledError() = runTest {
        var done = false
        val inner = createTask {
            try { sleep(10.0) } catch (c: CancelledError) { sleep(0.0001); throw c } finally { done = true }
        }
        sleep(0.0001)
        val e = runCatching { waitFor(inner, 0.0) }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
        assertInstanceOf(CancelledError::class.java, e!!.cause)
        assertTrue(done)
    }

    @Test
    fun cancellingTheWaiterCancelsTheInnerTaskWithAndWithoutTimeout() = runTest {
        for (t in listOf(null, 60.0)) {
            val f = loop.createFuture<Unit>()
            val task = createTask { f.await() }
            val w = createTask { waitFor(task, t) }
            loop.callSoon { w.cancel() }
            assertInstanceOf(CancelledError::class.java, runCatching { w.await() }.exceptionOrNull())
            assertTrue(task.cancelled())
        }
    }

    @Test
    fun issue86296CancelAfterAnInlineCoroutineFinishedIsDelivered() = runTest {
        var reached = false
        val task = createTask {
            waitFor(100.0) { 1 }
            sleep(1.0)
            reached = true
        }
        sleep(0.0)
        assertFalse(task.done())
        task.cancel()
        assertInstanceOf(CancelledError::class.java, runCatching { task.await() }.exceptionOrNull())
        assertFalse(reached)
    }
}
