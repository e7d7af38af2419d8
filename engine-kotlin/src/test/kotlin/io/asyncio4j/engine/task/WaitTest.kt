package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** asyncio.wait (tasks.py `_wait`), in virtual time. */
class WaitTest : TestBase() {

    @Test
    fun firstCompletedReturnsAfterTheFirstAndCancelsNothing() = runTest {
        val a = createTask { sleep(0.1); "a" }
        val b = createTask { sleep(0.2); "b" }
        val r = wait(listOf(a, b), returnWhen = ReturnWhen.FIRST_COMPLETED)
        assertEquals(setOf(a), r.done())
        assertEquals(setOf(b), r.pending())
        assertEquals(0.1, loop.time(), 1e-9)
        assertFalse(b.cancelled())
        assertEquals("b", b.await())
    }

    @Test
    fun timeoutReturnsThePendingSetWithoutRaising() = runTest {
        val a = createTask { sleep(0.1); "a" }
        val b = createTask { sleep(1.0); "b" }
        val r = wait(listOf(a, b), timeout = 0.5)
        assertEquals(setOf(a), r.done())
        assertEquals(setOf(b), r.pending())
        assertEquals(0.5, loop.time(), 1e-9)
        assertFalse(b.done())
        assertEquals(1, loop.timerCount()) // b's sleep; wait's own timer is gone
        b.cancel()
    }

    @Test
    fun firstExceptionWaitsForAFailureAndIgnoresCancellation() = runTest {
        val ok = createTask { sleep(0.1); 1 }
        val cancelled = createTask { sleep(0.2); 2 }
        val bad = createTask<Int> { sleep(0.3); throw IllegalArgumentException("bad") }
        val slow = createTask { sleep(1.0); 4 }
        createTask { sleep(0.15); cancelled.cancel() }
        val r = wait(listOf(ok, cancelled, bad, slow), returnWhen = ReturnWhen.FIRST_EXCEPTION)
        assertEquals(0.3, loop.time(), 1e-9)
        assertEquals(setOf(ok, cancelled, bad), r.done())
        assertEquals(setOf(slow), r.pending())
        slow.cancel()
    }

    @Test
    fun firstExceptionWithoutFailureIsAllCompleted() = runTest {
        val a = createTask { sleep(0.1); 1 }
        val b = createTask { sleep(0.2); 2 }
        val r = wait(listOf(a, b), returnWhen = ReturnWhen.FIRST_EXCEPTION)
        assertEquals(setOf(a, b), r.done())
        assertEquals(0.2, loop.time(), 1e-9)
    }

    @Test
    fun theWaiterResumesOneIterationAfterTheDoneCallback() = runTest {
        val f = loop.createFuture<Int>()
        val waiter = createTask {
            expect(2)
            val r = wait(listOf(f))
            expect(5)
            r
        }
        expect(1)
        sleep(0.0)
        expect(3)
        f.setResult(1)
        loop.callSoon { expect(4) } // runs in the iteration of wait's done-callback, before the waiter resumes
        assertEquals(setOf(f), waiter.await().done())
        finish(6)
    }

    @Test
    fun duplicatesCountOnce() = runTest {
        val a = createTask { sleep(0.1); 1 }
        val r = wait(listOf(a, a, a))
        assertEquals(setOf(a), r.done())
    }

    @Test
    fun badArgumentsAreRejected() = runTest {
        val empty = assertThrows(IllegalArgumentException::class.java) { waitOn<Int>(loop, emptyList<Any>(), null, ReturnWhen.ALL_COMPLETED) }
        assertEquals("Set of Tasks/Futures is empty.", empty.message)
        val coro = assertThrows(IllegalArgumentException::class.java) {
            waitOn<Int>(loop, listOf(Coroutine { sleepOn(loop, 0.0, 1) }), null, ReturnWhen.ALL_COMPLETED)
        }
        assertEquals("Passing coroutines is forbidden, use tasks explicitly.", coro.message)
        assertThrows(IllegalArgumentException::class.java) { waitOn<Int>(loop, listOf("x"), null, ReturnWhen.ALL_COMPLETED) }
    }

    @Test
    fun cancellingTheWaitingTaskLeavesTheFuturesAndDropsTheTimer() = runTest {
        val f = loop.createFuture<Int>()
        val waiter = createTask { wait(listOf(f), timeout = 10.0) }
        sleep(0.0)
        assertEquals(1, loop.timerCount())
        waiter.cancel()
        sleep(0.0)
        sleep(0.0)
        assertTrue(waiter.cancelled())
        assertFalse(f.done())
        assertEquals(0, loop.timerCount())
        f.setResult(1) // no callback of the cancelled wait is left to fire
        sleep(0.0)
    }
}
