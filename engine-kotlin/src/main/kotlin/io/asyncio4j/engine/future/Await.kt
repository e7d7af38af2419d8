package io.asyncio4j.engine.future

import io.asyncio4j.engine.task.Task
import kotlin.coroutines.Continuation
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resumeWithException

/**
 * Suspends until this asyncio future is done and returns its result (Python's `await fut`), from a Kotlin
 * task on the future's loop. A done future returns at once, without suspending, as in asyncio. Otherwise the
 * coroutine resumes one loop iteration after the outcome, directly from the loop (no dispatch), with its task
 * current; cancelling the task cancels this future and raises CancelledError here, which the coroutine may
 * catch and carry on (asyncio's cancellation is a request, not kotlinx's sticky Job cancellation).
 */
public suspend fun <T> Future<T>.await(): T {
    claim()
    if (done()) return result()
    val loop = getLoop()
    if (!(loop.isRunning() && loop.inLoopThread())) {
        throw IllegalStateException("await() of $this must run on its loop's thread while the loop runs")
    }
    return suspendCoroutineUninterceptedOrReturn { continuation ->
        addAwaiter(ContinuationAwaiter(continuation, loop.currentTask))
        COROUTINE_SUSPENDED
    }
}

/** Resumes a suspended Kotlin coroutine with a future's outcome. */
private class ContinuationAwaiter<T>(
    private val continuation: Continuation<T>,
    task: Task<*>?,
) : Awaiter<T>(task) {
    override fun resume(future: Future<T>) {
        val outcome = runCatching { future.result() }
        continuation.resumeWith(outcome)
    }

    override fun resumeWithException(error: Throwable) = continuation.resumeWithException(error)
}
