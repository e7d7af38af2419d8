package io.asyncio4j.engine.loop

/**
 * The loop's timer queue (asyncio's `_scheduled` heap): the timers come out ordered by (when, sequence), with
 * lazy deletion. A cancelled timer stays until it reaches the front, or until more than half of the queue is
 * cancelled timers, when they are all dropped (asyncio's rule: _MIN_SCHEDULED_TIMER_HANDLES = 100,
 * _MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5). Loop thread only.
 *
 * Layout, for speed with many timers. Three parts hold the timers:
 *  - [pending]: an append buffer, in scheduling order. [add] only appends; the buffer is flushed before
 *    anything is read ([firstDeadline], [pollDue]), so readers never see it.
 *  - the heap: a 4-ary min-heap by key = (when, sequence) whose keys live in primitive arrays beside the
 *    handles ([whens], [seqs]), so sifting never dereferences a handle and the four children of a slot share a
 *    cache line.
 *  - the run: an array sorted by key ([runItems], [runWhens]), consumed from [runHead].
 * The next timer is the smaller head of the run and the heap. A flush sifts a small buffer into the heap one by
 * one. A large one (at least [SORT_MIN] live timers, and at least half as many as the run still holds, so that
 * merging costs at most three times the buffer's length) is sorted by a stable LSD radix sort on the deadlines'
 * bits, which keeps the buffer's scheduling order for equal deadlines, and merged with the rest of the run.
 * A burst of timers scheduled together (the `timers` benchmark: a million `call_later` with random delays)
 * then pops sequentially from the run, instead of one O(log n) sift each over a 20 MB heap with a cache miss
 * per level: 3.5x less loop CPU there.
 * Memory: no array is allocated before the first timer; the run's arrays are dropped once it is drained, and a
 * buffer array grown past [MAX_KEPT_BUFFER] once it is flushed.
 *
 * Invariants:
 *  - heap: for every slot i > 0, key(parent(i)) <= key(i), parent(i) = (i - 1) / 4. Slots [0, heapSize) are
 *    filled; [items] beyond heapSize are null.
 *  - run: slots [runHead, runEnd) are filled and sorted by key; [runItems] outside them are null.
 *  - pending: slots [0, pendingSize) are filled; [pendingInOrder] is true while their sequences increase
 *    (always, for the loop's own sequence numbers), which the stable sort needs to break ties correctly; a
 *    buffer out of sequence order is sifted into the heap instead.
 *  - [size] counts every timer in the three parts, live and cancelled-not-yet-dropped; every timer in them has
 *    scheduled = true, a dropped or polled one scheduled = false.
 * Deadlines are never NaN (callAt checks), so `<` on doubles is a total order here; -0.0 and 0.0 compare
 * equal and fall back to the sequence, as Python's float comparison does.
 */
internal class TimerQueue {
    private var items: Array<TimerHandle?> = NO_TIMERS
    private var whens: DoubleArray = NO_WHENS
    private var seqs: LongArray = NO_SEQS
    private var heapSize = 0

    private var runItems: Array<TimerHandle?> = NO_TIMERS
    private var runWhens: DoubleArray = NO_WHENS
    private var runHead = 0
    private var runEnd = 0

    private var pending: Array<TimerHandle?> = NO_TIMERS
    private var pendingSize = 0
    private var pendingInOrder = true
    private var pendingLastSequence = 0L

    private var cancelledCount = 0

    /** Timers held, cancelled ones not yet dropped included. */
    @get:JvmSynthetic val size: Int
        get() = heapSize + (runEnd - runHead) + pendingSize

    @JvmSynthetic fun isEmpty(): Boolean = size == 0

    /** Timers in the sorted run, as of the last flush (tests check which part a burst went to). */
    @get:JvmSynthetic internal val runLength: Int
        get() = runEnd - runHead

    @JvmSynthetic fun add(timer: TimerHandle) {
        timer.scheduled = true
        val n = pendingSize
        if (n == pending.size) pending = pending.copyOf(maxOf(INITIAL_CAPACITY, n * 2))
        if (n > 0 && pendingLastSequence >= timer.sequence) pendingInOrder = false
        pendingLastSequence = timer.sequence
        pending[n] = timer
        pendingSize = n + 1
    }

    @JvmSynthetic fun onCancelled() {
        cancelledCount++
        val n = size
        if (n > MIN_SCHEDULED && cancelledCount > n * CANCELLED_FRACTION) compact()
    }

    /** Deadline of the first live timer, or null if there is none. Drops cancelled timers at the head. */
    @JvmSynthetic fun firstDeadline(): Double? {
        if (pendingSize > 0) flush()
        dropCancelledHeads()
        val hasRun = runHead < runEnd
        return when {
            heapSize == 0 -> if (hasRun) runItems[runHead]!!.`when`() else null
            !hasRun || heapFirst() -> whens[0]
            else -> runItems[runHead]!!.`when`()
        }
    }

