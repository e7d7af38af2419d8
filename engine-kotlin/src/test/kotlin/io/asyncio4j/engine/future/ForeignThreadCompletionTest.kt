package io.asyncio4j.engine.future

import io.asyncio4j.engine.loop.EventLoop
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/**
 * Regression: a JDK mutator (`complete`, `cancel(boolean)`) called from a foreign thread while the loop is not
 * running yet used to act at once on that thread (every thread counted as "in" a stopped loop), adding the
 * callback handle to the loop's unsynchronised ready queue while another thread was starting the loop: the
 * callback was lost and run_until_complete hung (seen with CompletableFuture.completeOnTimeout).
 */
class ForeignThreadCompletionTest {
    @Test
    fun completeFromAForeignThreadBeforeTheLoopRunsIsDeliveredWhenItRuns() {
        val loop = EventLoop()
        try {
            val future = loop.createFuture<String>()
            val completer = Thread { assertTrue(future.complete("late")) }
            completer.start()
            completer.join()
            // The completion hopped through callSoonThreadsafe: nothing touched the loop's own queues yet.
            assertFalse(future.done())
            assertEquals("late", loop.runUntilComplete(future))
        } finally {
            loop.close()
        }
    }

    @Test
    fun cancelFromAForeignThreadBeforeTheLoopRunsIsDeliveredWhenItRuns() {
        val loop = EventLoop()
        try {
            val future = loop.createFuture<String>()
            val canceller = Thread { assertTrue(future.cancel(false)) }
            canceller.start()
            canceller.join()
            assertFalse(future.done())
            loop.runUntilComplete(loop.createFuture<Void?>().also { f -> loop.callSoon { f.setResult(null) } })
            assertTrue(future.cancelled())
        } finally {
            loop.close()
        }
    }

    @Test
    fun completionRacingWithTheLoopStartingIsNeverLost() {
        repeat(200) { i ->
            val loop = EventLoop()
            try {
                val future = loop.createFuture<Int>()
                val go = CountDownLatch(1)
                val completer = Thread {
                    go.await()
                    future.complete(i)
                }
                completer.start()
                var result: Int? = null
                val runner = Thread {
                    go.countDown()
                    result = loop.runUntilComplete(future)
                }
                runner.start()
                runner.join(TimeUnit.SECONDS.toMillis(10))
                val hung = runner.isAlive
                if (hung) loop.stop()
                completer.join()
                runner.join()
                assertFalse(hung, "run_until_complete hung in round $i")
                assertEquals(i, result)
            } finally {
                loop.close()
            }
        }
    }

    @Test
    fun theThreadThatCreatedTheLoopStillCompletesAtOnce() {
        val loop = EventLoop()
        try {
            val future = loop.createFuture<String>()
            assertTrue(future.complete("now"))
            assertTrue(future.done())
            assertEquals("now", loop.runUntilComplete(future))
        } finally {
            loop.close()
        }
    }
}
