package io.asyncio4j.engine.future

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.Task
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.function.Function

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
@JvmSynthetic internal inline fun <T> wakeUp(task: Task<*>?, future: Future<T>, resume: () -> Unit, raise: (Throwable) -> Unit) {
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
internal class AwaiterStage<T>(loop: EventLoop, private val task: Task<*>?) : Stage<T>(loop, false), FutureCallback<T> {
    override fun onDone(future: Future<T>) = wakeUp(task, future, { future.deliverTo(this) }, { completeExceptionally(it) })
}

/**
 * `future.thenApply(fn)` on a pending future (the common `return sleep(0).thenApply(x -> i)`): the awaiter,
 * the call of fn and the derived stage in one object, where the JDK chain is an [AwaiterStage], a UniApply and
 * a derived stage. It completes as that chain did: fn runs with the task current, one iteration after the
 * outcome; the stage completes with fn's value, or with a CompletionException around the future's failure
 * (CancelledError included) or fn's; completed by hand first, fn is skipped.
 *
 * Its own dependents fire in the chain's order too. The JDK fires the dependents of a stage completed from
 * inside another stage's completion in registration order, but those of a stage completed directly newest
 * first; one dependent (the task's tail, usually) fires the same either way, so with two or more the stage
 * is completed through [nested], that chain's shape (one extra source and UniApply, only then).
 * Invariant: registered on exactly one future, once; [fn] is called at most once and then dropped.
 */
internal class ApplyAwaiter<T, U>(
    loop: EventLoop,
    private val task: Task<*>?,
    private var fn: Function<in T, out U>?,
) : Stage<U>(loop), FutureCallback<T> {
    override fun onDone(future: Future<T>) = wakeUp(task, future, { resume(future) }, { fail(it) })

    private fun resume(future: Future<T>) {
        val failure = future.awaitedFailure()
        if (failure != null) fail(failure) else apply(future.awaitedValue())
    }

    private fun apply(value: T) {
        val f = fn ?: return
        fn = null
        if (isDone) return
        if (numberOfDependents > 1) {
            nested(f).complete(value)
            return
        }
        val result = try {
            f.apply(value)
        } catch (e: Throwable) {
            completeExceptionally(if (e is CompletionException) e else CompletionException(e))
            return
        }
        complete(result)
    }

    private fun fail(error: Throwable) {
        val f = fn ?: return
        fn = null
        if (isDone) return
        if (numberOfDependents > 1) {
            nested(f).completeExceptionally(error)
            return
        }
        completeExceptionally(if (error is CompletionException) error else CompletionException(error))
    }

    /** A source whose JDK thenApply(f) dependent is this stage: completing it completes this one nested. */
    private fun nested(f: Function<in T, out U>): CompletableFuture<T> {
        val source = NestingSource<T>(this)
        source.thenApply(f)
        return source
    }
}

/**
 * A plain CompletableFuture whose next derived stage is [target] (through the JDK's documented subclass hook
 * [newIncompleteFuture]), so that the JDK completes [target] as the dependent of this one. One use only.
 */
private class NestingSource<T>(private val target: CompletableFuture<*>) : CompletableFuture<T>() {
    @Suppress("UNCHECKED_CAST")
    override fun <V> newIncompleteFuture(): CompletableFuture<V> = target as CompletableFuture<V>
}
