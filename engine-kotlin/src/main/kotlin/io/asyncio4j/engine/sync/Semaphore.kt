package io.asyncio4j.engine.sync

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.task.Coroutine
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletionStage

/**
 * asyncio.Semaphore: a counter that `acquire()` decrements, waiting while it is zero, and `release()` increments.
 * FIFO: a newcomer waits while earlier waiters have not started, even if the counter is positive (CPython
 * 3.13). A waiter woken by release() has its unit reserved (the counter was decremented for it); if it is
 * cancelled before it resumes, it gives the unit back and the next waiter is woken.
 *
 * Java: `sem.acquire()` (a coroutine), `sem.release()`, `sem.withPermit(() -> body())` (`async with sem:`).
 * Kotlin: the suspend forms in KotlinSync.kt.
 */
public open class Semaphore @JvmOverloads constructor(value: Int = 1) {
    private val binding = LoopBinding(this)

    // Invariants: `value` >= 0 is the number of units free now (units reserved for woken waiters are already
    // subtracted); `waiters` are the futures of the tasks in acquire(), in arrival order; a done, not cancelled
    // future holds a reserved unit until its task resumes.
    private var value: Int
    private var waiters: ArrayDeque<Future<Boolean>>? = null

    init {
        require(value >= 0) { "Semaphore initial value must be >= 0" }
        this.value = value
    }

    /** The number of free units (asyncio's `_value`). */
    protected fun value(): Int = value

    /** True if acquire() would wait: no free unit, or earlier waiters still to be served (FIFO). */
    public fun locked(): Boolean = value == 0 || waiters?.any { !it.cancelled() } == true

    /** Acquires a unit (a coroutine completing with true), waiting in FIFO order while none is free. */
    @JvmName("acquire")
    public fun acquireAsync(): CompletionStage<Boolean> {
        requireRunningLoop("Semaphore.acquire()")
        if (!locked()) {
            value--
            return doneStage(true)
        }
        return startCoroutine(binding.get()) { acquireWaiting() }
    }

    private suspend fun acquireWaiting(): Boolean {
        val queue = waiters ?: ArrayDeque<Future<Boolean>>().also { waiters = it }
        val fut = binding.get().createFuture<Boolean>()
        queue.addLast(fut)
        try {
            try {
                fut.await()
            } finally {
                queue.remove(fut)
            }
        } catch (e: CancellationException) {
            // Woken by wakeUpNext() (our unit reserved) but not acquiring after all: give the unit back.
            if (fut.done() && !fut.cancelled()) value++
            throw e
        } finally {
            // Newcomers may have queued behind us (FIFO): wake as many as there are free units.
            while (value > 0) {
                if (!wakeUpNext()) break
            }
        }
        return true
    }

    /** Releases a unit and wakes the first waiter not yet woken. */
    public open fun release() {
        value++
        wakeUpNext()
    }

    /** Wakes the first waiter that is not done, reserving a unit for it; false if there was none. */
    private fun wakeUpNext(): Boolean {
        val queue = waiters ?: return false
        for (fut in queue) {
            if (!fut.done()) {
                value--
                fut.setResult(true)
                return true
            }
        }
        return false
    }

    /** `async with semaphore:` — acquires, runs [body], releases however it ends. */
    @JvmName("withPermit")
    public fun <T> withPermitAsync(body: Coroutine<T>): CompletionStage<T> {
        requireNotNull(body) { "body must not be null" }
        return startCoroutine(binding.get()) {
            acquireAsync().awaitStage()
            try {
                body.start().awaitStage()
            } finally {
                release()
            }
        }
    }

    override fun toString(): String {
        val n = waiters?.size ?: 0
        val state = if (locked()) "locked" else "unlocked, value:$value"
        return "<${javaClass.simpleName} [$state${if (n > 0) ", waiters:$n" else ""}]>"
    }
}
