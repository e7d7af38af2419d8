package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.loop.Clock
import io.asyncio4j.engine.loop.EventLoop
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CompletionStage

class AsyncLoopTest {
    private fun <T> run(block: (EventLoop) -> T): T {
        val loop = EventLoop(Clock.virtual())
        try {
            return block(loop)
        } finally {
            loop.close()
        }
    }

    @Test
    fun repeatAwaitsEachTurnOneIterationApart() = run { loop ->
        val order = ArrayList<String>()
        val task = loop.createTask(Coroutine<Void?> {
            Tasks.repeat(3) { i -> order.add("turn $i"); Tasks.sleep(0.0, null) }
        })
        loop.createTask(Coroutine<Void?> {
            Tasks.repeat(3) { i -> order.add("other $i"); Tasks.sleep(0.0, null) }
        })
        loop.runUntilComplete(task as CompletionStage<Void?>)
        assertEquals(listOf("turn 0", "other 0", "turn 1", "other 1", "turn 2", "other 2"), order)
    }

    @Test
    fun aMillionTurnsWithTimersStayFlat() = run { loop ->
        var count = 0
        val task = loop.createTask(Coroutine<Void?> {
            Tasks.loopWhile({ count < 1_000_000 }) { count++; Tasks.sleep(0.0, null) }
        })
        loop.runUntilComplete(task as CompletionStage<Void?>)
        assertEquals(1_000_000, count)
    }

    @Test
    fun cancellingTheTaskCancelsTheAwaitedFutureAndEndsTheLoop() = run { loop ->
        var turns = 0
        val task = loop.createTask(Coroutine<Void?> {
            Tasks.loopWhile({ true }) { turns++; Tasks.sleep(10.0, null) }
        })
        loop.runUntilComplete(loop.createTask(Coroutine<Void?> { Tasks.sleep(1.0, null) }) as CompletionStage<Void?>)
        assertTrue(task.cancel("stop"))
        assertThrows(CancelledError::class.java) { loop.runUntilComplete(task as CompletionStage<Void?>) }
        assertEquals(1, turns)
    }

    @Test
    fun aFailingBodyEndsTheLoopWithItsException() = run { loop ->
        val task = loop.createTask(Coroutine<Void?> {
            Tasks.repeat(5) { i -> if (i == 2L) throw IllegalArgumentException("boom $i") else Tasks.sleep(0.0, null) }
        })
        val e = assertThrows(IllegalArgumentException::class.java) { loop.runUntilComplete(task as CompletionStage<Void?>) }
        assertEquals("boom 2", e.message)
    }
}
