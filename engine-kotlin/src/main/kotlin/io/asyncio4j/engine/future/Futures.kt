package io.asyncio4j.engine.future

import io.asyncio4j.engine.loop.EventLoop
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.ExecutionException
import java.util.concurrent.Executor

/** asyncio's helpers that turn other awaitables into asyncio futures (futures.py: wrap_future, isfuture). */
public object Futures {
    /** True for asyncio futures and tasks (asyncio.isfuture). A plain CompletableFuture is not one. */
    @JvmStatic
    public fun isFuture(obj: Any?): Boolean = obj is Future<*>

    /**
     * An asyncio future of [loop] that mirrors [stage] (asyncio.wrap_future): completed on the loop thread
     * one iteration after [stage] completes. Cancelling it cancels [stage] if that is a java.util.concurrent
     * Future (without interrupting, as asyncio cancels a concurrent.futures.Future). An asyncio future of
     * this loop is returned as is.
     */
    @JvmStatic
    public fun <T> wrapStage(stage: CompletionStage<T>, loop: EventLoop): Future<T> {
        if (stage is Future<*>) {
            @Suppress("UNCHECKED_CAST")
            val f = stage as Future<T>
            require(f.getLoop() === loop) { "future belongs to a different loop than the one specified: $f" }
            return f
        }
        val destination = Future<T>(loop)
        if (stage is java.util.concurrent.Future<*>) {
            val source = stage as java.util.concurrent.Future<*>
            destination.onCancel = Runnable { source.cancel(false) }
        }
        // Outside work until it posts its outcome (see EventLoop.externalWorkStarted): a virtual clock waits for it.
        loop.externalWorkStarted()
        stage.whenComplete { value, failure ->
            val deliver = Runnable {
                if (destination.done()) return@Runnable
                val cause = failure?.let { unwrap(it) }
                when (cause) {
                    null -> destination.setResult(value)
                    is java.util.concurrent.CancellationException -> destination.cancel(cause.message)
                    else -> destination.setException(cause)
                }
            }
            try {
                loop.callSoonThreadsafe(deliver)
            } catch (_: IllegalStateException) {
                // loop closed: nobody waits any more
            } finally {
                loop.externalWorkFinished()
            }
        }
        return destination
    }

    /**
     * asyncio.wrap_future for any java.util.concurrent.Future: a CompletableFuture (or other CompletionStage) is
     * mirrored through its callbacks ([wrapStage]); a plain Future without callbacks (a FutureTask from
     * ExecutorService.submit) is waited for in a daemon thread.
     */
    @JvmStatic
    public fun <T> wrapFuture(future: java.util.concurrent.Future<T>, loop: EventLoop): Future<T> {
        if (future is CompletionStage<*>) {
            @Suppress("UNCHECKED_CAST")
            return wrapStage(future as CompletionStage<T>, loop)
        }
        val mirror = CompletableFuture<T>()
        val waiter = Thread({
            try {
                mirror.complete(future.get())
            } catch (e: ExecutionException) {
                mirror.completeExceptionally(e.cause ?: e)
            } catch (e: Throwable) {
                mirror.completeExceptionally(e)
            }
        }, "asyncio4j-wrap-future")
        waiter.isDaemon = true
        waiter.start()
        val destination = wrapStage(mirror, loop)
        destination.onCancel = Runnable { future.cancel(false) }
        return destination
    }

    /** [stage] as an asyncio future of [loop]: itself if it is one, else [wrapFuture] (asyncio.ensure_future). */
    @JvmStatic
    public fun <T> ensureFuture(stage: CompletionStage<T>, loop: EventLoop): Future<T> = wrapStage(stage, loop)

    /** The exception inside CompletionException/ExecutionException wrappers, as a user means it. */
    @JvmStatic
    public fun unwrap(failure: Throwable): Throwable {
        var e = failure
        while ((e is CompletionException || e is ExecutionException) && e.cause != null) e = e.cause!!
        return e
    }

    /**
     * A stage a chain can wait on: an asyncio future's awaiter stage (the current task waits on it), a stage
     * already derived from one, or a foreign CompletionStage wrapped onto [loop].
     */
    internal fun <T> awaitable(stage: CompletionStage<T>?, loop: EventLoop): CompletionStage<T> {
        if (stage == null) throw NullPointerException("a coroutine returned null instead of a CompletionStage")
        @Suppress("UNCHECKED_CAST")
        val awaited: CompletionStage<T> = when {
            stage is Future<*> -> (stage as Future<T>).awaitStage()
            stage is Stage<*> -> stage
            stage is CompletableFuture<*> && stage.isDone -> completedStage(stage as CompletableFuture<T>, loop)
            else -> wrapStage(stage, loop).awaitStage()
        }
        // Awaited, so not dropped work: the JDK may relay a stage that is (or soon is) done without a dependent.
        (awaited as? Stage<*>)?.markObserved()
        return awaited
    }

    /**
     * An already completed JDK future (CompletableFuture.completedFuture(x) standing for `return x`) continues
     * at once, as awaiting a done future does in asyncio.
     */
    private fun <T> completedStage(done: CompletableFuture<T>, loop: EventLoop): CompletionStage<T> {
        val stage = Stage<T>(loop)
        done.whenComplete { v, e -> if (e == null) stage.complete(v) else stage.completeExceptionally(unwrap(e)) }
        return stage
    }

    /** Runs [function] on [executor]; the returned future completes on [loop] (run_in_executor). */
    internal fun <T> submitTo(executor: Executor, function: Callable<T>, loop: EventLoop): Future<T> {
        val work = CompletableFuture<T>()
        val result = wrapStage(work, loop)
        result.onCancel = Runnable { work.cancel(false) }
        executor.execute {
            if (work.isDone) return@execute // cancelled before it started
            try {
                work.complete(function.call())
            } catch (e: Throwable) {
                work.completeExceptionally(e)
            }
        }
        return result
    }
}