    /** Removes and returns the first live timer if it is due before [end], else null. */
    @JvmSynthetic fun pollDue(end: Double): TimerHandle? {
        if (pendingSize > 0) flush()
        dropCancelledHeads()
        val head: TimerHandle
        if (runHead < runEnd && (heapSize == 0 || !heapFirst())) {
            if (runWhens[runHead] >= end) return null
            head = takeRunHead()
        } else {
            if (heapSize == 0 || whens[0] >= end) return null
            head = removeHeapHead()
        }
        head.scheduled = false
        return head
    }

    @JvmSynthetic fun clear() {
        for (i in 0 until heapSize) {
            items[i]!!.scheduled = false
            items[i] = null
        }
        for (i in runHead until runEnd) runItems[i]!!.scheduled = false
        for (i in 0 until pendingSize) pending[i]!!.scheduled = false
        heapSize = 0
        releaseRun()
        pending = NO_TIMERS
        pendingSize = 0
        pendingInOrder = true
        cancelledCount = 0
    }

    /** With both a run and a heap: whether the heap's top comes before the run's head. */
    private fun heapFirst(): Boolean {
        val hw = whens[0]
        val rw = runWhens[runHead]
        return hw < rw || (hw == rw && seqs[0] < runItems[runHead]!!.sequence)
    }

    private fun dropCancelledHeads() {
        while (runHead < runEnd) {
            val head = runItems[runHead]!!
            if (!head.cancelled()) break
            takeRunHead()
            head.scheduled = false
            if (cancelledCount > 0) cancelledCount--
        }
        while (heapSize > 0) {
            val head = items[0]!!
            if (!head.cancelled()) break
            removeHeapHead()
            head.scheduled = false
            if (cancelledCount > 0) cancelledCount--
        }
    }

    // --- The pending buffer

    /**
     * Empties the buffer into the heap or the run. Cancelled timers in it are dropped here (they are not at the
     * head yet, but dropping one early is invisible: it would never come out). A sorted buffer is only worth it
     * when it is large, and merging it into a remaining run costs the run's length, so it must be large compared
     * with that too; otherwise its timers are sifted into the heap.
     */
    private fun flush() {
        val buffer = pending
        val n = pendingSize
        var live = 0
        for (i in 0 until n) {
            val t = buffer[i]!!
            if (t.cancelled()) {
                t.scheduled = false
                if (cancelledCount > 0) cancelledCount--
            } else {
                buffer[live++] = t
            }
        }
        val runLeft = runEnd - runHead
        if (pendingInOrder && live >= SORT_MIN && live >= runLeft / 2) {
            makeRun(buffer, live)
        } else {
            if (heapSize + live > items.size) growHeap(heapSize + live)
            for (i in 0 until live) {
                val t = buffer[i]!!
                siftUp(heapSize, t, t.`when`(), t.sequence)
                heapSize++
            }
        }
        if (buffer.size > MAX_KEPT_BUFFER) {
            pending = NO_TIMERS // give back the memory of a burst
        } else {
            buffer.fill(null, 0, n)
        }
        pendingSize = 0
        pendingInOrder = true
    }

    /** Sorts buffer[0, n) (live timers, sequences increasing) and makes it the run, merged with what is left of it. */
    private fun makeRun(buffer: Array<TimerHandle?>, n: Int) {
        val keys = LongArray(n)
        val order = IntArray(n)
        for (i in 0 until n) {
            keys[i] = sortKey(buffer[i]!!.`when`())
            order[i] = i
        }
        val sorted = radixSort(keys, order, n)
        val sortedKeys = sorted.keys
        val sortedOrder = sorted.order
        val runLeft = runEnd - runHead
        val newItems = arrayOfNulls<TimerHandle>(runLeft + n)
        val newWhens = DoubleArray(runLeft + n)
        if (runLeft == 0) {
            for (i in 0 until n) {
                newItems[i] = buffer[sortedOrder[i]]
                newWhens[i] = whenOfKey(sortedKeys[i])
            }
        } else {
            // merge: the old run [runHead, runEnd) and the sorted buffer, by (when, sequence)
            val oldItems = runItems
            val oldWhens = runWhens
            var a = runHead
            var b = 0
            var out = 0
            while (a < runEnd && b < n) {
                val aw = oldWhens[a]
                val bw = whenOfKey(sortedKeys[b])
                val bt = buffer[sortedOrder[b]]!!
                if (aw < bw || (aw == bw && oldItems[a]!!.sequence < bt.sequence)) {
                    newItems[out] = oldItems[a]
                    newWhens[out++] = aw
                    a++
                } else {
                    newItems[out] = bt
                    newWhens[out++] = bw
                    b++
                }
            }
            while (a < runEnd) {
                newItems[out] = oldItems[a]
                newWhens[out++] = oldWhens[a++]
            }
            while (b < n) {
                newItems[out] = buffer[sortedOrder[b]]
                newWhens[out++] = whenOfKey(sortedKeys[b++])
            }
        }
        runItems = newItems
        runWhens = newWhens
        runHead = 0
        runEnd = runLeft + n
    }

    private class Sorted(@JvmField val keys: LongArray, @JvmField val order: IntArray)

