package io.asyncio4j.engine.future

import io.asyncio4j.engine.loop.EventLoop
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.BiConsumer
import java.util.function.BiFunction
import java.util.function.Consumer
import java.util.function.Function

/**
 * A stage derived from an asyncio future by a CompletionStage method (`thenApply`, `handle`, ...).
 * It completes inline, when the stage before it does: a chain of derived stages is one step of the task.
 *
 * Where a continuation hands back another stage to wait for (`thenCompose`, `exceptionallyCompose`, the
 * `other` of `thenCombine`/`applyToEither`/...), that stage is awaited properly: an asyncio future through its
 * callback list (so the current task waits on it and can cancel it), a foreign CompletionStage through
 * [Futures.wrapStage] (so the chain continues on the loop thread).
 */
internal class Stage<T>(@JvmField val loop: EventLoop) : CompletableFuture<T>() {
    override fun <U> newIncompleteFuture(): CompletableFuture<U> = Stage(loop)

    override fun <U> thenCompose(fn: Function<in T, out CompletionStage<U>>): CompletableFuture<U> =
        super.thenCompose { x -> Futures.awaitable(fn.apply(x), loop) }

    override fun exceptionallyCompose(fn: Function<Throwable, out CompletionStage<T>>): CompletableFuture<T> =
        super.exceptionallyCompose { e -> Futures.awaitable(fn.apply(e), loop) }

    override fun <U, V> thenCombine(
        other: CompletionStage<out U>,
        fn: BiFunction<in T, in U, out V>,
    ): CompletableFuture<V> = super.thenCombine(Futures.awaitable(other, loop), fn)

    override fun <U> thenAcceptBoth(
        other: CompletionStage<out U>,
        action: BiConsumer<in T, in U>,
    ): CompletableFuture<Void> = super.thenAcceptBoth(Futures.awaitable(other, loop), action)

    override fun runAfterBoth(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
        super.runAfterBoth(Futures.awaitable(other, loop), action)

    override fun <U> applyToEither(other: CompletionStage<out T>, fn: Function<in T, U>): CompletableFuture<U> =
        super.applyToEither(Futures.awaitable(other, loop), fn)

    override fun acceptEither(other: CompletionStage<out T>, action: Consumer<in T>): CompletableFuture<Void> =
        super.acceptEither(Futures.awaitable(other, loop), action)

    override fun runAfterEither(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
        super.runAfterEither(Futures.awaitable(other, loop), action)

    override fun toString(): String = "<Stage ${if (isDone) "done" else "pending"}>"
}
