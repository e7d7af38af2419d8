package io.asyncio4j.engine.future

import io.asyncio4j.engine.loop.EventLoop
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.Executor
import java.util.concurrent.TimeUnit
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
internal open class Stage<T>(@JvmField val loop: EventLoop, tracked: Boolean) : CompletableFuture<T>() {
    constructor(loop: EventLoop) : this(loop, true)

    // Dropped work: a stage made on the loop thread is noted by the loop, which calls [checkDropped] at the end of
    // that iteration. One field for it all (a Stage per await is the hot path): [drop] is null (not consumed
    // yet), a Throwable (debug mode: where it was made, not consumed yet), OBSERVED once user code or the engine
    // consumed its outcome (a derived stage, join/get/getNow, a whenComplete tap), or the [DroppedStage] watching
    // it when [checkDropped] found no consumer; that report learns the outcome through one watching dependent.
    private var drop: Any? = null

    init {
        // Untracked: the engine's own awaiter stages, which it chains on at once (never handed out bare).
        if (tracked && loop.noteStage(this)) drop = Throwable("stage created here")
    }

    /** Marks this stage's outcome as consumed: no dropped-work report for it. */
    @JvmSynthetic internal fun markObserved() {
        val d = drop
        if (d === OBSERVED) return
        if (d is DroppedStage) d.retrieved = true
        drop = OBSERVED
    }

    /**
     * Called by the loop at the end of the iteration that made this stage: with nobody chaining on it, it may
     * be dropped work. A done one with a result is not reported (outside debug mode); otherwise it is watched
     * until collected ([DroppedStage]).
     */
    @JvmSynthetic internal fun checkDropped() {
        val d = drop
        if (d === OBSERVED || d is DroppedStage || numberOfDependents > 0) return
        val createdAt = d as Throwable?
        val failed = isDone && isCompletedExceptionally
        if (isDone && !failed && createdAt == null) return
        if (isCancelled) return // cancelled on purpose (cancel(true) by the caller)
        val report = DroppedStage.watch(this, loop, createdAt)
        if (isDone) {
            report.accept(null, exceptionOf(this))
        } else {
            (super.whenComplete(report) as? Stage<*>)?.markObserved() // the watching dependent
        }
        drop = report
    }

    override fun <U> newIncompleteFuture(): CompletableFuture<U> {
        markObserved()
        return Stage(loop)
    }

    /** A whenComplete action sees the failure: the stage it returns (same outcome) is not dropped work. */
    override fun whenComplete(action: BiConsumer<in T, in Throwable?>): CompletableFuture<T> =
        super.whenComplete(action).also { (it as? Stage<*>)?.markObserved() }

    override fun getNow(valueIfAbsent: T): T {
        markObserved()
        return super.getNow(valueIfAbsent)
    }

    /**
     * `thenApplyAsync(fn)` and the other `*Async` methods without an executor run on the loop thread, one
     * iteration later (not in the JDK's common pool, where the continuation could not use the loop). With an
     * explicit executor they run there, as the JDK says; the task whose chain that is still ends on the loop.
     */
    override fun defaultExecutor(): Executor = loop.stageExecutor

    override fun <U> thenCompose(fn: Function<in T, out CompletionStage<U>>): CompletableFuture<U> =
        super.thenCompose { x -> Futures.awaitable(fn.apply(x), loop) }

    override fun exceptionallyCompose(fn: Function<Throwable, out CompletionStage<T>>): CompletableFuture<T> =
        super.exceptionallyCompose { e -> Futures.awaitable(fn.apply(e), loop) }

    override fun <U> thenComposeAsync(fn: Function<in T, out CompletionStage<U>>): CompletableFuture<U> =
        super.thenComposeAsync { x -> Futures.awaitable(fn.apply(x), loop) }

    override fun <U> thenComposeAsync(
        fn: Function<in T, out CompletionStage<U>>,
        executor: Executor,
    ): CompletableFuture<U> = super.thenComposeAsync({ x -> Futures.awaitable(fn.apply(x), loop) }, executor)

