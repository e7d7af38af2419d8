package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.testkit.TestBase
import kotlinx.coroutines.delay
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletableFuture

/** The Kotlin suspend API on the same loop as Java chains (ordering as in CPython, written as expect steps). */
class KotlinTaskTest : TestBase() {

    @Test
    fun createTaskAwaitAndSleep() = runTest {
        expect(1)
        val t = createTask(name = "kt") {
            expect(3)
            sleep(1.0)
            expect(5)
            42
        }
        assertEquals("kt", t.getName())
        expect(2)
        sleep(0.0) // t's first step runs in this iteration, before we resume
        expect(4)
        assertEquals(42, t.await())
        assertEquals(1.0, loop.time())
        assertEquals(7, sleep(2.0, 7))
        assertEquals(3.0, loop.time())
        finish(6)
    }

    @Test
    fun cancellingATaskInKotlinxDelayRaisesCancelledErrorThereAndTheTaskMayCarryOn() = runTest {
        val start = loop.time()
        val t = createTask {
            expect(2)
            try {
                delay(3_600_000)
                throw AssertionError("delay() was not interrupted")
            } catch (e: CancelledError) {
                expect(4)
                assertEquals("stop", e.message)
            }
            delay(1000) // not sticky: the task can suspend again
            expect(5)
            "carried on"
        }
        expect(1)
        sleep(1.0)
        expect(3)
        assertTrue(t.cancel("stop"))
        assertEquals("carried on", t.await())
        assertEquals(2.0, loop.time() - start, 1e-9) // no hour-long timer was waited for
        assertEquals(0, loop.timerCount())
        finish(6)
    }

    @Test
    fun sleepZeroAlternatesTwoTasksStrictly() = runTest {
        val a = createTask {
            for (i in 0 until 3) {
                expect(1 + 2 * i)
                sleep(0.0)
            }
        }
        val b = createTask {
            for (i in 0 until 3) {
                expect(2 + 2 * i)
                sleep(0.0)
            }
        }
        gather(a, b)
        finish(7)
    }

    @Test
    fun gatherKeepsArgumentOrder() = runTest {
        val r = gather(
            { sleep(3.0); "a" },
            { sleep(1.0); "b" },
            { sleep(2.0); "c" },
        )
        assertEquals(listOf("a", "b", "c"), r)
        assertEquals(3.0, loop.time())
        val f1 = createTask { sleep(2.0, 1) }
        val f2 = createTask { sleep(1.0, 2) }
        assertEquals(listOf(1, 2), gather(f1, f2))
    }

    /*
     * gatherReturnExceptions is gather(..., return_exceptions=True) with a typed list. python3 3.11:
     *
     *   async def boom(): await asyncio.sleep(1); raise ValueError("bad")
     *   async def long(): await asyncio.sleep(10); return 0
     *   async def five(): return 5
     *   f, c, v = asyncio.create_task(boom()), asyncio.create_task(long()), asyncio.create_task(five())
     *   asyncio.get_running_loop().call_later(0.5, c.cancel, "stop")
     *   print(await asyncio.gather(f, c, v, return_exceptions=True))
     *   # [ValueError('bad'), CancelledError(''), 5]
     * (CancelledError(''): Task.__step ends a cancelled task with super().cancel(), without the message, and
     * gather reads that message.)
     */
    @Test
    fun gatherReturnExceptionsGivesTypedResults() = runTest {
        val failure = IllegalStateException("bad")
        val failing = createTask<Int> { sleep(1.0); throw failure }
        val cancelled = createTask { sleep(10.0); 0 }
        val fine = createTask { 5 }
        loop.callLater(0.5) { cancelled.cancel("stop") }
        val r: List<Result<Int>> = gatherReturnExceptions(failing, cancelled, fine)
        assertEquals(3, r.size)
        assertSame(failure, r[0].exceptionOrNull())
        val cancelError = r[1].exceptionOrNull()
        assertTrue(cancelError is CancelledError, "cancelled child: $cancelError")
        assertEquals("", cancelError!!.message)
        assertEquals(5, r[2].getOrThrow())
        assertEquals(1.0, loop.time(), "a failing child does not end the gather early")

        // The child's state decides, not the value's type: a Throwable *result* is a success.
        val value = IllegalArgumentException("a result, not a failure")
        val returnsThrowable = createTask<Throwable> { value }
        val r2 = gatherReturnExceptions(returnsThrowable, returnsThrowable)
        assertEquals(listOf(Result.success<Throwable>(value), Result.success<Throwable>(value)), r2)

        val r3 = gatherReturnExceptions({ sleep(1.0); "a" }, { throw failure })
        assertEquals("a", r3[0].getOrThrow())
        assertSame(failure, r3[1].exceptionOrNull())
    }