    /**
     * Stable LSD radix sort of keys[0, n) as unsigned numbers, permuting [order] alongside. Digits whose value is
     * the same for every key (the sign and exponent of deadlines close together, typically) are skipped.
     */
    private fun radixSort(keys: LongArray, order: IntArray, n: Int): Sorted {
        val counts = IntArray(DIGITS * RADIX)
        for (i in 0 until n) {
            val k = keys[i]
            for (d in 0 until DIGITS) counts[d * RADIX + ((k ushr (d * DIGIT_BITS)).toInt() and DIGIT_MASK)]++
        }
        var src = keys
        var srcOrder = order
        var dst: LongArray? = null
        var dstOrder: IntArray? = null
        for (d in 0 until DIGITS) {
            val base = d * RADIX
            val shift = d * DIGIT_BITS
            // skip a digit that does not vary
            if (counts[base + ((src[0] ushr shift).toInt() and DIGIT_MASK)] == n) continue
            // counts -> starting offsets
            var sum = 0
            for (b in base until base + RADIX) {
                val c = counts[b]
                counts[b] = sum
                sum += c
            }
            if (dst == null) {
                dst = LongArray(n)
                dstOrder = IntArray(n)
            }
            val dk = dst
            val dord = dstOrder!!
            for (i in 0 until n) {
                val k = src[i]
                val slot = counts[base + ((k ushr shift).toInt() and DIGIT_MASK)]++
                dk[slot] = k
                dord[slot] = srcOrder[i]
            }
            dst = src
            dstOrder = srcOrder
            src = dk
            srcOrder = dord
        }
        return Sorted(src, srcOrder)
    }

    // --- The run

    private fun takeRunHead(): TimerHandle {
        val head = runItems[runHead]!!
        runItems[runHead] = null
        if (++runHead == runEnd) releaseRun()
        return head
    }

    private fun releaseRun() {
        runItems = NO_TIMERS
        runWhens = NO_WHENS
        runHead = 0
        runEnd = 0
    }

    // --- The heap

    /** Removes slot 0 and returns its handle; the last slot is sifted down from the top. */
    private fun removeHeapHead(): TimerHandle {
        val head = items[0]!!
        val last = --heapSize
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
        val n = heapSize
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

    private fun growHeap(needed: Int) {
        var capacity = maxOf(INITIAL_CAPACITY, items.size)
        while (capacity < needed) capacity *= 2
        items = items.copyOf(capacity)
        whens = whens.copyOf(capacity)
        seqs = seqs.copyOf(capacity)
    }

    // --- Compaction

    /** Drops every cancelled timer from the three parts, keeping their order; the heap is re-heapified. */
    private fun compact() {
        compactHeap()
        compactRun()
        var live = 0
        for (i in 0 until pendingSize) {
            val t = pending[i]!!
            if (t.cancelled()) t.scheduled = false else pending[live++] = t
        }
        pending.fill(null, live, pendingSize)
        pendingSize = live
        cancelledCount = 0
    }

    private fun compactHeap() {
        var live = 0
        for (i in 0 until heapSize) {
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
        items.fill(null, live, heapSize)
        heapSize = live
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

    private fun compactRun() {
        var live = 0
        for (i in runHead until runEnd) {
            val t = runItems[i]!!
            if (t.cancelled()) {
                t.scheduled = false
            } else {
                runItems[live] = t
                runWhens[live] = runWhens[i]
                live++
            }
        }
        if (live == 0) {
            releaseRun()
            return
        }
        if (live < runItems.size / 4) {
            runItems = runItems.copyOf(live)
            runWhens = runWhens.copyOf(live)
        } else {
            runItems.fill(null, live, runEnd)
        }
        runHead = 0
        runEnd = live
    }

    internal companion object {
        private const val INITIAL_CAPACITY = 16
        private const val MIN_SCHEDULED = 100
        private const val CANCELLED_FRACTION = 0.5

        /** A flushed buffer of at least this many live timers is sorted into the run (else sifted into the heap). */
        internal const val SORT_MIN = 256

        /** A buffer array larger than this is dropped after a flush, not kept for the next burst. */
        private const val MAX_KEPT_BUFFER = 4096

        private const val DIGIT_BITS = 8
        private const val RADIX = 1 shl DIGIT_BITS
        private const val DIGIT_MASK = RADIX - 1
        private const val DIGITS = (64 + DIGIT_BITS - 1) / DIGIT_BITS

        private val NO_TIMERS = arrayOfNulls<TimerHandle>(0)
        private val NO_WHENS = DoubleArray(0)
        private val NO_SEQS = LongArray(0)

        /**
         * A deadline's bits as a number whose unsigned order is the deadline's order: a non-negative double's
         * bits with the sign bit set, a negative one's bits all flipped. -0.0 is made 0.0 first, so the two
         * are one key and tie on the sequence (as the heap's `==` does).
         */
        private fun sortKey(w: Double): Long {
            val bits = java.lang.Double.doubleToRawLongBits(w + 0.0)
            return bits xor ((bits shr 63) or Long.MIN_VALUE)
        }

        /** The inverse of [sortKey] (0.0 for -0.0). */
        private fun whenOfKey(key: Long): Double =
            java.lang.Double.longBitsToDouble(key xor ((key shr 63).inv() or Long.MIN_VALUE))
    }
}