    override fun exceptionallyComposeAsync(fn: Function<Throwable, out CompletionStage<T>>): CompletableFuture<T> =
        super.exceptionallyComposeAsync { e -> Futures.awaitable(fn.apply(e), loop) }

    override fun exceptionallyComposeAsync(
        fn: Function<Throwable, out CompletionStage<T>>,
        executor: Executor,
    ): CompletableFuture<T> = super.exceptionallyComposeAsync({ e -> Futures.awaitable(fn.apply(e), loop) }, executor)

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

    override fun <U, V> thenCombineAsync(other: CompletionStage<out U>, fn: BiFunction<in T, in U, out V>): CompletableFuture<V> =
        super.thenCombineAsync(Futures.awaitable(other, loop), fn)
    override fun <U, V> thenCombineAsync(other: CompletionStage<out U>, fn: BiFunction<in T, in U, out V>, executor: Executor): CompletableFuture<V> =
        super.thenCombineAsync(Futures.awaitable(other, loop), fn, executor)
    override fun <U> thenAcceptBothAsync(other: CompletionStage<out U>, action: BiConsumer<in T, in U>): CompletableFuture<Void> =
        super.thenAcceptBothAsync(Futures.awaitable(other, loop), action)
    override fun <U> thenAcceptBothAsync(other: CompletionStage<out U>, action: BiConsumer<in T, in U>, executor: Executor): CompletableFuture<Void> =
        super.thenAcceptBothAsync(Futures.awaitable(other, loop), action, executor)
    override fun runAfterBothAsync(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
        super.runAfterBothAsync(Futures.awaitable(other, loop), action)
    override fun runAfterBothAsync(other: CompletionStage<*>, action: Runnable, executor: Executor): CompletableFuture<Void> =
        super.runAfterBothAsync(Futures.awaitable(other, loop), action, executor)
    override fun <U> applyToEitherAsync(other: CompletionStage<out T>, fn: Function<in T, U>): CompletableFuture<U> =
        super.applyToEitherAsync(Futures.awaitable(other, loop), fn)
    override fun <U> applyToEitherAsync(other: CompletionStage<out T>, fn: Function<in T, U>, executor: Executor): CompletableFuture<U> =
        super.applyToEitherAsync(Futures.awaitable(other, loop), fn, executor)
    override fun acceptEitherAsync(other: CompletionStage<out T>, action: Consumer<in T>): CompletableFuture<Void> =
        super.acceptEitherAsync(Futures.awaitable(other, loop), action)
    override fun acceptEitherAsync(other: CompletionStage<out T>, action: Consumer<in T>, executor: Executor): CompletableFuture<Void> =
        super.acceptEitherAsync(Futures.awaitable(other, loop), action, executor)
    override fun runAfterEitherAsync(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
        super.runAfterEitherAsync(Futures.awaitable(other, loop), action)
    override fun runAfterEitherAsync(other: CompletionStage<*>, action: Runnable, executor: Executor): CompletableFuture<Void> =
        super.runAfterEitherAsync(Futures.awaitable(other, loop), action, executor)

    // Blocking waits: refused on the loop's own thread while the stage is pending (see checkNotBlockingLoop),
    // exactly as Future refuses them; a done stage answers at once as the JDK does.

    override fun get(): T {
        if (!isDone) checkNotBlockingLoop(loop, "get")
        markObserved()
        return super.get()
    }

    override fun get(timeout: Long, unit: TimeUnit): T {
        if (!isDone) checkNotBlockingLoop(loop, "get")
        markObserved()
        return super.get(timeout, unit)
    }

    override fun join(): T {
        if (!isDone) checkNotBlockingLoop(loop, "join")
        markObserved()
        return super.join()
    }

    private fun exceptionOf(done: CompletableFuture<*>): Throwable? = try {
        done.getNow(null)
        null
    } catch (e: Throwable) {
        e
    }

    private companion object {
        /** [drop]'s value once the outcome was consumed. */
        private val OBSERVED = Any()
    }

    override fun toString(): String = "<Stage ${if (isDone) "done" else "pending"}>"
}
