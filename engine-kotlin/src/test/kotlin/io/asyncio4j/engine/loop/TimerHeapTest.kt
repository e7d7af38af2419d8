package io.asyncio4j.engine.loop

import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.task.Coroutine
import io.asyncio4j.engine.task.Tasks
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * The timer heap: cancelled timers never run and do not pile up; cancelling a sleeper removes its timer; a burst
 * of timers (the queue's sorted run) runs in deadline order, ties in scheduling order, with timers that its
 * callbacks schedule.
 */
class TimerHeapTest : TestBase() {

    @Test
    fun cancelledTimersAreCompactedAway() = runTest {
        expect(1)
        val timers = (1..300).map { i -> loop.callLater(10.0 + i) { expectUnreached() } }
        assertEquals(300, loop.timerCount())
        // cancel from the far end so the heap's head stays live: only compaction can shrink the heap
        timers.asReversed().take(200).forEach { it.cancel() }
        // asyncio's rule: rebuilt once more than half of more than 100 timers are cancelled
        assertTrue(loop.timerCount() <= 150, "heap size after cancelling 200 of 300: ${loop.timerCount()}")
        timers.take(100).forEach { it.cancel() }
        sleep(0.0) // one iteration: cancelled timers at the head are dropped
        assertEquals(0, loop.timerCount())
        sleep(1000.0)
        finish(2)
    }

    @Test
    fun cancellingASleepingKotlinTaskRemovesItsTimer() = runTest {
        val t = createTask {
            expect(2)
            sleep(3600.0)
            expectUnreached()
        }
        expect(1)
        sleep(0.0)
        assertEquals(1, loop.timerCount())
        t.cancel()
        expect(3)
        sleep(0.0)
        sleep(0.0)
        assertTrue(t.cancelled())
        assertEquals(0, loop.timerCount(), "no orphaned sleep timer")
        assertEquals(0.0, loop.time(), "virtual time never jumped to the cancelled timer")
        finish(4)
    }

    @Test
    fun cancellingAJavaTaskAwaitingSleepRemovesItsTimer() = runTest {
        val t = loop.createTask(Coroutine { Tasks.sleep(3600.0, "x").thenApply { it + "!" } })
        sleep(0.0)
        expect(1)
        assertEquals(1, loop.timerCount())
        t.cancel("stop")
        sleep(0.0)
        assertEquals(0, loop.timerCount())
        sleep(0.0)
        assertTrue(t.cancelled())
        try {
            t.await()
            expectUnreached()
        } catch (e: io.asyncio4j.engine.exceptions.CancelledError) {
            assertEquals("stop", e.message)
        }
        finish(2)
    }

    @Test
    fun aBurstOfTimersRunsInDeadlineThenSchedulingOrderWithTimersAddedByCallbacks() = runTest {
        val scheduled = ArrayList<Pair<TimerHandle, Int>>() // (timer, scheduling index)
        val fired = ArrayList<Pair<Double, Int>>() // (when, scheduling index), in the order they ran
        fun schedule(delay: Double, spawns: Boolean) {
            val index = scheduled.size
            lateinit var timer: TimerHandle
            timer = loop.callLater(delay) {
                fired.add(timer.`when`() to index)
                // from inside a callback: due now (ties with the timers still to run at this deadline) or later
                if (spawns && index % 3 == 0) schedule(((index * 13) % 5).toDouble(), spawns = false)
            }
            scheduled.add(timer to index)
        }
        // one burst, large enough to be sorted into the run; few distinct delays, some already due (negative)
        repeat(3 * TimerQueue.SORT_MIN) { i -> schedule(((i * 7) % 11 - 2).toDouble(), spawns = true) }
        scheduled.filter { it.second % 4 == 1 }.forEach { it.first.cancel() } // inside the run, not its head only
        sleep(100.0)
        val expected = scheduled.filter { !it.first.cancelled() }
            .sortedWith(compareBy({ it.first.`when`() }, { it.second }))
            .map { it.first.`when`() to it.second }
        assertTrue(expected.size > 3 * TimerQueue.SORT_MIN * 3 / 4, "spawned timers ran too: ${expected.size}")
        assertEquals(expected, fired)
        assertEquals(0, loop.timerCount())
    }
}
