package io.asyncio4j.engine.sync

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.task.Coroutine
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletionStage

/**
 * asyncio.Lock: a lock that is not owned by a task. `acquire()` waits while it is locked; `release()` wakes the
 * first waiter. Fair: a task that arrives while others wait queues behind them, and waiters get the lock in
 * FIFO order (CPython 3.13's algorithm, including its "wake up, then take the lock" step).
 *
 * Java: `lock.acquire()` is a coroutine (returns a stage that completes with true once the lock is held);
 * `lock.withLock(() -> body())` is `async with lock:`. Kotlin: the suspend forms in KotlinSync.kt
 * (`lock.acquire()`, `lock.withLock { }`). Loop thread only; bound to the running loop on first wait.
 */
public class Lock {
    private val binding = LoopBinding(this)

    // Invariants (asyncio's): `waiters` holds the futures of the tasks waiting in acquire(), in arrival order; a
    // done (not cancelled) future is a waiter that was woken and will take the lock at its next step. When the
    // lock is released and nobody is about to take it, the first waiter is woken ([wakeUpFirst]); a waiter
    // cancelled after its wakeup wakes the next one, so no wakeup is lost.
    private var waiters: ArrayDeque<Future<Boolean>>? = null
    private var locked = false

    /** True if the lock is held. */
    public fun locked(): Boolean = locked

    /** Acquires the lock (a coroutine): completes with true once held; waits in FIFO order while locked. */
    @JvmName("acquire")
    public fun acquireAsync(): CompletionStage<Boolean> {
        // Fair scheduling: jumping the queue is only allowed if every waiter was cancelled.
        if (!locked && waiters.let { it == null || it.all { w -> w.cancelled() } }) {
            locked = true
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
            // Keep the invariant: if the lock is not about to be taken (by us), the head waiter must run.
            if (!locked) wakeUpFirst()
            throw e
        }
        locked = true
        return true
    }

    /** Releases the lock and wakes the first waiter; IllegalStateException "Lock is not acquired." if unlocked. */
    public fun release() {
        if (!locked) throw IllegalStateException("Lock is not acquired.")
        locked = false
        wakeUpFirst()
    }

    private fun wakeUpFirst() {
        val fut = waiters?.firstOrNull() ?: return
        // done() means the waiter was already woken up.
        if (!fut.done()) fut.setResult(true)
    }

    /**
     * `async with lock:` — acquires, runs [body], and releases however the body ends (result, exception or
     * cancellation); completes with the body's outcome.
     */
    @JvmName("withLock")
    public fun <T> withLockAsync(body: Coroutine<T>): CompletionStage<T> {
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
        return "<Lock [${if (locked) "locked" else "unlocked"}${if (n > 0) ", waiters:$n" else ""}]>"
    }
}
