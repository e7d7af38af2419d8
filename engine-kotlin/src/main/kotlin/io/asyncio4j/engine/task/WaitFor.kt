package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.loop.EventLoop
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletionStage
import java.util.function.Consumer

/**
 * asyncio.wait_for with Python 3.12's semantics (`async with timeout(t): return await aw`), run in the
 * current task:
 *  - timeout null: just awaits [aw];
 *  - timeout <= 0: [aw] becomes a future (a coroutine a task that is cancelled before it ever starts); a done
 *    one gives its outcome at once; otherwise it is cancelled and waited for: TimeoutError (cause: its
 *    CancelledError) if it ended cancelled, its result if it suppressed the cancellation;
 *  - otherwise a [Timeout] scope: at the deadline the current task is cancelled, so the awaited future (a
 *    task: the coroutine runs inline in the current task, as `await coro` does) is cancelled; waitFor waits
 *    until it has really finished and raises TimeoutError, or returns the value of an inner task that
 *    suppressed its cancellation;
 *  - an external cancel of the current task racing with the completion of [aw] still cancels (the task's
 *    pending cancellation is delivered at the wait; CPython issue 86296).
 *
 * [aw] is a CompletionStage or a [Coroutine]. Without a current task (a plain callback), the whole wait runs
 * in a new task, as `ensure_future(wait_for(...))` would.
 */
internal fun <T> waitForOn(loop: EventLoop, aw: Any, timeout: Double?): CompletionStage<T> {
    requireNotNull(aw) { "aw must not be null" }
    require(timeout == null || !timeout.isNaN()) { "timeout must not be NaN" }
    if (aw !is Coroutine<*> && aw !is CompletionStage<*>) {
        throw IllegalArgumentException("waitFor() expects a CompletionStage or a Coroutine, not ${aw.javaClass.name}")
    }
    if (loop.currentTask() == null) return loop.createTask(Coroutine { waitForOn<T>(loop, aw, timeout) })
    @Suppress("UNCHECKED_CAST")
    if (timeout != null && timeout <= 0) {
        val fut: Future<T> = if (aw is Coroutine<*>) loop.createTask(aw as Coroutine<T>) else
            Futures.ensureFuture(aw as CompletionStage<T>, loop)
        if (fut.done()) return fut
        return cancelAndWait(loop, fut).handle { _, failure ->
            if (failure != null) throw Futures.unwrap(failure) // the caller was cancelled meanwhile
            try {
                fut.result()
            } catch (e: CancellationException) {
                throw TimeoutError("waitFor() timed out after $timeout seconds", e)
            }
        }
    }
    return Timeout.after(loop, timeout).also { it.label = "waitFor()" }.run { _ ->
        @Suppress("UNCHECKED_CAST")
        if (aw is Coroutine<*>) (aw as Coroutine<T>).start() else aw as CompletionStage<T>
    }
}

/** asyncio's `_cancel_and_wait`: cancels [fut] and returns a stage done when [fut] is, in the current task. */
private fun <T> cancelAndWait(loop: EventLoop, fut: Future<T>): CompletionStage<Void?> {
    val waiter = Future<Void?>(loop)
    val release = Consumer<Future<T>> { if (!waiter.done()) waiter.setResult(null) }
    fut.addDoneCallback(release)
    fut.cancel()
    return Futures.awaitable(waiter, loop).whenComplete { _, _ -> fut.removeDoneCallback(release) }
}
