package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** asyncio.wait_for with 3.12 semantics (test_waitfor.py), in virtual time. */
class WaitForTest : TestBase() {

    @Test
    fun timeoutCancelsTheInnerTaskAndWaitsUntilItReallyFinished() = runTest {
        val inner = createTask {
            try {
                sleep(10.0)
            } catch (e: CancelledError) {
                expect(1)
                sleep(0.5) // cleanup takes a while: wait_for waits for it
                expect(2)
                throw e
            }
        }
        val e = runCatching { waitFor(inner, 0.1) }.exceptionOrNull()
        expect(3)
        assertInstanceOf(TimeoutError::class.java, e)
        assertInstanceOf(CancelledError::class.java, e!!.cause)
        assertTrue(inner.cancelled())
        assertEquals(0.6, loop.time(), 1e-9)
        assertEquals(0, currentTask()!!.cancelling())
        finish(4)
    }

    @Test
    fun coroutineRunsInlineAndTimesOut() = runTest {
        val me = currentTask()
        val e = runCatching {
            waitFor(0.1) {
                assertTrue(currentTask() === me) // `await coro` runs in the caller's task
                sleep(10.0)
            }
        }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
        assertEquals(0.1, loop.time(), 1e-9)
    }

    @Test
    fun zeroOrNegativeTimeoutNeverStartsACoroutine() = runTest {
        var started = false
        for (t in listOf(0.0, -1.0)) {
            val e = runCatching { waitFor(t) { started = true; 1 } }.exceptionOrNull()
            assertInstanceOf(TimeoutError::class.java, e)
        }
        assertFalse(started)
        assertEquals(0.0, loop.time())
    }

    @Test
    fun zeroTimeoutOnADoneFutureReturnsAtOnce() = runTest {
        val f = loop.createFuture<Int>()
        f.setResult(7)
        loop.callSoon { expect(2) }
        expect(1)
        assertEquals(7, waitFor(f, 0.0)) // no suspension: the callSoon has not run yet
        assertEquals(7, waitFor(f, 5.0))
        sleep(0.0)
        finish(3)
    }

    @Test
    fun zeroTimeoutCancelsAPendingTaskAndWaitsForIt() = runTest {
        val inner = createTask { sleep(1.0); 1 }
        sleep(0.0) // started
        val e = runCatching { waitFor(inner, 0.0) }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
        assertTrue(inner.cancelled())
    }

    @Test
    fun innerTaskThatSuppressesCancellationGivesItsValue() = runTest {
        val inner = createTask {
            try {
                sleep(10.0)
                0
            } catch (e: CancelledError) {
                42
            }
        }
        assertEquals(42, waitFor(inner, 0.1))
        assertEquals(0.1, loop.time(), 1e-9)
        assertEquals(0, currentTask()!!.cancelling())
    }

    @Test
    fun externalCancelRacingWithCompletionStillCancels() = runTest {
        // CPython issue 86296: the awaited future completes in the same iteration as the cancel.
        val f = loop.createFuture<Int>()
        val waiter = createTask { waitFor(f, 10.0) }
        sleep(0.0)
        f.setResult(1)
        waiter.cancel()
        val e = runCatching { waiter.await() }.exceptionOrNull()
        assertInstanceOf(CancelledError::class.java, e)
        assertTrue(waiter.cancelled())
    }

    @Test
    fun externalCancelIsNotATimeout() = runTest {
        val inner = createTask { sleep(10.0) }
        val outer = createTask { waitFor(inner, 5.0) }
        sleep(0.1)
        outer.cancel()
        assertInstanceOf(CancelledError::class.java, runCatching { outer.await() }.exceptionOrNull())
        assertTrue(inner.cancelled())
        assertEquals(0.1, loop.time(), 1e-9)
    }

    @Test
    fun noTimeoutJustAwaits() = runTest {
        assertEquals(3, waitFor(null) { sleep(100.0); 3 })
        assertEquals(100.0, loop.time(), 1e-9)
    }

    @Test
    fun exceptionsPassThrough() = runTest {
        val e = runCatching { waitFor(1.0) { sleep(0.1); throw IllegalStateException("boom") } }.exceptionOrNull()
        assertInstanceOf(IllegalStateException::class.java, e)
        assertEquals("boom", e!!.message)
    }
}
