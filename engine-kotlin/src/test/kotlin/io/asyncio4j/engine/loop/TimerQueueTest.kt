package io.asyncio4j.engine.loop

import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.SplittableRandom
import java.util.TreeSet

/**
 * The timer queue (append buffer, 4-ary heap, sorted run) against a reference model (the timers sorted by
 * (when, sequence)): random deadlines with many ties, interleaved adds, bursts large enough to be sorted into the
 * run, polls, cancellations and compactions, from fixed seeds; and the run's edges one by one.
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

    /** The queue's order: deadlines by `<`/`==` (so -0.0 ties with 0.0), then the sequence. */
    private val queueOrder = Comparator<TimerHandle> { a, b ->
        val aw = a.`when`()
        val bw = b.`when`()
        when {
            aw < bw -> -1
            aw > bw -> 1
            else -> a.sequence.compareTo(b.sequence)
        }
    }

    private fun TimerQueue.drain(end: Double): List<TimerHandle> {
        val out = ArrayList<TimerHandle>()
        while (true) out.add(pollDue(end) ?: return out)
    }

    private fun randomDeadline(random: SplittableRandom): Double = when (random.nextInt(20)) {
        0 -> -0.0
        1 -> 0.0
        2 -> -3.5
        3 -> Double.POSITIVE_INFINITY
        4 -> random.nextDouble() * 40.0 // distinct
        else -> random.nextInt(40).toDouble() // few distinct deadlines: many ties, inside a burst and across parts
    }

    @Test
    fun pollsInOrderUnderRandomBurstsCancellationsAndPolls() {
        for (seed in 1L..3L) checkRandomBursts(seed)
    }

    private fun checkRandomBursts(seed: Long) {
        val random = SplittableRandom(seed)
        val queue = TimerQueue()
        val model = TreeSet(queueOrder) // every timer the queue still holds, cancelled ones included
        fun nextLive(): TimerHandle? = model.firstOrNull { !it.cancelled() }
        fun checkFirstDeadline() {
            val expected = nextLive()?.`when`()
            val got = queue.firstDeadline()
            // the same number, and the same zero: the queue reports the timer's own deadline
            assertEquals(expected?.toRawBits(), got?.toRawBits())
        }
        var newRuns = 0
        var merges = 0
        var burstsToHeap = 0
        var compactionsOfARun = 0
        var polled = 0
        repeat(6_000) {
            when (random.nextInt(20)) {
                in 0..5 -> {
                    val t = timer(randomDeadline(random))
                    queue.add(t)
                    model.add(t)
                }
                in 6..7 -> if (model.size < 6_000) {
                    checkFirstDeadline() // flushes: the run's length before the burst
                    val before = queue.runLength
                    val count = TimerQueue.SORT_MIN - 10 + random.nextInt(TimerQueue.SORT_MIN * 3)
                    val burst = List(count) { timer(randomDeadline(random)) }
                    // now and then added out of sequence order, which the sorted run cannot take
                    (if (random.nextInt(8) == 0) burst.asReversed() else burst).forEach { queue.add(it) }
                    model.addAll(burst)
                    // and some cancelled before the flush
                    repeat(random.nextInt(count / 4 + 1)) {
                        val t = burst[random.nextInt(count)]
                        if (!t.cancelled()) {
                            t.cancel()
                            queue.onCancelled()
                        }
                    }
                    checkFirstDeadline()
                    val after = queue.runLength
                    when {
                        after <= before -> burstsToHeap++
                        before == 0 -> newRuns++
                        else -> merges++
                    }
                }
                in 8..10 -> if (model.isNotEmpty()) {
                    // cancel a few timers anywhere: heap, run (also in its middle), buffer
                    val all = model.toList()
                    repeat(1 + random.nextInt(if (random.nextInt(10) == 0) all.size else 3)) {
                        val t = all[random.nextInt(all.size)]
                        if (!t.cancelled()) {
                            val runBefore = queue.runLength
                            val sizeBefore = queue.size
                            t.cancel()
                            queue.onCancelled()
                            if (queue.size < sizeBefore && runBefore > 0) compactionsOfARun++
                        }
                    }
                }
                else -> {
                    val end = if (random.nextInt(10) == 0) Double.POSITIVE_INFINITY else random.nextInt(45) - 2.0
                    val expected = model.filter { !it.cancelled() && it.`when`() < end }
                    val got: List<TimerHandle>
                    if (random.nextBoolean()) {
                        got = queue.drain(end) // as the loop does: every timer due by `end`
                        assertEquals(expected, got)
                    } else {
                        got = listOfNotNull(queue.pollDue(end))
                        assertEquals(expected.take(1), got)
                    }
                    for (t in got) {
                        assertFalse(t.scheduled)
                        model.remove(t)
                    }
                    polled += got.size
                    checkFirstDeadline()
                }
            }
            model.removeIf { it.cancelled() && !it.scheduled } // dropped by the queue (head, flush or compaction)
            assertTrue(model.all { it.scheduled }, "every timer the queue holds is marked scheduled")
            assertEquals(model.size, queue.size, "size: live + cancelled not yet dropped")
        }
        assertTrue(polled > 1000, "the run polled timers: $polled")
        assertTrue(newRuns > 0 && merges > 0 && burstsToHeap > 0, "bursts: $newRuns new runs, $merges merges, $burstsToHeap to the heap")
        assertTrue(compactionsOfARun > 0, "compactions with a run: $compactionsOfARun")
        val rest = queue.drain(Double.POSITIVE_INFINITY)
        assertEquals(model.filter { !it.cancelled() && it.`when`() < Double.POSITIVE_INFINITY }, rest)
        model.removeAll(rest.toSet())
        checkFirstDeadline() // +inf timers are never due
        model.removeIf { it.cancelled() && !it.scheduled }
        assertEquals(model.size, queue.size)
    }

    @Test
    fun aBurstIsSortedIntoTheRunWithTiesInSchedulingOrder() {
        val queue = TimerQueue()
        val deadlines = listOf(-0.0, 0.0, -3.5, 7.25, Double.POSITIVE_INFINITY, 1e300, -1e300)
        val burst = List(TimerQueue.SORT_MIN * 4) { i ->
            timer(if (i % 5 == 0) deadlines[(i / 5) % deadlines.size] else ((i * 7919) % 97 - 40).toDouble())
        }
        burst.forEach { queue.add(it) }
        assertEquals(-1e300, queue.firstDeadline())
        assertEquals(burst.size, queue.runLength, "the whole burst is in the run")
        val live = burst.filter { it.`when`() < Double.POSITIVE_INFINITY }
        assertEquals(live.sortedWith(queueOrder), queue.drain(Double.POSITIVE_INFINITY))
        assertEquals(Double.POSITIVE_INFINITY, queue.firstDeadline(), "+inf timers stay, never due")
        assertEquals(burst.size - live.size, queue.size)
    }

    @Test
    fun lateTimersEarlierThanTheRunAndTiesAcrossRunAndHeap() {
        val queue = TimerQueue()
        val older = timer(10.0) // before the burst: a smaller sequence than the run's 10.0 timers
        queue.add(older)
        assertEquals(10.0, queue.firstDeadline()) // flushed alone: to the heap
        val burst = List(TimerQueue.SORT_MIN) { i -> timer(10.0 + i % 3) }
        burst.forEach { queue.add(it) }
        assertEquals(10.0, queue.firstDeadline())
        assertEquals(burst.size, queue.runLength)
        val earlier = timer(5.0) // after the run was made, earlier than its head
        val tieLater = timer(10.0) // ties with the run's first deadline, larger sequence
        val due = timer(-1.0) // already due
        listOf(tieLater, earlier, due).forEach { queue.add(it) }
        assertEquals(burst.size, queue.runLength, "small adds go to the heap")
        assertEquals(-1.0, queue.firstDeadline())
        val expected = (burst + listOf(older, earlier, tieLater, due)).sortedWith(queueOrder)
        assertEquals(listOf(due, earlier, older), expected.take(3))
        assertEquals(tieLater, expected[3 + burst.count { it.`when`() == 10.0 }])
        assertEquals(expected, queue.drain(20.0))
        assertTrue(queue.isEmpty())
    }

    @Test
    fun aSecondBurstIsMergedIntoWhatIsLeftOfTheRun() {
        val queue = TimerQueue()
        val first = List(TimerQueue.SORT_MIN * 2) { i -> timer((i % 50).toDouble()) }
        first.forEach { queue.add(it) }
        val polled = queue.drain(10.0)
        assertEquals(first.filter { it.`when`() < 10.0 }.sortedWith(queueOrder), polled)
        val left = queue.runLength
        assertEquals(first.size - polled.size, left)
        val second = List(maxOf(TimerQueue.SORT_MIN, left / 2 + 1)) { i -> timer((i % 60).toDouble()) } // ties too
        second.forEach { queue.add(it) }
        assertEquals(0.0, queue.firstDeadline())
        assertEquals(left + second.size, queue.runLength, "merged into one run")
        assertEquals((first - polled.toSet() + second).sortedWith(queueOrder), queue.drain(100.0))
        assertTrue(queue.isEmpty())
    }

    @Test
    fun aSmallBurstBesideALongRunGoesToTheHeap() {
        val queue = TimerQueue()
        val run = List(TimerQueue.SORT_MIN * 8) { i -> timer(((i * 31) % 1000).toDouble()) }
        run.forEach { queue.add(it) }
        queue.firstDeadline()
        val small = List(TimerQueue.SORT_MIN) { i -> timer(((i * 17) % 1000).toDouble()) }
        small.forEach { queue.add(it) }
        queue.firstDeadline()
        assertEquals(run.size, queue.runLength, "not merged: merging would copy the whole run for a few timers")
        assertEquals((run + small).sortedWith(queueOrder), queue.drain(1000.0))
    }

    @Test
    fun aBurstOutOfSequenceOrderStillComesOutBySequence() {
        val queue = TimerQueue()
        val burst = List(TimerQueue.SORT_MIN * 2) { i -> timer((i % 7).toDouble()) }
        burst.asReversed().forEach { queue.add(it) }
        queue.firstDeadline()
        assertEquals(0, queue.runLength, "a stable sort would keep the reversed order for ties: heap instead")
        assertEquals(burst.sortedWith(queueOrder), queue.drain(10.0))
    }

    @Test
    fun cancellationsInsideTheRunAndItsCompaction() {
        val queue = TimerQueue()
        val burst = List(1000) { i -> timer(((i * 7919) % 1000).toDouble()) }
        burst.forEach { queue.add(it) }
        queue.firstDeadline()
        assertEquals(1000, queue.runLength)
        val byDeadline = burst.sortedWith(queueOrder)
        // cancel the head and timers in the middle of the run: the head is dropped lazily, the rest wait
        byDeadline[0].cancel()
        queue.onCancelled()
        assertEquals(1.0, queue.firstDeadline())
        assertFalse(byDeadline[0].scheduled)
        assertEquals(999, queue.size)
        val middle = byDeadline.subList(1, 999).filterIndexed { i, _ -> i % 4 != 0 }
        var compactedAt = -1
        middle.forEachIndexed { i, t ->
            val before = queue.size
            t.cancel()
            queue.onCancelled()
            if (queue.size < before) {
                assertEquals(-1, compactedAt, "compacted once")
                compactedAt = i
            }
        }
        // more than half of 999 cancelled: the 500th cancellation (the head's was the 1st, now dropped) rebuilds
        assertEquals(499, compactedAt)
        assertTrue(middle.take(500).all { !it.scheduled }, "compaction unmarks the dropped timers")
        assertTrue(middle.drop(500).all { it.scheduled }, "cancelled after the compaction: still held")
        assertEquals(999 - 500, queue.size)
        assertEquals(queue.size, queue.runLength, "the run was compacted in place, nothing went to the heap")
        assertEquals(byDeadline.filter { !it.cancelled() }, queue.drain(1000.0))
        assertTrue(queue.isEmpty())
        assertTrue(burst.none { it.scheduled })
    }
}
