package io.asyncio4j.engine.sync

import java.util.Comparator

/**
 * asyncio.PriorityQueue: a [Queue] that returns the smallest item first, by natural order ([Comparable] items,
 * as asyncio compares with `<`) or by a [Comparator]. The items live in a binary heap that runs CPython's heapq
 * algorithm step for step ([HeapStorage]), so items that compare equal come out in the same order as in Python,
 * and `toString()` shows the heap list in the same order as asyncio's repr.
 *
 * Natural order: a null or non-[Comparable] item is refused at once (NullPointerException / ClassCastException,
 * asyncio: TypeError), and two items whose `compareTo` refuses each other fail with a ClassCastException naming
 * both. A [Comparator]'s own exceptions propagate unchanged. Either way a failed put or get leaves the queue as
 * it was (asyncio would leave a half-sifted heap).
 */
public class PriorityQueue<T> @JvmOverloads constructor(maxsize: Int = 0, comparator: Comparator<in T>? = null) :
    Queue<T>(maxsize, HeapStorage(comparator)) {

    /** An unbounded queue ordered by [comparator]. */
    public constructor(comparator: Comparator<in T>) : this(0, comparator)
}

/**
 * An array-backed min-heap doing exactly what CPython's heapq does (Lib/heapq.py, and _heapqmodule.c which is
 * the same algorithm): heappush = append + `_siftdown(heap, 0, last)`; heappop = pop the last item and, if the
 * heap is not empty, put it at 0 and `_siftup(heap, 0)`, which walks down to a leaf always taking the smaller
 * child (the right one unless `left < right`) and then `_siftdown`s the item back up. Only "less than" is ever
 * asked, with heapq's operand order, because with ties `a < b` and `!(b < a)` differ: any other comparison
 * would change which of two equal items comes out first.
 *
 * Invariant: heap[(i - 1) / 2] is not greater than heap[i] for every i in 1 until size. Every operation first
 * makes all of heapq's comparisons (in heapq's order) without moving anything, then moves the items, so a
 * comparison that throws leaves the heap untouched. The moves are the ones heapq's sift loops end up making.
 */
internal class HeapStorage<T>(private val comparator: Comparator<in T>?) : QueueStorage<T> {
    private var heap = arrayOfNulls<Any?>(INITIAL_CAPACITY)
    private var size = 0

    override fun put(item: T) {
        if (comparator == null) requireComparable(item)
        // _siftdown(heap, 0, size) of the new last item: climb while item < parent.
        var pos = size
        while (pos > 0) {
            val parentPos = (pos - 1) shr 1
            if (less(item, at(parentPos))) pos = parentPos else break
        }
        if (size == heap.size) heap = heap.copyOf(heap.size * 2)
        // Move the parents passed over down one level each, bottom-up, then place the item.
        var hole = size
        while (hole > pos) {
            val parentPos = (hole - 1) shr 1
            heap[hole] = heap[parentPos]
            hole = parentPos
        }
        heap[pos] = item
        size++
    }

    override fun get(): T {
        if (size == 0) throw NoSuchElementException("PriorityQueue heap is empty")
        val top = at(0)
        val end = size - 1 // the index of the last item, which heapq pops and re-inserts at 0
        if (end == 0) {
            heap[0] = null
            size = 0
            return top
        }
        val last = at(end)
        // _siftup(heap, 0) on a heap of `end` items with `last` at 0. First the walk to a leaf: the path of
        // positions whose smaller child moves up into its parent. The children compared are still in place.
        val path = IntArray(PATH_CAPACITY)
        var depth = 0
        var pos = 0
        var childPos = 1
        while (childPos < end) {
            val rightPos = childPos + 1
            if (rightPos < end && !less(at(childPos), at(rightPos))) childPos = rightPos
            path[depth++] = pos
            pos = childPos
            childPos = 2 * pos + 1
        }
        path[depth] = pos // the leaf
        // Then _siftdown(heap, 0, leaf): after the walk, path[i] holds the item from path[i + 1], so climbing
        // from the leaf compares `last` with the item that came from the position just below each parent.
        var settle = depth
        while (settle > 0 && less(last, at(path[settle]))) settle--
        // Net effect of both loops: the path items above `settle` each move up one step, `last` lands at
        // path[settle], and the items below `settle` (moved up, then back down by heapq) stay where they were.
        for (i in 0 until settle) heap[path[i]] = heap[path[i + 1]]
        heap[path[settle]] = last
        heap[end] = null
        size = end
        return top
    }

    override fun size(): Int = size

    override fun snapshot(): List<T> = List(size) { at(it) }

    override fun clear() {
        heap.fill(null, 0, size)
        size = 0
    }

    @Suppress("UNCHECKED_CAST")
    private fun at(i: Int): T = heap[i] as T

    /** heapq's `a < b`: by the comparator, else by [Comparable.compareTo] with a clear error for a refusal. */
    @Suppress("UNCHECKED_CAST")
    private fun less(a: T, b: T): Boolean {
        if (comparator != null) return comparator.compare(a, b) < 0
        return try {
            (a as Comparable<Any?>).compareTo(b) < 0
        } catch (e: ClassCastException) {
            throw ClassCastException(
                "PriorityQueue items cannot be compared: ${describe(a)} < ${describe(b)}",
            ).apply { initCause(e) }
        }
    }

    private fun requireComparable(item: T) {
        if (item == null) throw NullPointerException("PriorityQueue item is null (natural order cannot compare it)")
        if (item !is Comparable<*>) {
            throw ClassCastException("PriorityQueue item is not Comparable: ${describe(item)}")
        }
    }

    private fun describe(x: Any?): String = if (x == null) "null" else "$x (${x.javaClass.name})"

    private companion object {
        const val INITIAL_CAPACITY = 16
        // A heap of at most Int.MAX_VALUE items is at most 31 levels deep.
        const val PATH_CAPACITY = 32
    }
}