    /*
     * python3 3.11: the first result() of a task cancelled with a message raises the CancelledError its coroutine
     * ended with; later calls raise a new bare one (_make_cancelled_error hands the saved one out once):
     *
     *   t = asyncio.create_task(asyncio.sleep(10)); await asyncio.sleep(0); t.cancel("stop")
     *   await asyncio.sleep(0); await asyncio.sleep(0)
     *   for i in range(3): t.result()  ->  CancelledError('stop'), CancelledError(), CancelledError()
     */
    @Test
    fun aCancelledTaskHandsOutItsOwnCancelledErrorOnceThenBareOnes() = runTest {
        val t = createTask { sleep(10.0) }
        sleep(0.0)
        t.cancel("stop")
        sleep(0.0)
        sleep(0.0)
        val messages = (1..3).map { assertThrows(CancelledError::class.java) { t.result() }.message }
        assertEquals(listOf("stop", null, null), messages)

        // async def w(): return await asyncio.gather(u)   ->  await w() raises CancelledError('halt')
        val u = createTask { sleep(10.0) }
        sleep(0.0)
        val w = createTask { gather(u) }
        sleep(0.0)
        u.cancel("halt")
        val e = try {
            w.await()
            null
        } catch (x: CancelledError) {
            x
        }
        assertEquals("halt", e?.message, "gather raises the child's own CancelledError")
    }

    @Test
    fun cancellingGatherReturnExceptionsStillRaisesCancelledError() = runTest {
        // python3 3.11: a task awaiting gather(child, return_exceptions=True) is cancelled -> the child is
        // cancelled and the task ends with CancelledError, not a list (Python issue 32684).
        val child = createTask { sleep(10.0); 1 }
        val waiter = createTask { gatherReturnExceptions(child) }
        sleep(1.0)
        waiter.cancel()
        val outcome = try {
            waiter.await()
        } catch (e: CancelledError) {
            e
        }
        assertTrue(outcome is CancelledError, "waiter ended with $outcome")
        assertTrue(child.cancelled())
        assertTrue(waiter.cancelled())
    }

    @Test
    fun kotlinGatherHasNoUntypedReturnExceptionsFlag() {
        // gather(..., returnExceptions = true) typed List<T> held Throwables; the flag must not come back.
        val gathers = Class.forName("io.asyncio4j.engine.task.KotlinTasksKt").methods.filter { it.name == "gather" }
        assertEquals(2, gathers.size)
        for (m in gathers) {
            assertFalse(m.parameterTypes.contains(Boolean::class.javaPrimitiveType), m.toString())
        }
    }

    @Test
    fun kotlinTaskAwaitsAJavaTaskAndAJavaChainAwaitsAKotlinTask() = runTest {
        val javaTask = loop.createTask(Coroutine { Tasks.sleep(1.0, "java").thenApply { expect(1); "$it!" } })
        val kotlinTask = createTask {
            val fromJava = javaTask.await()
            expect(2)
            sleep(1.0)
            "$fromJava kotlin"
        }
        val javaChain = loop.createTask(Coroutine {
            kotlinTask.thenApply { v ->
                expect(3)
                assertSame(Events.getRunningLoop(), loop)
                "$v chained"
            }
        })
        assertEquals("java! kotlin chained", javaChain.await())
        assertEquals(2.0, loop.time())
        finish(4)
    }

