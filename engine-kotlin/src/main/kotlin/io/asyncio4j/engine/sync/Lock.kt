package io.asyncio4j.engine.sync

import io.asyncio4j.engine.future.Awaiter
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.Coroutine
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
        requireRunningLoop("Lock.acquire()")
        if (tryAcquireAtOnce()) return doneStage(true)
        val acquirer = StageAcquirer(binding.get())
        startWaiting(acquirer)
        return acquirer.result
    }

    /** The fast path: a free lock nobody (still) waits for is taken at once. */
    private fun tryAcquireAtOnce(): Boolean {
        // Fair scheduling: jumping the queue is only allowed if every waiter was cancelled.
        if (!locked && waiters.let { it == null || it.all { w -> w.cancelled() } }) {
            locked = true
            return true
        }
        return false
    }

    /**
     * The waiting part of acquire() (CPython's `fut = create_future(); waiters.append(fut); await fut`), as an
     * [Awaiter] on the waiter's future instead of a suspended coroutine: no coroutine frame, context or result
     * stage per wait. [Acquirer.resume] is the code after the await: `finally: waiters.remove(fut)`, then
     * `locked = True` or, on CancelledError, wake the next waiter if the lock is free.
     */
    private fun startWaiting(acquirer: Acquirer) {
        val queue = waiters ?: ArrayDeque<Future<Boolean>>().also { waiters = it }
        queue.addLast(acquirer.fut)
        acquirer.fut.addAwaiter(acquirer)
    }

    /** One wait in acquire(): runs with the waiting task current when the waiter's future is done. */
    private abstract inner class Acquirer(loop: EventLoop) : Awaiter<Boolean>(loop.currentTask) {
        val fut: Future<Boolean> = loop.createFuture()

        /** The lock is held now. */
        abstract fun acquired()

        /** acquire() raises [error] (a CancelledError). */
        abstract fun failed(error: Throwable)

        override fun resume(future: Future<Boolean>) {
            if (future.cancelled()) {
                resumeWithException(future.makeCancelledError())
                return
            }
            waiters?.remove(fut)
            locked = true
            acquired()
        }

        override fun resumeWithException(error: Throwable) {
            waiters?.remove(fut)
            // Keep the invariant: if the lock is not about to be taken (by us), the head waiter must run.
            if (!locked) wakeUpFirst()
            failed(error)
        }
    }

    /** acquire()'s stage: completes, inline, when the wait ends. */
    private inner class StageAcquirer(loop: EventLoop) : Acquirer(loop) {
        val result = Stage<Boolean>(loop)
        override fun acquired() {
            result.complete(true)
        }
        override fun failed(error: Throwable) {
            result.completeExceptionally(error)
        }
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
     *
     * Written out by hand (no suspend block) because it is the Java facade's hot path: the steps are exactly
     * those of `acquire(); try { await body() } finally { release() }` run as a coroutine in the current task
     * (see [WithLock]), including where it waits and which task is current when the body starts.
     */
    @JvmName("withLock")
    public fun <T> withLockAsync(body: Coroutine<T>): CompletionStage<T> {
        requireNotNull(body) { "body must not be null" }
        val run = WithLock(binding.get(), body)
        if (tryAcquireAtOnce()) run.acquired() else startWaiting(run)
        return run.result
    }

    /**
     * One `async with lock: return await body()`: [acquired] starts the body (at once on the fast path, else
     * when the wait ends), awaits its stage as a Kotlin `awaitStage()` would (an asyncio future through its
     * callback list, a done stage at once, a pending chain stage inline when it completes), then releases and
     * completes [result] with the body's outcome; an exception from release() replaces it, as in a `finally`.
     */
    private inner class WithLock<T>(private val loop: EventLoop, private val body: Coroutine<T>) :
        Acquirer(loop), java.util.function.BiConsumer<T?, Throwable?> {
        val result = Stage<T>(loop)

        override fun acquired() {
            val stage: CompletionStage<T>
            try {
                stage = body.start()
                    ?: throw NullPointerException("withLock body returned null instead of a CompletionStage")
            } catch (e: Throwable) {
                if (e is VirtualMachineError) throw e
                accept(null, e)
                return
            }
            awaitThen(loop, stage, this)
        }

        override fun failed(error: Throwable) {
            result.completeExceptionally(error)
        }

        /** The body ended (failure possibly wrapped, see [awaitThen]): `finally: release()`. */
        override fun accept(value: T?, wrappedFailure: Throwable?) {
            val failure = wrappedFailure?.let { Futures.unwrap(it) }
            try {
                release()
            } catch (e: Throwable) {
                if (e is VirtualMachineError) throw e
                result.completeExceptionally(e)
                return
            }
            @Suppress("UNCHECKED_CAST")
            if (failure == null) result.complete(value as T) else result.completeExceptionally(failure)
        }
    }

    override fun toString(): String {
        val n = waiters?.size ?: 0
        return "<Lock [${if (locked) "locked" else "unlocked"}${if (n > 0) ", waiters:$n" else ""}]>"
    }
}
