package io.asyncio4j.engine.sync

import io.asyncio4j.engine.exceptions.QueueEmpty
import io.asyncio4j.engine.exceptions.QueueFull
import io.asyncio4j.engine.exceptions.QueueShutDown
import io.asyncio4j.engine.future.Awaiter
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Stage
import java.util.concurrent.CompletionStage

/**
 * asyncio.Queue (CPython 3.13, with `shutdown`): FIFO; [PriorityQueue] and [LifoQueue] change only the order.
 * maxsize <= 0 means unbounded. `put` waits while the queue is full, `get` while it is empty; the nowait forms
 * throw [QueueFull] / [QueueEmpty]. `taskDone`/`join` count unfinished items. After `shutdown()`, puts fail
 * with [QueueShutDown] and gets fail once the queue is empty; `shutdown(true)` also drops the items and wakes
 * getters and joiners at once.
 *
 * Java: `put(x)`, `get()`, `join()` are coroutines (stages). Kotlin: suspend `put`/`get`/`join` in
 * KotlinSync.kt. Loop thread only; bound to the running loop on first wait.
 */
public open class Queue<T> internal constructor(
    private val maxsize: Int,
    private val items: QueueStorage<T>,
) {
    /** A FIFO queue of at most [maxsize] items (0 or less: unbounded). */
    @JvmOverloads
    public constructor(maxsize: Int = 0) : this(maxsize, FifoStorage())

    private val binding = LoopBinding(this)

    // Invariants: `getters`/`putters` hold the futures of tasks waiting in get()/put(), in arrival order; a
    // waiter is woken by completing its future and *removing* it (asyncio's _wakeup_next), so a woken waiter
    // that is cancelled before it resumes wakes the next one if the condition still holds (no lost wakeup).
    // `unfinished` counts items put and not yet marked done; `finished` is set exactly when it is 0.
    private val getters = ArrayDeque<Future<Void?>>()
    private val putters = ArrayDeque<Future<Void?>>()
    private var unfinished = 0
    private val finished = Event().also { it.set() }
    private var isShutdown = false

    public fun qsize(): Int = items.size()

    public fun maxsize(): Int = maxsize

    public fun empty(): Boolean = items.size() == 0

    /** True if there are maxsize items (never for an unbounded queue). */
    public fun full(): Boolean = maxsize > 0 && items.size() >= maxsize

    /** Puts [item], waiting while the queue is full (a coroutine); fails with QueueShutDown after shutdown. */
    @JvmName("put")
    public fun putAsync(item: T): CompletionStage<Void?> {
        requireRunningLoop("Queue.put()")
        if (!full()) {
            try {
                putNowait(item)
            } catch (e: RuntimeException) {
                return failedStage(e)
            }
            return doneStage(null)
        }
        return PutWaiter(binding.get(), item).also { it.run() }.result
    }

    /** Puts [item] at once; QueueFull if full, QueueShutDown after shutdown. */
    public fun putNowait(item: T) {
        if (isShutdown) throw QueueShutDown()
        if (full()) throw QueueFull()
        items.put(item)
        unfinished++
        finished.clear()
        wakeupNext(getters)
    }

    /** Removes and returns an item, waiting while the queue is empty (a coroutine). */
    @JvmName("get")
    public fun getAsync(): CompletionStage<T> {
        requireRunningLoop("Queue.get()")
        if (!empty()) {
            // A coroutine fails through its stage: a PriorityQueue whose items refuse to compare throws here.
            return try {
                doneStage(getNowait())
            } catch (e: RuntimeException) {
                failedStage(e)
            }
        }
        if (isShutdown) return failedStage(QueueShutDown())
        return GetWaiter(binding.get()).also { it.run() }.result
    }

    /**
     * The waiting part of put()/get(), as an [Awaiter] on each waiter future instead of a suspended Kotlin
     * coroutine (no coroutine frame, context and result stage per wait). It is CPython's loop, step for step:
     *
     *     while must_wait():
     *         if shutdown: raise QueueShutDown
     *         w = create_future(); waiters.append(w)
     *         try: await w
     *         except: w.cancel(); waiters.remove(w)
     *                 if not must_wait() and not w.cancelled(): wakeup_next(waiters)   # pass the wakeup on
     *                 raise
     *     return take()
     *
     * [run] is the loop's head; [resume] is the code after `await w` (a cancelled `w` raises CancelledError
     * there, as `await` does); [resumeWithException] is the except clause. [result] completes inline.
     */
    private abstract inner class Waiter<R>(
        private val loop: io.asyncio4j.engine.loop.EventLoop,
        private val waiters: ArrayDeque<Future<Void?>>,
    ) : Awaiter<Void?>(loop.currentTask) {
        val result = Stage<R>(loop)
        private var waiter: Future<Void?>? = null

        abstract fun mustWait(): Boolean
        abstract fun take(): R

        fun run() {
            try {
                if (mustWait()) {
                    if (isShutdown) throw QueueShutDown()
                    val w = loop.createFuture<Void?>()
                    waiter = w
                    waiters.addLast(w)
                    w.addAwaiter(this)
                    return
                }
                result.complete(take())
            } catch (e: Throwable) {
                if (e is VirtualMachineError) throw e
                result.completeExceptionally(e)
            }
        }

        override fun resume(future: Future<Void?>) {
            if (future.cancelled()) resumeWithException(future.makeCancelledError()) else run()
        }

        override fun resumeWithException(error: Throwable) {
            val w = waiter!!
            w.cancel() // in case it is not done yet
            waiters.remove(w)
            // Woken but not taking the item/slot: wake the next waiter in line.
            if (!mustWait() && !w.cancelled()) wakeupNext(waiters)
            result.completeExceptionally(error)
        }
    }

    private inner class PutWaiter(loop: io.asyncio4j.engine.loop.EventLoop, private val item: T) :
        Waiter<Void?>(loop, putters) {
        override fun mustWait() = full()
        override fun take(): Void? {
            putNowait(item)
            return null
        }
    }

    private inner class GetWaiter(loop: io.asyncio4j.engine.loop.EventLoop) : Waiter<T>(loop, getters) {
        override fun mustWait() = empty()
        override fun take(): T = getNowait()
    }

    /** Removes and returns an item at once; QueueEmpty if empty (QueueShutDown if also shut down). */
    public fun getNowait(): T {
        if (empty()) {
            if (isShutdown) throw QueueShutDown()
            throw QueueEmpty()
        }
        val item = items.get()
        wakeupNext(putters)
        return item
    }

    /** Marks one item fetched with get() as processed; IllegalArgumentException if called too many times. */
    public fun taskDone() {
        if (unfinished <= 0) throw IllegalArgumentException("task_done() called too many times")
        unfinished--
        if (unfinished == 0) finished.set()
    }

    /** Waits until every item put has been marked done with [taskDone] (a coroutine). */
    @JvmName("join")
    public fun joinAsync(): CompletionStage<Void?> {
        requireRunningLoop("Queue.join()")
        if (unfinished == 0) return doneStage(null)
        return startCoroutine(binding.get()) {
            finished.waitAsync().awaitStage()
            null
        }
    }

    /**
     * Shuts the queue down (3.13): puts fail with QueueShutDown; gets fail once the queue is empty. With
     * [immediate] the items are dropped (counted as done, so join() returns). Blocked getters and putters wake
     * up to re-check and fail.
     */
    @JvmOverloads
    public fun shutdown(immediate: Boolean = false) {
        isShutdown = true
        if (immediate) {
            // asyncio: `while not empty(): _get(); unfinished -= 1 if > 0` -- the same counts, without asking a
            // PriorityQueue to compare items it is about to drop.
            val dropped = items.size()
            items.clear()
            unfinished = maxOf(0, unfinished - dropped)
            if (unfinished == 0) finished.set()
        }
        while (getters.isNotEmpty()) {
            val getter = getters.removeFirst()
            if (!getter.done()) getter.setResult(null)
        }
        while (putters.isNotEmpty()) {
            val putter = putters.removeFirst()
            if (!putter.done()) putter.setResult(null)
        }
    }

    private fun wakeupNext(waiters: ArrayDeque<Future<Void?>>) {
        while (waiters.isNotEmpty()) {
            val waiter = waiters.removeFirst()
            if (!waiter.done()) {
                waiter.setResult(null)
                break
            }
        }
    }

    override fun toString(): String {
        val sb = StringBuilder("<").append(javaClass.simpleName).append(" maxsize=").append(maxsize)
        if (!empty()) sb.append(" _queue=").append(items.snapshot())
        if (getters.isNotEmpty()) sb.append(" _getters[").append(getters.size).append(']')
        if (putters.isNotEmpty()) sb.append(" _putters[").append(putters.size).append(']')
        if (unfinished != 0) sb.append(" tasks=").append(unfinished)
        if (isShutdown) sb.append(" shutdown")
        return sb.append('>').toString()
    }
}

/** Where a queue keeps its items: the order is the only difference between Queue, LifoQueue and PriorityQueue. */
internal interface QueueStorage<T> {
    fun put(item: T)
    fun get(): T
    fun size(): Int
    fun snapshot(): List<T>
    fun clear()
}

internal class FifoStorage<T> : QueueStorage<T> {
    private val deque = ArrayDeque<T>()
    override fun put(item: T) = deque.addLast(item)
    override fun get(): T = deque.removeFirst()
    override fun size(): Int = deque.size
    override fun snapshot(): List<T> = deque.toList()
    override fun clear() = deque.clear()
}
