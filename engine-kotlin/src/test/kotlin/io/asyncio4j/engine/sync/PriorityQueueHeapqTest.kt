package io.asyncio4j.engine.sync

import java.math.BigDecimal
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.Coroutine
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * PriorityQueue runs heapq's algorithm, so items with equal priority come out (and show in the repr) in the
 * order CPython 3.11's asyncio.PriorityQueue gives. The expected lists were printed by this program
 * (python3 3.11.7 here); each `drain` result is (q._queue after the puts, the labels in get order):
 *
 * ```python
 * import asyncio
 * from decimal import Decimal
 *
 * class Item:
 *     def __init__(self, p, l): self.p, self.l = p, l
 *     def __lt__(self, other): return self.p < other.p  # priority only: equal priorities tie
 *     def __repr__(self): return str(self.l)
 *
 * def drain(prios):
 *     q = asyncio.PriorityQueue()
 *     for l, p in enumerate(prios): q.put_nowait(Item(p, l))
 *     snap = list(q._queue)
 *     return snap, [q.get_nowait() for _ in range(q.qsize())]
 *
 * def interleaved(n):
 *     q, out = asyncio.PriorityQueue(), []
 *     for i in range(n):
 *         q.put_nowait(Item((i * 3) % 5, i))
 *         if i % 3 == 2: out.append(q.get_nowait())
 *     snap = list(q._queue)
 *     while not q.empty(): out.append(q.get_nowait())
 *     return snap, out
 *
 * print("a", drain([i % 3 for i in range(20)]))
 * print("b", drain([0] * 12))
 * print("c", drain([(i * 7 + 3) % 4 for i in range(30)]))
 * print("d", interleaved(40))
 * q = asyncio.PriorityQueue(); [q.put_nowait(Item(p, l)) for l, p in enumerate([2, 1, 1, 0])]; print(repr(q))
 * q = asyncio.PriorityQueue()
 * for i in range(14): q.put_nowait(Decimal(i % 3).quantize(Decimal(1).scaleb(-i)))  # value i % 3, scale i
 * print("e", [-x.as_tuple().exponent for x in q._queue], [-q.get_nowait().as_tuple().exponent for _ in range(14)])
 * ```
 */
class PriorityQueueHeapqTest {
    private data class Item(val priority: Int, val label: Int) {
        override fun toString(): String = label.toString()
    }

    /** Compares the priority only, like the Python class's __lt__: equal priorities are ties. */
    private val byPriority = Comparator<Item> { a, b -> a.priority.compareTo(b.priority) }

    private fun labels(items: List<Item>) = items.map { it.label }

    private fun drain(priorities: List<Int>): Pair<List<Int>, List<Int>> {
        val q = PriorityQueue(byPriority)
        priorities.forEachIndexed { label, p -> q.putNowait(Item(p, label)) }
        val snapshot = labels(heapOf(q))
        val out = List(q.qsize()) { q.getNowait().label }
        return snapshot to out
    }

    @Suppress("UNCHECKED_CAST")
    private fun <T> heapOf(q: Queue<T>): List<T> {
        val field = Queue::class.java.getDeclaredField("items").apply { isAccessible = true }
        return (field.get(q) as QueueStorage<T>).snapshot()
    }

    @Test
    fun threeWayTiesComeOutInPythonsOrder() {
        assertEquals(
            listOf(0, 3, 6, 15, 9, 12, 13, 1, 18, 4, 10, 11, 5, 2, 14, 7, 16, 17, 8, 19) to
                listOf(0, 6, 12, 3, 9, 15, 18, 13, 19, 10, 4, 16, 7, 1, 14, 5, 2, 11, 17, 8),
            drain(List(20) { it % 3 }),
        )
    }

    @Test
    fun allEqualItemsComeOutInPythonsOrder() {
        // Not insertion order: heappop's walk to a leaf reshuffles equal items.
        assertEquals(
            List(12) { it } to listOf(0, 2, 6, 11, 10, 9, 8, 5, 7, 4, 1, 3),
            drain(List(12) { 0 }),
        )
    }

    @Test
    fun fourWayTiesComeOutInPythonsOrder() {
        assertEquals(
            listOf(3, 7, 11, 15, 19, 23, 27, 2, 18, 10, 22, 6, 26, 14, 1, 0, 16, 8, 17, 4, 20, 21, 9, 5, 24, 12,
                25, 13, 28, 29) to
                listOf(3, 11, 27, 23, 7, 19, 15, 14, 26, 6, 22, 10, 18, 2, 1, 29, 21, 13, 25, 5, 9, 17, 0, 28, 12,
                    4, 16, 20, 24, 8),
            drain(List(30) { (it * 7 + 3) % 4 }),
        )
    }

    @Test
    fun interleavedPutsAndGetsMatchPython() {
        val q = PriorityQueue(byPriority)
        val out = ArrayList<Int>()
        for (i in 0 until 40) {
            q.putNowait(Item((i * 3) % 5, i))
            if (i % 3 == 2) out.add(q.getNowait().label)
        }
        assertEquals(
            listOf(37, 27, 19, 4, 32, 9, 21, 24, 1, 14, 31, 34, 39, 3, 16, 23, 11, 26, 13, 28, 29, 6, 33, 8, 36, 38,
                18),
            labels(heapOf(q)),
        )
        while (!q.empty()) out.add(q.getNowait().label)
        assertEquals(
            listOf(0, 5, 2, 10, 7, 15, 20, 17, 25, 12, 30, 35, 22, 37, 27, 32, 19, 9, 39, 34, 14, 29, 4, 24, 21, 16,
                6, 36, 31, 1, 26, 11, 28, 3, 13, 33, 8, 18, 38, 23),
            out,
        )
    }

