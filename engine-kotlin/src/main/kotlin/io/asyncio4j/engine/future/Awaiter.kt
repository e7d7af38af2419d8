package io.asyncio4j.engine.future

import io.asyncio4j.engine.task.Task
import java.util.concurrent.CompletableFuture

/**
 * The callback by which a waiter continues after the future it awaits is done (asyncio's Task.__wakeup).
 * It runs with [task] current, so whatever the continuation creates belongs to that task. If the task was
 * asked to cancel while nothing cancellable was awaited (asyncio's _must_cancel), the waiter gets a
 * CancelledError instead of the future's outcome, as asyncio throws it into the coroutine at its next step.
 */
internal abstract class Awaiter<T>(private val task: Task<*>?) : FutureCallback<T>() {
    /** Continue with [future]'s outcome. */
    protected abstract fun resume(future: Future<T>)

    /** Continue by raising [error] at the wait instead. */
    protected abstract fun resumeWithException(error: Throwable)

    override fun onDone(future: Future<T>) {
        val loop = future.getLoop()
        val previous = loop.currentTask
        loop.currentTask = task
        try {
            if (task != null) {
                task.stopWaitingOn(future)
                val cancelled = task.takePendingCancellation()
                if (cancelled != null) {
                    future.markExceptionRetrieved()
                    resumeWithException(cancelled)
                    return
                }
            }
            resume(future)
        } finally {
            loop.currentTask = previous
        }
    }

    override fun toString(): String = "${javaClass.simpleName}(${task ?: "no task"})"
}

/** Continues a Java chain: completes the awaiter stage that the chain's continuations hang on. */
internal class StageAwaiter<T>(private val stage: CompletableFuture<T>, task: Task<*>?) : Awaiter<T>(task) {
    override fun resume(future: Future<T>) = future.deliverTo(stage)
    override fun resumeWithException(error: Throwable) {
        stage.completeExceptionally(error)
    }
}
