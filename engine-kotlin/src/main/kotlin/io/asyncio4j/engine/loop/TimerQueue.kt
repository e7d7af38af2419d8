package io.asyncio4j.engine.loop

import java.util.PriorityQueue

/**
 * The loop's timer heap (asyncio's `_scheduled`): a binary heap of [TimerHandle] ordered by (when, sequence),
 * with lazy deletion. A cancelled timer stays in the heap until it reaches the top, or until more than half of
 * the heap is cancelled timers, when the heap is rebuilt without them (asyncio's rule:
 * _MIN_SCHEDULED_TIMER_HANDLES = 100, _MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5).
 * Loop thread only.
 */
internal class TimerQueue {
    private var heap = PriorityQueue<TimerHandle>()
    private var cancelledCount = 0

    val size: Int get() = heap.size

    fun isEmpty(): Boolean = heap.isEmpty()

    fun add(timer: TimerHandle) {
        timer.scheduled = true
        heap.add(timer)
    }

    fun onCancelled() {
        cancelledCount++
        if (heap.size > MIN_SCHEDULED && cancelledCount > heap.size * CANCELLED_FRACTION) compact()
    }

    /** Deadline of the first live timer, or null if there is none. Drops cancelled timers at the head. */
    fun firstDeadline(): Double? {
        dropCancelledHead()
        return heap.peek()?.`when`()
    }

    /** Removes and returns the first live timer if it is due before [end], else null. */
    fun pollDue(end: Double): TimerHandle? {
        dropCancelledHead()
        val head = heap.peek() ?: return null
        if (head.`when`() >= end) return null
        heap.poll()
        head.scheduled = false
        return head
    }

    fun clear() {
        heap.forEach { it.scheduled = false }
        heap.clear()
        cancelledCount = 0
    }

    private fun dropCancelledHead() {
        while (true) {
            val head = heap.peek() ?: return
            if (!head.cancelled()) return
            heap.poll()
            head.scheduled = false
            if (cancelledCount > 0) cancelledCount--
        }
    }

    private fun compact() {
        val live = PriorityQueue<TimerHandle>(maxOf(11, heap.size - cancelledCount))
        for (t in heap) if (t.cancelled()) t.scheduled = false else live.add(t)
        heap = live
        cancelledCount = 0
    }

    private companion object {
        const val MIN_SCHEDULED = 100
        const val CANCELLED_FRACTION = 0.5
    }
}
