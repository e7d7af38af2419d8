package io.asyncio4j.engine.future

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.Task

/**
 * The callback by which a waiter continues after the future it awaits is done (asyncio's Task.__wakeup).
 * It runs with [task] current, so whatever the continuation creates belongs to that task. If the task was
 * asked to cancel while nothing cancellable was awaited (asyncio's _must_cancel), the waiter gets a
 * CancelledError instead of the future's outcome, as asyncio throws it into the coroutine at its next step.
 */
internal abstract class Awaiter<T>(private val task: Task<*>?) : FutureCallback<T> {
    /** Continue with [future]'s outcome. */
    protected abstract fun resume(future: Future<T>)

    /** Continue by raising [error] at the wait instead. */
    protected abstract fun resumeWithException(error: Throwable)

    override fun onDone(future: Future<T>) = wakeUp(task, future, { resume(future) }, { resumeWithException(it) })

    override fun toString(): String = "${javaClass.simpleName}(${task ?: "no task"})"
}

/**
 * The wake-up of a waiter of [task] (null: no task) on the done [future], shared by [Awaiter] and
 * [AwaiterStage]: with [task] current, either [resume] or, if a cancellation of the task is pending,
 * [raise] with its CancelledError.
 */
internal inline fun <T> wakeUp(task: Task<*>?, future: Future<T>, resume: () -> Unit, raise: (Throwable) -> Unit) {
    val loop = future.getLoop()
    val previous = loop.currentTask
    loop.currentTask = task
    try {
        if (task != null) {
            task.stopWaitingOn(future)
            val cancelled = task.takePendingCancellation()
            if (cancelled != null) {
                future.markExceptionRetrieved()
                raise(cancelled)
                return
            }
        }
        resume()
    } finally {
        loop.currentTask = previous
    }
}

/**
 * The awaiter stage of a Java chain ([Future.awaitStage]): the stage the chain's continuations hang on, and
 * at once the callback in the future's list that completes it (one object instead of a Stage plus a
 * separate awaiter). Invariant: registered on exactly one future, once; completed only by [onDone].
 */
internal class AwaiterStage<T>(loop: EventLoop, private val task: Task<*>?) : Stage<T>(loop), FutureCallback<T> {
    override fun onDone(future: Future<T>) = wakeUp(task, future, { future.deliverTo(this) }, { completeExceptionally(it) })
}
