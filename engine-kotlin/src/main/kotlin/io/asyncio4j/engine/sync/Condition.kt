package io.asyncio4j.engine.sync

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.task.Coroutine
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletionStage
import java.util.function.BooleanSupplier

/**
 * asyncio.Condition over a [Lock] (a new one, or one shared with other conditions). `wait()` releases the lock,
 * waits for a notify, and re-acquires the lock before returning, even when cancelled (CPython 3.13): a waiter
 * that fails after it was notified passes the notification on to the next waiter, so none is lost (a spurious
 * wakeup is allowed by the protocol).
 *
 * Java names where java.lang.Object takes asyncio's: `await()` for `wait()`, `notifyAllWaiters()` for
 * `notify_all()`; `notify(n)` and `waitFor(predicate)` keep theirs. Kotlin: `wait()`, `notifyAll()`,
 * `waitFor { }` and `withLock { }` in KotlinSync.kt.
 */
public class Condition @JvmOverloads constructor(private val lock: Lock = Lock()) {
    private val binding = LoopBinding(this)

    // Invariant: `waiters` are the futures of the tasks inside wait(), in arrival order; notify(n) completes the
    // first n not yet done; each waiter removes its own future when it resumes.
    private val waiters = ArrayDeque<Future<Boolean>>()

    public fun locked(): Boolean = lock.locked()

    /** Acquires the underlying lock (a coroutine). */
    @JvmName("acquire")
    public fun acquireAsync(): CompletionStage<Boolean> = lock.acquireAsync()

    /** Releases the underlying lock. */
    public fun release(): Unit = lock.release()

    /** `async with condition:` — runs [body] holding the underlying lock. */
    @JvmName("withLock")
    public fun <T> withLockAsync(body: Coroutine<T>): CompletionStage<T> = lock.withLockAsync(body)

    /**
     * Waits until notified (a coroutine completing with true): releases the lock, waits, re-acquires it.
     * Fails with "cannot wait on un-acquired lock" if the lock is not held.
     */
    @JvmName("await")
    public fun waitAsync(): CompletionStage<Boolean> {
        requireRunningLoop("Condition.await()")
        if (!locked()) return failedStage(IllegalStateException("cannot wait on un-acquired lock"))
        return startCoroutine(binding.get()) { waitNotified() }
    }

    private suspend fun waitNotified(): Boolean {
        if (!locked()) throw IllegalStateException("cannot wait on un-acquired lock")
        val fut = binding.get().createFuture<Boolean>()
        lock.release()
        try {
            try {
                waiters.addLast(fut)
                try {
                    fut.await()
                    return true
                } finally {
                    waiters.remove(fut)
                }
            } finally {
                // Must re-acquire the lock even if the wait is cancelled; only CancelledError is retried.
                var err: CancellationException? = null
                while (true) {
                    try {
                        lock.acquireAsync().awaitStage()
                        break
                    } catch (e: CancellationException) {
                        err = e
                    }
                }
                if (err != null) throw err
            }
        } catch (e: Throwable) {
            // The failure may come after this task was notified: notify another one instead.
            notifyWaiters(1)
            throw e
        }
    }

    /**
     * Waits until [predicate] is true, re-checking it after each notification (a coroutine completing with
     * true); the lock must be held.
     */
    @JvmName("waitFor")
    public fun waitForAsync(predicate: BooleanSupplier): CompletionStage<Boolean> {
        requireNotNull(predicate) { "predicate must not be null" }
        if (predicate.asBoolean) return doneStage(true)
        return startCoroutine(binding.get()) {
            while (!predicate.asBoolean) waitAsync().awaitStage()
            true
        }
    }

    /** Wakes up to [n] waiters; IllegalStateException "cannot notify on un-acquired lock" if the lock is free. */
    public fun notify(n: Int) {
        if (!locked()) throw IllegalStateException("cannot notify on un-acquired lock")
        notifyWaiters(n)
    }

    /** Wakes every waiter (asyncio's `notify_all()`; Kotlin: `notifyAll()`). */
    public fun notifyAllWaiters() {
        notify(waiters.size)
    }

    private fun notifyWaiters(n: Int) {
        var woken = 0
        for (fut in waiters) {
            if (woken >= n) break
            if (!fut.done()) {
                woken++
                fut.setResult(false)
            }
        }
    }

    override fun toString(): String =
        "<Condition [${if (locked()) "locked" else "unlocked"}${if (waiters.isNotEmpty()) ", waiters:${waiters.size}" else ""}]>"
}
