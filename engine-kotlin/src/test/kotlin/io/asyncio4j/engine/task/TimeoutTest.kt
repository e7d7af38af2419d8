package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** asyncio.timeout / timeout_at (test_timeouts.py), in virtual time. */
class TimeoutTest : TestBase() {

    @Test
    fun expiryCancelsTheBodyAndRaisesTimeoutErrorCausedByTheCancellation() = runTest {
        var scope: Timeout? = null
        val e = runCatching {
            timeout(0.1) { cm ->
                scope = cm
                expect(1)
                try {
                    sleep(10.0)
                } catch (c: CancelledError) {
                    expect(2) // the body sees the cancellation and may clean up
                    throw c
                }
            }
        }.exceptionOrNull()
        expect(3)
        assertInstanceOf(TimeoutError::class.java, e)
        assertInstanceOf(CancelledError::class.java, e!!.cause)
        assertTrue(scope!!.expired())
        assertEquals(0.1, loop.time(), 1e-9)
        assertEquals(0, currentTask()!!.cancelling())
        finish(4)
    }

    @Test
    fun finishingInTimeKeepsTheValue() = runTest {
        var scope: Timeout? = null
        assertEquals(5, timeout(1.0) { cm -> scope = cm; sleep(0.5); 5 })
        assertFalse(scope!!.expired())
        assertEquals(1.0, scope!!.`when`()!!, 1e-9)
        sleep(2.0) // past the old deadline: its timer was cancelled, nothing cancels us now
        assertEquals(2.5, loop.time(), 1e-9)
    }

    @Test
    fun nullNeverExpiresAndRescheduleSetsADeadline() = runTest {
        val e = runCatching {
            timeout(null) { cm ->
                assertNull(cm.`when`())
                cm.reschedule(loop.time() + 0.2)
                sleep(10.0)
            }
        }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
        assertEquals(0.2, loop.time(), 1e-9)
    }

    @Test
    fun rescheduleToLaterPostponesAndToNullDisables() = runTest {
        timeout(0.1) { cm ->
            cm.reschedule(loop.time() + 1.0)
            sleep(0.5)
            cm.reschedule(null)
            sleep(5.0)
        }
        assertEquals(5.5, loop.time(), 1e-9)
    }

    @Test
    fun deadlineInThePastExpiresOnTheNextIteration() = runTest {
        val e = runCatching { timeoutAt(loop.time() - 1) { sleep(10.0) } }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
        assertEquals(0.0, loop.time())
    }

    @Test
    fun nestedScopesWithEqualDeadlinesOnlyTheOutermostRaisesTimeoutError() = runTest {
        val deadline = loop.time() + 0.01
        var cm1: Timeout? = null
        var cm2: Timeout? = null
        var innerSawCancelled = false
        val e = runCatching {
            timeoutAt(deadline) { outer ->
                cm1 = outer
                try {
                    timeoutAt(deadline) { inner ->
                        cm2 = inner
                        sleep(10.0)
                    }
                } catch (c: CancelledError) {
                    innerSawCancelled = true
                    throw c
                }
            }
        }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
        assertTrue(innerSawCancelled)
        assertTrue(cm1!!.expired())
        assertTrue(cm2!!.expired())
        assertEquals(0, currentTask()!!.cancelling())
    }

    @Test
    fun innerTimeoutCaughtThenOuterStillExpires() = runTest {
        // test_nested_timeouts_loop_busy's shape: the inner expires first, is handled, the outer interrupts later.
        val e = runCatching {
            timeout(1.0) {
                val inner = runCatching { timeout(0.1) { sleep(10.0) } }.exceptionOrNull()
                assertInstanceOf(TimeoutError::class.java, inner)
                sleep(10.0)
            }
        }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
        assertEquals(1.0, loop.time(), 1e-9)
    }

    @Test
    fun externalCancellationInsideTheScopeIsNotConverted() = runTest {
        var scope: Timeout? = null
        val e = runCatching {
            timeout(10.0) { cm ->
                scope = cm
                currentTask()!!.cancel()
                sleep(10.0)
            }
        }.exceptionOrNull()
        assertInstanceOf(CancelledError::class.java, e)
        assertFalse(scope!!.expired())
        currentTask()!!.uncancel()
    }

    @Test
    fun bodyThatSwallowsTheCancellationKeepsItsValue() = runTest {
        var scope: Timeout? = null
        val r = timeout(0.1) { cm ->
            scope = cm
            try {
                sleep(10.0)
                "late"
            } catch (c: CancelledError) {
                "handled"
            }
        }
        assertEquals("handled", r)
        assertTrue(scope!!.expired())
        assertEquals(0, currentTask()!!.cancelling())
    }

    @Test
    fun lifecycleErrors() = runTest {
        val cm = Timeout.after(loop, 1.0)
        assertEquals("Timeout has not been entered", assertThrows(IllegalStateException::class.java) { cm.reschedule(2.0) }.message)
        timeout(1.0) { c -> c }.let { used ->
            assertEquals(
                "Cannot change state of finished Timeout",
                assertThrows(IllegalStateException::class.java) { used.reschedule(2.0) }.message,
            )
        }
        val entered = Timeout.after(loop, 1.0)
        entered.enter()
        assertEquals("Timeout has already been entered", assertThrows(IllegalStateException::class.java) { entered.enter() }.message)
        entered.exit(null)
    }

    @Test
    fun outsideATaskIsRefused() {
        val l = newLoop()
        val cm = Timeout.after(l, 1.0)
        val e = assertThrows(IllegalStateException::class.java) { cm.enter() }
        assertEquals("Timeout should be used inside a task", e.message)
        l.close()
    }

    @Test
    fun outerTaskIsNotCancelledAfterAHandledTimeout() = runTest {
        val t = createTask {
            runCatching { timeout(0.001) { sleep(10.0) } }.exceptionOrNull()
        }
        assertInstanceOf(TimeoutError::class.java, t.await())
        assertFalse(t.cancelled())
    }
}