    @Test
    fun reprShowsTheHeapListInPythonsOrder() {
        val q = PriorityQueue(byPriority)
        listOf(2, 1, 1, 0).forEachIndexed { label, p -> q.putNowait(Item(p, label)) }
        // python: <PriorityQueue at 0x... maxsize=0 _queue=[3, 1, 2, 0] tasks=4>
        assertEquals("<PriorityQueue maxsize=0 _queue=[3, 1, 2, 0] tasks=4>", q.toString())
    }

    @Test
    fun naturalOrderTiesMatchPython() {
        // BigDecimal, like Decimal, compares 1.0 and 1.00 as equal; the scale tells the tied items apart.
        val q = PriorityQueue<BigDecimal>()
        for (i in 0 until 14) q.putNowait(BigDecimal.valueOf((i % 3).toLong()).setScale(i))
        assertEquals(listOf(0, 3, 6, 1, 9, 12, 13, 7, 8, 4, 10, 11, 5, 2), heapOf(q).map { it.scale() })
        assertEquals(listOf(0, 6, 12, 3, 9, 13, 10, 4, 1, 7, 2, 5, 8, 11), List(14) { q.getNowait().scale() })
    }

    @Test
    fun seededRandomSequencesKeepTheHeapOrder() {
        // Not an oracle comparison: a check that every get returns a smallest item, across many shapes.
        val random = java.util.Random(34)
        repeat(50) {
            val q = PriorityQueue<Int>()
            val model = ArrayList<Int>()
            repeat(200) {
                if (model.isEmpty() || random.nextInt(3) != 0) {
                    val x = random.nextInt(50)
                    q.putNowait(x)
                    model.add(x)
                } else {
                    val smallest = model.min()
                    assertEquals(smallest, q.getNowait())
                    model.remove(smallest)
                }
                assertEquals(model.size, q.qsize())
            }
            assertEquals(model.sorted(), List(q.qsize()) { q.getNowait() })
        }
    }

    @Test
    fun nullAndNonComparableItemsAreRefusedWithoutTouchingTheHeap() {
        val q = PriorityQueue<Any?>()
        q.putNowait(2)
        q.putNowait(1)
        val npe = assertThrows(NullPointerException::class.java) { q.putNowait(null) }
        assertEquals("PriorityQueue item is null (natural order cannot compare it)", npe.message)
        val thing = object : Any() {
            override fun toString() = "thing"
        }
        val notComparable = assertThrows(ClassCastException::class.java) { q.putNowait(thing) }
        assertEquals("PriorityQueue item is not Comparable: thing (${thing.javaClass.name})", notComparable.message)
        // Refused even by an empty queue: natural order could never compare it.
        assertThrows(ClassCastException::class.java) { PriorityQueue<Any>().putNowait(thing) }

        q.putNowait(3)
        val mixed = assertThrows(ClassCastException::class.java) { q.putNowait("x") }
        assertEquals(
            "PriorityQueue items cannot be compared: x (java.lang.String) < 2 (java.lang.Integer)",
            mixed.message,
        )
        assertTrue(mixed.cause is ClassCastException)
        assertEquals(listOf<Any?>(1, 2, 3), heapOf(q))
        assertEquals("<PriorityQueue maxsize=0 _queue=[1, 2, 3] tasks=3>", q.toString())
        assertEquals(listOf<Any?>(1, 2, 3), List(3) { q.getNowait() })
    }

    @Test
    fun aComparatorFailingInGetLeavesTheHeapIntact() {
        var refuse = false
        val failure = IllegalStateException("refused")
        val picky = Comparator<Item> { a, b ->
            if (refuse && a.label + b.label == 3) throw failure // labels 1 and 2 refuse each other
            a.priority.compareTo(b.priority)
        }
        val q = PriorityQueue(picky)
        q.putNowait(Item(0, 0))
        q.putNowait(Item(1, 1))
        q.putNowait(Item(1, 2)) // compared with its parent 0 only
        refuse = true
        // heappop moves item 2 to the root and compares it with item 1: the comparator's error, unchanged.
        assertSame(failure, assertThrows(IllegalStateException::class.java) { q.getNowait() })
        // get() is a coroutine: it fails through its stage rather than throwing (it needs a running loop).
        val stage = onALoop { q.getAsync().toCompletableFuture() }
        assertSame(failure, assertThrows(ExecutionException::class.java) { stage.get() }.cause)
        assertEquals(listOf(0, 1, 2), labels(heapOf(q)))
        assertEquals(3, q.qsize())
        refuse = false
        assertEquals(listOf(0, 1, 2), List(3) { q.getNowait().label })
    }

    @Test
    fun immediateShutdownDropsItemsWithoutComparingThem() {
        var refuse = false
        val q = PriorityQueue<Item>(Comparator { a, b ->
            check(!refuse) { "compared while dropping" }
            a.priority.compareTo(b.priority)
        })
        for (i in 0 until 5) q.putNowait(Item(5 - i, i))
        q.getNowait()
        q.taskDone()
        refuse = true
        q.shutdown(immediate = true)
        assertEquals(0, q.qsize())
        assertEquals("<PriorityQueue maxsize=0 shutdown>", q.toString())
        assertTrue(onALoop { q.joinAsync().toCompletableFuture().isDone })
    }

    /** Runs [block] in a task on a new loop and returns its value (the coroutine methods need a running loop). */
    private fun <R> onALoop(block: () -> R): R {
        val loop = EventLoop()
        try {
            return loop.runUntilComplete(loop.createTask(Coroutine { CompletableFuture.completedFuture(block()) }))
        } finally {
            loop.close()
        }
    }
}
