package io.asyncio4j.engine.sync

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.gather
import io.asyncio4j.engine.task.gatherReturnExceptions
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.task.timeout
import io.asyncio4j.engine.task.waitFor
import io.asyncio4j.engine.task.coroutine
import io.asyncio4j.engine.task.Waiting
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Corner cases of CPython's test_locks.py (Condition, Semaphore) ported as virtual-time tests. */
class LocksCpythonCasesTest : TestBase() {
    @Test
    fun cancelledErrorWakeup() = runTest {
        var raised: Throwable? = null
        val cond = Condition()
        val task = createTask<Unit> {
            cond.withLock {}
            cond.acquire()
            try {
                try { cond.waitFor { false } } catch (e: CancelledError) { raised = e; throw e }
            } finally { cond.release() }
        }
        sleep(0.0)
        task.cancel("foo")
        val e = runCatching { task.await() }.exceptionOrNull()
        assertInstanceOf(CancelledError::class.java, e)
        assertEquals("foo", e!!.message)
        assertSame(raised, e)
    }

    @Test
    fun cancelledErrorReacquire() = runTest {
        var raised: Throwable? = null
        var wake = false
        val cond = Condition()
        val task = createTask<Unit> {
            cond.acquire()
            try {
                try { cond.waitFor { wake } } catch (e: CancelledError) { raised = e; throw e }
            } finally { cond.release() }
        }
        sleep(0.0)
        cond.acquire()
        wake = true
        cond.notify(1)
        sleep(0.0)
        task.cancel("foo")
        cond.release()
        val e = runCatching { task.await() }.exceptionOrNull()
        assertInstanceOf(CancelledError::class.java, e)
        assertEquals("foo", e!!.message)
        assertSame(raised, e)
    }

    private suspend fun cancelledWakeup(relock: Boolean) {
        val condition = Condition()
        var state = 0
        val c = (0 until 2).map {
            createTask {
                condition.withLock {}
                condition.acquire()
                try {
                    while (true) {
                        condition.waitFor { state != 0 }
                        if (state < 0) return@createTask
                        state -= 1
                    }
                } finally { condition.release() }
            }
        }
        sleep(0.0)
        condition.acquire()
        try {
            state += 1
            condition.notify(1)
            if (relock) sleep(0.0)
            c[0].cancel()
            try {
                timeout(0.01) { condition.waitFor { state == 0 } }
            } catch (e: TimeoutError) {
            }
            assertEquals(0, state)
            state = -1
            condition.notifyAllWaiters()
        } finally { condition.release() }
        c[1].await()
    }

    @Test fun cancelledWakeup() = runTest { cancelledWakeup(false) }
    @Test fun cancelledWakeupRelock() = runTest { cancelledWakeup(true) }

    @Test
    fun timeoutInBlock() = runTest {
        val condition = Condition()
        condition.acquire()
        val e = runCatching { waitFor(0.5) { condition.wait() } }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
        assertTrue(condition.locked())
        condition.release()
    }

    @Test
    fun semAcquire() = runTest {
        val sem = Semaphore(3)
        val result = ArrayList<Int>()
        sem.acquire(); sem.acquire()
        assertFalse(sem.locked())
        val t = (1..3).map { i -> createTask { sem.acquire(); result += i; true } }
        sleep(0.0)
        assertEquals(listOf(1), result)
        assertTrue(sem.locked())
        val t4 = createTask { sem.acquire(); result += 4; true }
        sem.release(); sem.release()
        sleep(0.0)
        assertEquals(3, result.size)
        assertTrue(sem.locked())
        assertTrue(t[0].done())
        assertEquals(2, listOf(t[1], t[2], t4).count { it.done() })
        sem.release()
        gather(t[1], t[2], t4)
    }

    @Test
    fun semAcquireNoHang() = runTest {
        val sem = Semaphore(1)
        var t2: io.asyncio4j.engine.task.Task<Unit>? = null
        val t1 = createTask { sem.acquire(); try { sleep(0.0) } finally { sem.release() }; t2!!.cancel(); Unit }
        t2 = createTask { sem.acquire(); try { expectUnreached() } finally { sem.release() } }
        val r = gatherReturnExceptions(t1, t2!!)
        assertInstanceOf(CancelledError::class.java, r[1].exceptionOrNull())
        waitFor(1.0) { sem.acquire() }
    }

    @Test
    fun semFifo4() = runTest {
        val sem = Semaphore(0)
        val result = ArrayList<Int>()
        var t4: io.asyncio4j.engine.task.Task<Boolean>? = null
        val t1 = createTask {
            assertEquals(0, sem.valueForTest())
            sem.acquire()
            assertEquals(0, sem.valueForTest())
            t4 = createTask { result += 4; true }
            result += 1; true
        }
        val t2 = createTask {
            sem.release(); sem.release(); sem.release()
            assertEquals(2, sem.valueForTest())
            assertTrue(sem.locked())
            sem.acquire(); result += 2; true
        }
        val t3 = createTask { sem.acquire(); assertTrue(sem.locked()); result += 3; true }
        sleep(0.0)
        assertEquals(2, sem.valueForTest())
        sleep(0.0)
        gather(t1, t2, t3, t4!!)
        assertEquals(listOf(1, 2, 3, 4), result)
    }

    private fun Semaphore.valueForTest(): Int =
        Semaphore::class.java.getDeclaredField("value").also { it.isAccessible = true }.getInt(this)

    /** test_filling_tasks_cancel_one: a cancelled party leaves the barrier; three others still trip it. */
    @Test
    fun barrierFillingTaskCancelled() = runTest {
        val barrier = Barrier(3)
        var results = 0
        val coro: suspend () -> Unit = { barrier.wait(); results++ }
        val t1 = createTask(block = coro)
        sleep(0.0)
        assertEquals(1, barrier.nWaiting())
        val t2 = createTask(block = coro)
        sleep(0.0)
        assertEquals(2, barrier.nWaiting())
        t1.cancel()
        sleep(0.0)
        assertEquals(1, barrier.nWaiting())
        assertInstanceOf(CancelledError::class.java, runCatching { t1.await() }.exceptionOrNull())
        assertTrue(t1.cancelled())
        val t3 = createTask(block = coro)
        sleep(0.0)
        assertEquals(2, barrier.nWaiting())
        val t4 = createTask(block = coro)
        gather(t2, t3, t4)
        assertEquals(3, results)
        assertEquals(0, barrier.nWaiting())
        assertFalse(barrier.broken())
    }

    /** reset() while parties wait breaks them with BrokenBarrierError; the barrier is usable again afterwards. */
    @Test
    fun barrierResetWhileWaiting() = runTest {
        val b = Barrier(3)
        val w: suspend () -> Any = {
            try {
                b.wait()
            } catch (e: io.asyncio4j.engine.exceptions.BrokenBarrierError) {
                "broken"
            }
        }
        val first = (0 until 2).map { createTask(block = w) }
        sleep(0.0)
        b.reset()
        assertEquals(listOf<Any>("broken", "broken"), gather(*first.toTypedArray()))
        assertEquals(0, b.nWaiting())
        assertFalse(b.broken())
        val again = (0 until 3).map { createTask(block = w) }
        assertEquals(setOf<Any>(0, 1, 2), gather(*again.toTypedArray()).toSet())
    }
}