    @Test
    fun kotlinTaskCatchingCancelledErrorContinues() = runTest {
        val t = createTask {
            try {
                sleep(10.0)
                throw AssertionError("delay() was not interrupted")
            } catch (e: CancelledError) {
                expect(3)
                assertEquals("please", e.message)
            }
            sleep(1.0) // awaits again after swallowing the cancellation (not kotlinx's sticky cancellation)
            expect(4)
            "recovered"
        }
        expect(1)
        sleep(0.0)
        t.cancel("please")
        expect(2)
        assertEquals("recovered", t.await())
        assertFalse(t.cancelled())
        assertEquals(1, t.cancelling())
        assertEquals(1.0, loop.time())
        finish(5)
    }

    @Test
    fun cancelledKotlinTaskRaisesCancelledErrorWithItsMessageInTheAwaiter() = runTest {
        val t = createTask {
            try {
                sleep(10.0)
            } finally {
                expect(2) // cleanup runs
            }
        }
        sleep(0.0)
        expect(1)
        t.cancel("why")
        try {
            t.await()
            expectUnreached()
        } catch (e: CancelledError) {
            expect(3)
            assertEquals("why", e.message)
        }
        assertTrue(t.cancelled())
        finish(4)
    }

    @Test
    fun currentTaskInsideKotlinTasks() = runTest {
        val outer = currentTask()
        assertTrue(outer != null)
        val t = createTask {
            val me = currentTask()
            sleep(1.0)
            assertSame(me, currentTask())
            me
        }
        assertSame(t, t.await())
        assertSame(outer, currentTask())
        loop.callSoon { assertNull(loop.currentTask()) }
        sleep(0.0)
    }

    @Test
    fun kotlinxDelayRunsOnTheLoopsVirtualClock() = runTest {
        val t0 = loop.time()
        val sleeper = createTask {
            sleep(1.5)
            expect(3)
        }
        val delayer = createTask {
            expect(1)
            delay(1_000)
            expect(2)
            assertEquals(t0 + 1.0, loop.time())
            assertSame(loop, Events.getRunningLoop(), "resumed on the loop thread")
            delay(3_600_000)
            expect(4)
        }
        gather(sleeper, delayer)
        assertEquals(t0 + 3601.0, loop.time())
        finish(5)
    }

    @Test
    fun eagerKotlinTaskCompletesInsideCreateTask() = runTest {
        loop.setTaskFactory(TaskFactory.EAGER)
        try {
            expect(1)
            val t = createTask {
                expect(2)
                "now"
            }
            expect(3)
            assertTrue(t.done())
            assertEquals("now", t.result())
        } finally {
            loop.setTaskFactory(null)
        }
        finish(4)
    }

    @Test
    fun runAsyncioRunsAKotlinBlockOnANewLoop() {
        expect(1)
        val r = runAsyncio {
            expect(2)
            sleep(0.0, CompletableFuture.completedFuture(5)).get()
        }
        assertEquals(5, r)
        finish(3)
    }

    @Test
    fun cancelDuringSleepZeroArrivesAtTheIterationTheYieldScheduled() = runTest {
        // CPython: the cancellation of a task in a bare yield is thrown in at the step the yield scheduled.
        lateinit var a: Task<Unit>
        a = createTask {
            expect(1)
            loop.callSoon {
                expect(4)
                assertTrue(a.cancel())
            }
            loop.callSoon { expect(5) }
            try {
                sleep(0.0)
                expectUnreached()
            } catch (e: CancelledError) {
                expect(6)
                throw e
            }
        }
        loop.callSoon { expect(2) }
        sleep(0.0)
        expect(3)
        sleep(0.0)
        expect(7)
        assertTrue(a.cancelled())
        finish(8)
    }
}
