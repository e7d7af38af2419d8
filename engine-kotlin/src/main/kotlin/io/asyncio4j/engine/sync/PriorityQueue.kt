package io.asyncio4j.engine.sync

import java.util.Comparator

/**
 * asyncio.PriorityQueue: a [Queue] that returns the smallest item first, by natural order ([Comparable] items,
 * as asyncio compares with `<`) or by a [Comparator]. A binary heap, like heapq: equal items come out in no
 * particular order. Putting an item that cannot be compared fails with ClassCastException (asyncio: TypeError).
 */
public class PriorityQueue<T> @JvmOverloads constructor(maxsize: Int = 0, comparator: Comparator<in T>? = null) :
    Queue<T>(maxsize, HeapStorage(comparator)) {

    /** An unbounded queue ordered by [comparator]. */
    public constructor(comparator: Comparator<in T>) : this(0, comparator)
}

internal class HeapStorage<T>(comparator: Comparator<in T>?) : QueueStorage<T> {
    private val heap = java.util.PriorityQueue<T>(comparator)
    override fun put(item: T) {
        heap.add(item)
    }
    override fun get(): T = heap.remove()
    override fun size(): Int = heap.size
    override fun snapshot(): List<T> = heap.toList()
}
