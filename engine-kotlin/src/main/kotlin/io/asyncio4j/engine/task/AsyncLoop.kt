package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.Awaiter
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.BooleanSupplier
import java.util.function.Supplier

/**
 * Python's `while condition(): await body()` for a Java coroutine, in flat memory.
 *
 * Writing that loop as recursion through `thenCompose` nests one stage per turn: every level stays reachable
 * until the innermost completes, so a million turns keep a million stages alive. This loop instead keeps one
 * object for its whole life: it re-registers itself (an [Awaiter], so the current task waits on each awaited
 * future and can cancel it) on the next awaited future and forgets the previous one.
 *
 * Each turn behaves exactly as the `await` it stands for: a pending asyncio future resumes the loop one
 * iteration after it is done, with the owning task current; a done future continues at once (same step);
 * a failure or CancelledError of `body()`'s stage ends the loop with it (a `finally` is a `whenComplete`
 * on the returned stage). Invariant: at most one future holds this loop in its callback list at a time.
 */
internal class AsyncLoop(
    private val loop: EventLoop,
    private val condition: BooleanSupplier,
    private val body: Supplier<out CompletionStage<*>?>,
) : Awaiter<Any?>(loop.currentTask), java.util.function.BiConsumer<Any?, Throwable?> {
    /** Completes with null when `condition` turns false, or with the first failure. */
    val result: Stage<Void?> = Stage(loop)

    /** Runs turns until one has to wait (then returns; [resume] comes back here) or the loop ends. */
    fun iterate() {
        try {
            while (condition.asBoolean) {
                val stage = body.get() ?: throw NullPointerException("loop body returned null instead of a CompletionStage")
                if (stage is Future<*> && stage.getLoop() === loop) {
                    @Suppress("UNCHECKED_CAST")
                    val future = stage as Future<Any?>
                    if (!future.done()) {
                        future.addAwaiter(this)
                        return
                    }
                    val failure = failureOf(future)
                    if (failure != null) {
                        result.completeExceptionally(failure)
                        return
                    }
                } else if (stage is CompletableFuture<*> && stage.isDone && !stage.isCompletedExceptionally) {
                    (stage as? Stage<*>)?.markObserved() // awaited, so not dropped work
                    continue // an already completed stage: continue at once, as awaiting a done future does
                } else {
                    // A derived stage or a foreign one: wait through the general path (allocates per turn;
                    // this loop itself is the callback, see [accept]).
                    Futures.awaitable(stage, loop).whenComplete(this)
                    return
                }
            }
            result.complete(null)
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            result.completeExceptionally(e)
        }
    }

    override fun resume(future: Future<Any?>) {
        val failure = failureOf(future)
        if (failure != null) result.completeExceptionally(failure) else iterate()
    }

    override fun resumeWithException(error: Throwable) {
        result.completeExceptionally(error)
    }

    /** The awaited derived or foreign stage of the general path completed. */
    override fun accept(value: Any?, failure: Throwable?) {
        if (failure != null) result.completeExceptionally(Futures.unwrap(failure)) else iterate()
    }

    private fun failureOf(future: Future<Any?>): Throwable? =
        try {
            future.exception()
        } catch (e: CancellationException) {
            e
        }

    override fun toString(): String = "AsyncLoop($body)"
}

/** Starts an [AsyncLoop] on [loop] now (the first turn runs inside this call) and returns its stage. */
internal fun loopWhileOn(loop: EventLoop, condition: BooleanSupplier, body: Supplier<out CompletionStage<*>?>): CompletionStage<Void?> {
    requireNotNull(condition) { "condition must not be null" }
    requireNotNull(body) { "body must not be null" }
    loop.checkThread("loopWhile")
    val asyncLoop = AsyncLoop(loop, condition, body)
    asyncLoop.iterate()
    return asyncLoop.result
}
