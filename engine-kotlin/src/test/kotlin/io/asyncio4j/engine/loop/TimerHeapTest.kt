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

/** The timer heap: cancelled timers never run and do not pile up; cancelling a sleeper removes its timer. */
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
}
