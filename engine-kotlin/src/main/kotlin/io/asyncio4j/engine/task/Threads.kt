package io.asyncio4j.engine.task

import io.asyncio4j.engine.contextvars.Context
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import java.util.concurrent.Callable
import io.asyncio4j.engine.future.checkNotBlockingLoop
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * asyncio.to_thread: runs [function] in [loop]'s default executor with a copy of the caller's [Context]
 * (so context variables set by the caller are visible in the thread, and changes made there stay there);
 * the future completes on the loop thread.
 */
internal fun <T> toThreadOn(loop: EventLoop, function: Callable<T>): Future<T> {
    requireNotNull(function) { "function must not be null" }
    val context = Context.copyContext()
    return loop.runInExecutor(null, Callable { context.run(function) })
}

/**
 * asyncio.run_coroutine_threadsafe: from any thread, runs [coro] in a task on [loop] and returns a JDK
 * future with the task's outcome.
 *  - the task is created on the loop thread (callSoonThreadsafe), with a copy of the caller's Context;
 *  - cancelling the returned future cancels the task (on the loop thread); cancelled before the task
 *    started, the coroutine never runs;
 *  - the task's result, exception or cancellation reaches the returned future, one iteration after the task
 *    is done (through its done-callback), on the loop thread.
 */
internal fun <T> runCoroutineThreadsafeOn(coro: Coroutine<T>, loop: EventLoop): CompletableFuture<T> {
    requireNotNull(coro) { "coro must not be null" }
    requireNotNull(loop) { "loop must not be null" }
    val context = Context.copyContext()
    val result = ThreadsafeResult<T>(loop)
    var task: Task<T>? = null // loop thread only
    loop.callSoonThreadsafe {
        try {
            val t = context.run { loop.createTask(coro) }
            task = t
            if (result.isCancelled) t.cancel()
            t.addDoneCallback { done ->
                when {
                    done.cancelled() -> result.cancel(false)
                    done.exception() != null -> result.completeExceptionally(done.exception())
                    else -> result.complete(done.result())
                }
            }
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            result.completeExceptionally(e)
        }
    }
    result.whenComplete { _, _ ->
        if (result.isCancelled) {
            try {
                loop.callSoonThreadsafe { task?.cancel() }
            } catch (_: IllegalStateException) {
                // the loop is closed: nothing left to cancel
            }
        }
    }
    return result
}

/**
 * The JDK future [runCoroutineThreadsafeOn] returns, and every stage derived from it: a plain
 * CompletableFuture, except that a blocking wait on the loop's own thread while it is pending fails at once
 * (the task completing it runs on that very loop, so the wait could never end).
 */
internal class ThreadsafeResult<T>(private val loop: EventLoop) : CompletableFuture<T>() {
    override fun <U> newIncompleteFuture(): CompletableFuture<U> = ThreadsafeResult(loop)

    override fun get(): T {
        if (!isDone) checkNotBlockingLoop(loop, "get")
        return super.get()
    }

    override fun get(timeout: Long, unit: TimeUnit): T {
        if (!isDone) checkNotBlockingLoop(loop, "get")
        return super.get(timeout, unit)
    }

    override fun join(): T {
        if (!isDone) checkNotBlockingLoop(loop, "join")
        return super.join()
    }
}
