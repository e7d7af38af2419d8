package io.asyncio4j.engine.loop

/**
 * The loop's timer heap (asyncio's `_scheduled`): a min-heap of [TimerHandle] ordered by (when, sequence),
 * with lazy deletion. A cancelled timer stays in the heap until it reaches the top, or until more than half of
 * the heap is cancelled timers, when the heap is rebuilt without them (asyncio's rule:
 * _MIN_SCHEDULED_TIMER_HANDLES = 100, _MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5).
 * Loop thread only.
 *
 * Layout, for speed with many timers: a 4-ary heap whose keys live in primitive arrays beside the handles
 * ([whens], [seqs]). Sifting compares only those arrays, so it never dereferences a handle: with a binary
 * `PriorityQueue<TimerHandle>` a million timers spent 80% of their time in cache misses inside compareTo
 * (two scattered objects per comparison, ~40 comparisons per poll). The four children of a slot are adjacent,
 * so one cache line holds their deadlines, and the heap is half as deep.
 *
 * Invariant: for every slot i > 0, key(parent(i)) <= key(i), where key(i) = (whens[i], seqs[i]) compared
 * lexicographically and parent(i) = (i - 1) / 4. Slots [0, size) are filled; [items] beyond size are null.
 * Deadlines are never NaN (callAt checks), so `<` on doubles is a total order here; -0.0 and 0.0 compare
 * equal and fall back to the sequence, as Python's float comparison does.
 */
internal class TimerQueue {
    private var items = arrayOfNulls<TimerHandle>(INITIAL_CAPACITY)
    private var whens = DoubleArray(INITIAL_CAPACITY)
    private var seqs = LongArray(INITIAL_CAPACITY)
    private var cancelledCount = 0

    var size: Int = 0
        private set

    fun isEmpty(): Boolean = size == 0

    fun add(timer: TimerHandle) {
        timer.scheduled = true
        if (size == items.size) grow()
        siftUp(size, timer, timer.`when`(), timer.sequence)
        size++
    }

    fun onCancelled() {
        cancelledCount++
        if (size > MIN_SCHEDULED && cancelledCount > size * CANCELLED_FRACTION) compact()
    }

    /** Deadline of the first live timer, or null if there is none. Drops cancelled timers at the head. */
    fun firstDeadline(): Double? {
        dropCancelledHead()
        return if (size == 0) null else whens[0]
    }

    /** Removes and returns the first live timer if it is due before [end], else null. */
    fun pollDue(end: Double): TimerHandle? {
        dropCancelledHead()
        if (size == 0 || whens[0] >= end) return null
        val head = removeHead()
        head.scheduled = false
        return head
    }

    fun clear() {
        for (i in 0 until size) {
            items[i]!!.scheduled = false
            items[i] = null
        }
        size = 0
        cancelledCount = 0
    }

    private fun dropCancelledHead() {
        while (size > 0) {
            val head = items[0]!!
            if (!head.cancelled()) return
            removeHead()
            head.scheduled = false
            if (cancelledCount > 0) cancelledCount--
        }
    }

    /** Removes slot 0 and returns its handle; the last slot is sifted down from the top. */
    private fun removeHead(): TimerHandle {
        val head = items[0]!!
        val last = --size
        val moved = items[last]!!
        val movedWhen = whens[last]
        val movedSeq = seqs[last]
        items[last] = null
        if (last > 0) siftDown(0, moved, movedWhen, movedSeq)
        return head
    }

    /** Places (timer, w, s) at [start] or above it, moving larger parents down. */
    private fun siftUp(start: Int, timer: TimerHandle, w: Double, s: Long) {
        var k = start
        while (k > 0) {
            val parent = (k - 1) ushr 2
            val pw = whens[parent]
            if (pw < w || (pw == w && seqs[parent] < s)) break
            set(k, items[parent]!!, pw, seqs[parent])
            k = parent
        }
        set(k, timer, w, s)
    }

    /** Places (timer, w, s) at [start] or below it, moving the smallest child up while it is smaller. */
    private fun siftDown(start: Int, timer: TimerHandle, w: Double, s: Long) {
        var k = start
        val n = size
        while (true) {
            val first = (k shl 2) + 1
            if (first >= n) break
            // the smallest of up to four children
            var c = first
            var cw = whens[first]
            val end = minOf(first + 4, n)
            var j = first + 1
            while (j < end) {
                val jw = whens[j]
                if (jw < cw || (jw == cw && seqs[j] < seqs[c])) {
                    c = j
                    cw = jw
                }
                j++
            }
            if (w < cw || (w == cw && s < seqs[c])) break
            set(k, items[c]!!, cw, seqs[c])
            k = c
        }
        set(k, timer, w, s)
    }

    private fun set(i: Int, timer: TimerHandle, w: Double, s: Long) {
        items[i] = timer
        whens[i] = w
        seqs[i] = s
    }

    private fun grow() {
        val capacity = items.size * 2
        items = items.copyOf(capacity)
        whens = whens.copyOf(capacity)
        seqs = seqs.copyOf(capacity)
    }

    /** Drops every cancelled timer and re-establishes the heap order bottom-up (Floyd's heapify, O(n)). */
    private fun compact() {
        var live = 0
        for (i in 0 until size) {
            val t = items[i]!!
            if (t.cancelled()) {
                t.scheduled = false
            } else {
                // keep slot order: slots [0, live) are the survivors, to be heapified below
                items[live] = t
                whens[live] = whens[i]
                seqs[live] = seqs[i]
                live++
            }
        }
        for (i in live until size) items[i] = null
        size = live
        cancelledCount = 0
        if (items.size > INITIAL_CAPACITY && live < items.size / 4) {
            // give back the memory of a burst of timers that were mostly cancelled
            val capacity = maxOf(INITIAL_CAPACITY, live * 2)
            items = items.copyOf(capacity)
            whens = whens.copyOf(capacity)
            seqs = seqs.copyOf(capacity)
        }
        if (live > 1) {
            var i = (live - 2) ushr 2 // the last slot with a child
            while (i >= 0) {
                siftDown(i, items[i]!!, whens[i], seqs[i])
                i--
            }
        }
    }

    private companion object {
        const val INITIAL_CAPACITY = 16
        const val MIN_SCHEDULED = 100
        const val CANCELLED_FRACTION = 0.5
    }
}
