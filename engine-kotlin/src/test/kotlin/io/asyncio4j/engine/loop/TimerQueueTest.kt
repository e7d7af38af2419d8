package io.asyncio4j.engine.loop

import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.SplittableRandom

/**
 * The 4-ary timer heap against a reference model (a list sorted by (when, sequence)): random deadlines with
 * many ties, interleaved adds, polls, cancellations and compactions, from a fixed seed.
 */
class TimerQueueTest {
    private val loop = EventLoop(Clock.virtual())
    private var sequence = 0L

    @AfterEach
    fun closeLoop() = loop.close()

    private fun timer(at: Double) = TimerHandle(at, Runnable {}, loop, null, sequence++)

    /** Reference: the live timers in the order they must come out. */
    private fun MutableList<TimerHandle>.nextLive(): TimerHandle? =
        filter { !it.cancelled() }.minWithOrNull(compareBy<TimerHandle>({ it.`when`() }, { it.sequence }))

    @Test
    fun pollsInDeadlineThenSchedulingOrderUnderRandomOperations() {
        val random = SplittableRandom(7)
        val queue = TimerQueue()
        val model = ArrayList<TimerHandle>()
        var polled = 0
        repeat(20_000) {
            when (random.nextInt(10)) {
                in 0..4 -> {
                    // few distinct deadlines: ties are common, so the sequence decides often
                    val t = timer(random.nextInt(50).toDouble())
                    queue.add(t)
                    model.add(t)
                }
                in 5..6 -> if (model.isNotEmpty()) {
                    val t = model[random.nextInt(model.size)]
                    if (!t.cancelled()) {
                        t.cancel() // the loop's own heap is not involved: tell this queue, as the loop would
                        queue.onCancelled()
                    }
                }
                else -> {
                    val end = random.nextInt(55).toDouble()
                    val expected = model.nextLive()?.takeIf { it.`when`() < end }
                    val got = queue.pollDue(end)
                    assertEquals(expected, got)
                    if (got != null) {
                        assertFalse(got.scheduled)
                        model.remove(got)
                        polled++
                    }
                    assertEquals(model.nextLive()?.`when`(), queue.firstDeadline())
                }
            }
            model.removeIf { it.cancelled() && !it.scheduled } // dropped by the queue (head or compaction)
            assertTrue(queue.size >= model.count { !it.cancelled() })
            assertEquals(model.size, queue.size, "heap size: live + cancelled not yet dropped")
        }
        assertTrue(polled > 1000, "the run polled timers: $polled")
        while (true) {
            val expected = model.nextLive()
            assertEquals(expected, queue.pollDue(Double.POSITIVE_INFINITY))
            if (expected == null) break
            model.remove(expected)
        }
        assertTrue(queue.isEmpty())
    }

    @Test
    fun compactionKeepsOrderAndClearsScheduledFlags() {
        val queue = TimerQueue()
        val timers = (0 until 1000).map { i -> timer(((i * 7919) % 1000).toDouble()).also { queue.add(it) } }
        val cancelled = timers.filterIndexed { i, _ -> i % 3 != 0 }
        for (t in cancelled) {
            t.cancel()
            queue.onCancelled()
        }
        assertTrue(queue.size < 1000, "compacted: ${queue.size}")
        // the 501st cancellation of 1000 triggered the rebuild (more than half); later ones wait for the next
        assertTrue(cancelled.take(501).all { !it.scheduled }, "compaction unmarks the dropped timers")
        assertTrue(cancelled.drop(501).all { it.scheduled }, "cancelled after the rebuild: still in the heap")
        var last = Double.NEGATIVE_INFINITY
        var count = 0
        while (true) {
            val t = queue.pollDue(Double.POSITIVE_INFINITY) ?: break
            assertFalse(t.cancelled())
            assertTrue(t.`when`() >= last)
            last = t.`when`()
            count++
        }
        assertEquals(timers.count { !it.cancelled() }, count)
        assertNull(queue.firstDeadline())
    }

    @Test
    fun equalDeadlinesComeOutInSchedulingOrderAndZeroSignsTie() {
        val queue = TimerQueue()
        val a = timer(0.0)
        val b = timer(-0.0)
        val c = timer(0.0)
        val d = timer(-1.0)
        listOf(c, a, d, b).forEach { queue.add(it) }
        assertEquals(listOf(d, a, b, c), List(4) { queue.pollDue(1.0) })
    }
}
