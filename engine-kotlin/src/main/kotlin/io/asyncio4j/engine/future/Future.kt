package io.asyncio4j.engine.future

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.exceptions.InvalidStateError
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.ExecutionException
import java.util.concurrent.Executor
import java.util.concurrent.TimeUnit
import java.util.function.BiConsumer
import java.util.function.BiFunction
import java.util.function.Consumer
import java.util.function.Function
import java.util.function.Supplier

/**
 * asyncio.Future, as a [CompletableFuture].
 *
 * Two views of one outcome:
 *  - the asyncio state ([state], the result or exception) changes at once in [setResult]/[setException]/
 *    [cancel], so `done()`, `result()`, `isDone()`, `join()` answer immediately;
 *  - everything that *reacts* to the outcome runs one loop iteration later, through a single `callSoon`:
 *    done-callbacks ([addDoneCallback]) and CompletionStage continuations (`thenApply`, `whenComplete`, ...),
 *    in the order they were registered, each with the task that registered it as the current task. That is
 *    asyncio's rule (callbacks are scheduled with call_soon, never run inside set_result).
 *
 * A continuation does not hang off this object's JDK dependents stack (which would run inline and in LIFO
 * order): each CompletionStage method first makes an *awaiter* [Stage], registered in the asyncio callback
 * list, and applies the method to it. Stages derived from it complete inline, so a chain of `thenApply`s after
 * one await runs within the same step, as awaiting a coroutine does in Python. Awaiting an already-done future
 * continues at once, in the same step, as in asyncio.
 *
 * The JDK side (what `CompletableFuture.allOf`, blocked `get()` callers and other raw JDK dependents see) is
 * completed at the same moment as the callbacks run, or at once when nothing depends on it.
 *
 * Threading: the asyncio methods belong to the loop's thread (see [EventLoop]); the JDK mutators
 * ([complete], [completeExceptionally], [cancel] with a boolean) are safe from any thread and hop to the loop.
 */
public open class Future<T> @JvmOverloads constructor(
    private val loop: EventLoop = Events.getEventLoop(),
) : CompletableFuture<T>() {

    // Invariant: state moves once, from PENDING to CANCELLED or FINISHED. `value`/`error` are written before
    // the volatile `state`, so a thread that reads a non-PENDING state sees them.
    @Volatile private var state: Int = PENDING
    private var value: Any? = null
    private var error: Throwable? = null
    private var cancelMessage: String? = null

    /** Null, one [FutureCallback], or an ArrayList of them: registration order. Loop thread only. */
    private var callbacks: Any? = null

    /** Set while an exception is stored that nobody has retrieved; reported when this future is collected. */
    private var unretrieved: UnretrievedException? = null

    /**
     * Internal action run once, before the first wait registers on this future ([claim]): asCompleted's futures
     * take "the next completion" only when they are awaited, as its coroutines do in asyncio.
     */
    private var beforeAwait: Runnable? = null

    /** Internal action run once when this future is cancelled (sleep cancels its timer with it). */
    @JvmField @field:JvmSynthetic internal var onCancel: Runnable? = null

    /**
     * True for sleep(0)'s future while its wake-up handle is scheduled. A [cancel] meanwhile leaves the callbacks
     * to that handle ([runCallbacksAtWakeup]) instead of scheduling its own: asyncio delivers the cancellation at
     * the task's step that the bare yield already scheduled, so the waiter resumes (cancelled) at the iteration it
     * would have resumed at anyway, not one later.
     */
    private var callbacksAtWakeup: Boolean = false

    /**
     * True while this future sits in the loop's ready queue to run its done-callbacks ([runScheduled]): the
     * future is its own scheduled handle, one object fewer per completion. Invariant: set once, by
     * [scheduleCallbacks] (the state moves once); from then until they run, [callbacks] holds the callbacks
     * that the run will call (registered before the outcome; none can be added to a done future) and they
     * can no longer be removed, as asyncio's _schedule_callbacks hands them to call_soon.
     */
    private var callbacksScheduled: Boolean = false

    /** With [callbacksScheduled]: raw JDK dependents exist, so the JDK side is completed by the run, not at once. */
    private var jdkSideDeferred: Boolean = false

    // ------------------------------------------------------------------------------------------------
    // asyncio.Future API.

    /** The loop this future is bound to (asyncio's `Future.get_loop()`). */
    public fun getLoop(): EventLoop = loop

    /** True once the future has a result, an exception or was cancelled (asyncio's `done()`). */
    public fun done(): Boolean = state != PENDING

    /** True if the future was cancelled (asyncio's `cancelled()`). */
    public fun cancelled(): Boolean = state == CANCELLED

    /** The result; throws the exception if one was set, CancelledError if cancelled, InvalidStateError if pending. */
    public fun result(): T {
        when (state) {
            PENDING -> throw InvalidStateError("Result is not set.")
            CANCELLED -> throw makeCancelledError()
        }
        val e = error
        if (e != null) {
            markExceptionRetrieved()
            throw e
        }
        @Suppress("UNCHECKED_CAST")
        return value as T
    }

    /** The exception, or null if the future has a result; CancelledError if cancelled, InvalidStateError if pending. */
    public fun exception(): Throwable? {
        when (state) {
            PENDING -> throw InvalidStateError("Exception is not set.")
            CANCELLED -> throw makeCancelledError()
        }
        markExceptionRetrieved()
        return error
    }

    /** Marks the future done with [result] and schedules its callbacks (asyncio's `set_result`); InvalidStateError if it is already done, IllegalStateException from another thread or ("Event loop is closed") when callbacks must be scheduled on a closed loop. */
    public open fun setResult(result: T) {
        loop.checkThread("setResult")
        if (state != PENDING) throw InvalidStateError("invalid state: ${stateName()}: $this")
        value = result
        state = FINISHED
        scheduleCallbacks()
    }

    /** Marks the future done with [exception] and schedules its callbacks (asyncio's `set_exception`); the same errors as [setResult]. Reported as "exception was never retrieved" if nobody looks at it. */
    public open fun setException(exception: Throwable) {
        loop.checkThread("setException")
        requireNotNull(exception) { "exception must not be null" }
        if (state != PENDING) throw InvalidStateError("invalid state: ${stateName()}: $this")
        error = exception
        state = FINISHED
        if (exception !is CancellationException) unretrieved = UnretrievedException.watch(this, loop, exception)
        scheduleCallbacks()
    }

    /**
     * asyncio's `set_exception(SomeError)`: asyncio instantiates an exception class it is given, so this sets a
     * new instance of [exceptionClass] made with its no-argument constructor. InvalidStateError if the future
     * is done; IllegalArgumentException if the class cannot be made without arguments (Python's TypeError from
     * the call), with the cause. (asyncio also refuses StopIteration here; no Java exception plays its role.)
     */
    public fun setException(exceptionClass: Class<out Throwable>) {
        loop.checkThread("setException")
        requireNotNull(exceptionClass) { "exceptionClass must not be null" }
        if (state != PENDING) throw InvalidStateError("invalid state: ${stateName()}: $this")
        val exception = try {
            exceptionClass.getDeclaredConstructor().newInstance()
        } catch (e: ReflectiveOperationException) {
            throw IllegalArgumentException(
                "exceptionClass cannot be instantiated without arguments: ${exceptionClass.name}", e)
        }
        setException(exception)
    }

    /**
     * Sets the result and runs the callbacks right here instead of one iteration later. Only for callers that
     * are themselves a scheduled callback standing in for asyncio's own step (sleep(0)'s bare yield), so the
     * waiter still resumes exactly one iteration after it suspended.
     */
    @JvmSynthetic internal fun setResultAndRunCallbacks(result: T) {
        if (state != PENDING) return
        value = result
        state = FINISHED
        val registered = callbacks
        callbacks = null
        // Runs the callbacks inline, without the CallbackRunner object scheduleCallbacks needs (hot: every sleep(0)).
        completeJdkSide()
        runCallbacks(registered)
    }

    /**
     * sleep(0)'s bare yield: this future is its own wake-up handle (one object per yield), queued now. The
     * result is stored in [value] at once; while [state] is PENDING it is not an outcome (every reader checks
     * the state first), and the wake-up ([runCallbacksAtWakeup]) makes it one unless a cancel or a hand-made
     * completion came first.
     */
    @JvmSynthetic internal fun scheduleWakeup(result: T) {
        value = result
        callbacksAtWakeup = true
        loop.callSoonFuture(this)
    }

    /**
     * sleep(0)'s wake-up (see [callbacksAtWakeup]): finishes with the result given to [scheduleWakeup] unless
     * the future was cancelled or completed meanwhile, and runs the callbacks right here in both cases.
     */
    private fun runCallbacksAtWakeup() {
        callbacksAtWakeup = false
        if (state == PENDING) state = FINISHED
        completeJdkSide()
        // Completed by hand (setResult) before this wake-up: its callbacks belong to the run that completion
        // scheduled, which comes after this one.
        if (callbacksScheduled) return
        val registered = callbacks
        callbacks = null
        runCallbacks(registered)
    }

    /** Cancels the future if pending and schedules its callbacks; returns false if it was already done. */
    public open fun cancel(msg: String?): Boolean {
        loop.checkThread("cancel")
        if (state != PENDING) return false
        cancelMessage = msg
        state = CANCELLED
        onCancel?.let { onCancel = null; it.run() }
        if (!callbacksAtWakeup) scheduleCallbacks() // else the scheduled wake-up runs them
        return true
    }

    /** Cancels the future without a message (asyncio's `cancel()`): false if it is already done. */
    public fun cancel(): Boolean = cancel(null)

    /**
     * Calls [callback] with this future when it is done, on a later loop iteration (at once scheduled if the
     * future is already done). Callbacks run in registration order.
     */
    /** [addDoneCallback] with `context=`: [callback] runs with [context] current (asyncio's context=). */
    public fun addDoneCallback(callback: Consumer<in Future<T>>, context: io.asyncio4j.engine.contextvars.Context) {
        requireNotNull(callback) { "callback must not be null" }
        requireNotNull(context) { "context must not be null" }
        addDoneCallback(Consumer<Future<T>> { f -> context.run(java.util.concurrent.Callable { callback.accept(f) }) })
    }

    /** Calls [callback] with this future once it is done, one iteration later (asyncio's `add_done_callback`); loop thread only, IllegalStateException "Event loop is closed" if the future is done and its loop closed. */
    public fun addDoneCallback(callback: Consumer<in Future<T>>) {
        requireNotNull(callback) { "callback must not be null" }
        loop.checkThread("addDoneCallback")
        claim()
        if (state != PENDING) {
            loop.checkClosed() // asyncio's call_soon on a closed loop: RuntimeError('Event loop is closed')
            loop.callSoonInternal({ callback.accept(this) }, null)
        } else {
            addCallback(DoneCallback(callback))
        }
    }

    /** Removes every registration of [callback]; returns how many were removed. */
    public fun removeDoneCallback(callback: Consumer<in Future<T>>): Int {
        loop.checkThread("removeDoneCallback")
        if (callbacksScheduled) return 0 // already handed to the scheduled run (see [callbacksScheduled])
        val current = callbacks ?: return 0
        if (current is FutureCallback<*>) {
            if (current is DoneCallback<*> && current.callback == callback) {
                callbacks = null
                return 1
            }
            return 0
        }
        @Suppress("UNCHECKED_CAST")
        val list = current as ArrayList<FutureCallback<T>>
        val before = list.size
        list.removeIf { it is DoneCallback<*> && it.callback == callback }
        return before - list.size
    }

    // ------------------------------------------------------------------------------------------------
    // CompletableFuture: queries answer from the asyncio state.

    override fun isDone(): Boolean = state != PENDING

    override fun isCancelled(): Boolean = state == CANCELLED

    override fun isCompletedExceptionally(): Boolean = state == CANCELLED || (state == FINISHED && error != null)

    override fun get(): T {
        if (state == PENDING) {
            checkNotBlockingLoop("get")
            claimFromAnyThread()
            super.get()
        }
        return reportGet()
    }

    override fun get(timeout: Long, unit: TimeUnit): T {
        if (state == PENDING) {
            checkNotBlockingLoop("get")
            claimFromAnyThread()
            super.get(timeout, unit)
        }
        return reportGet()
    }

    override fun join(): T {
        if (state == PENDING) {
            checkNotBlockingLoop("join")
            claimFromAnyThread()
            try {
                super.join()
            } catch (_: CompletionException) {
            } catch (_: CancellationException) {
            }
        }
        return when {
            state == CANCELLED -> throw makeCancelledError()
            error != null -> {
                markExceptionRetrieved()
                throw if (error is CompletionException) error!! else CompletionException(error)
            }
            else -> resultValue()
        }
    }

    override fun getNow(valueIfAbsent: T): T = if (state == PENDING) valueIfAbsent else join()

    // CompletableFuture mutators: safe from any thread. On the loop thread they act at once (returning
    // whether this call completed the future); from another thread they hop to the loop and return whether the
    // future was still pending when they were called.

    override fun complete(value: T): Boolean = fromAnyThread { setResult(value) }

    override fun completeExceptionally(ex: Throwable): Boolean = fromAnyThread { setException(ex) }

    override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
        if (loop.isHomeThread()) return cancel(null)
        if (state != PENDING) return false
        loop.callSoonThreadsafe { cancel(null) }
        return true
    }

    override fun obtrudeValue(value: T): Unit =
        throw UnsupportedOperationException("an asyncio Future cannot be overwritten")

    override fun obtrudeException(ex: Throwable): Unit =
        throw UnsupportedOperationException("an asyncio Future cannot be overwritten")

    override fun completeAsync(supplier: Supplier<out T>, executor: Executor): CompletableFuture<T> {
        executor.execute {
            try {
                complete(supplier.get())
            } catch (e: Throwable) {
                completeExceptionally(e)
            }
        }
        return this
    }

    override fun completeAsync(supplier: Supplier<out T>): CompletableFuture<T> =
        completeAsync(supplier, defaultExecutor())

    override fun <U> newIncompleteFuture(): CompletableFuture<U> = Stage(loop)

    /** This future; a JDK stage composing on it (`cf.thenCompose(x -> future)`) awaits it, see [claim]. */
    override fun toCompletableFuture(): CompletableFuture<T> {
        claimFromAnyThread()
        return this
    }

    // ------------------------------------------------------------------------------------------------
    // CompletionStage: every continuation goes through an awaiter stage (see the class comment).

    override fun <U> thenApply(fn: Function<in T, out U>): CompletableFuture<U> {
        if (beforeAwait != null) return awaitStage().thenApply(fn)
        if (state != PENDING || !loop.isHomeThread()) return awaitStage().thenApply(fn)
        // The usual `return sleep(0).thenApply(x -> i)`: one object instead of awaiter stage + UniApply + stage.
        val task = loop.currentTask
        val stage = ApplyAwaiter(loop, task, fn)
        addCallback(stage)
        task?.startWaitingOn(this)
        return stage
    }
    override fun thenAccept(action: Consumer<in T>): CompletableFuture<Void> = awaitStage().thenAccept(action)
    override fun thenRun(action: Runnable): CompletableFuture<Void> = awaitStage().thenRun(action)
    override fun <U> thenCompose(fn: Function<in T, out CompletionStage<U>>): CompletableFuture<U> =
        awaitStage().thenCompose(fn)
    override fun <U> handle(fn: BiFunction<in T, Throwable?, out U>): CompletableFuture<U> = awaitStage().handle(fn)
    override fun whenComplete(action: BiConsumer<in T, in Throwable?>): CompletableFuture<T> =
        awaitStage().whenComplete(action)
    override fun exceptionally(fn: Function<Throwable, out T>): CompletableFuture<T> = awaitStage().exceptionally(fn)
    override fun exceptionallyCompose(fn: Function<Throwable, out CompletionStage<T>>): CompletableFuture<T> =
        awaitStage().exceptionallyCompose(fn)
    override fun <U, V> thenCombine(
        other: CompletionStage<out U>,
        fn: BiFunction<in T, in U, out V>,
    ): CompletableFuture<V> = awaitStage().thenCombine(other, fn)
    override fun <U> thenAcceptBoth(
        other: CompletionStage<out U>,
        action: BiConsumer<in T, in U>,
    ): CompletableFuture<Void> = awaitStage().thenAcceptBoth(other, action)
    override fun runAfterBoth(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
        awaitStage().runAfterBoth(other, action)
    override fun <U> applyToEither(other: CompletionStage<out T>, fn: Function<in T, U>): CompletableFuture<U> =
        awaitStage().applyToEither(other, fn)
    override fun acceptEither(other: CompletionStage<out T>, action: Consumer<in T>): CompletableFuture<Void> =
        awaitStage().acceptEither(other, action)
    override fun runAfterEither(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
        awaitStage().runAfterEither(other, action)

    override fun <U> thenApplyAsync(fn: Function<in T, out U>): CompletableFuture<U> = awaitStage().thenApplyAsync(fn)
    override fun <U> thenApplyAsync(fn: Function<in T, out U>, executor: Executor): CompletableFuture<U> =
        awaitStage().thenApplyAsync(fn, executor)
    override fun thenAcceptAsync(action: Consumer<in T>): CompletableFuture<Void> = awaitStage().thenAcceptAsync(action)
    override fun thenAcceptAsync(action: Consumer<in T>, executor: Executor): CompletableFuture<Void> =
        awaitStage().thenAcceptAsync(action, executor)
    override fun thenRunAsync(action: Runnable): CompletableFuture<Void> = awaitStage().thenRunAsync(action)
    override fun thenRunAsync(action: Runnable, executor: Executor): CompletableFuture<Void> =
        awaitStage().thenRunAsync(action, executor)
    override fun <U> thenComposeAsync(fn: Function<in T, out CompletionStage<U>>): CompletableFuture<U> =
        awaitStage().thenComposeAsync(fn)
    override fun <U> thenComposeAsync(
        fn: Function<in T, out CompletionStage<U>>,
        executor: Executor,
    ): CompletableFuture<U> = awaitStage().thenComposeAsync(fn, executor)
    override fun <U> handleAsync(fn: BiFunction<in T, Throwable?, out U>): CompletableFuture<U> =
        awaitStage().handleAsync(fn)
    override fun <U> handleAsync(fn: BiFunction<in T, Throwable?, out U>, executor: Executor): CompletableFuture<U> =
        awaitStage().handleAsync(fn, executor)
    override fun whenCompleteAsync(action: BiConsumer<in T, in Throwable?>): CompletableFuture<T> =
        awaitStage().whenCompleteAsync(action)
    override fun whenCompleteAsync(action: BiConsumer<in T, in Throwable?>, executor: Executor): CompletableFuture<T> =
        awaitStage().whenCompleteAsync(action, executor)
    override fun exceptionallyAsync(fn: Function<Throwable, out T>): CompletableFuture<T> =
        awaitStage().exceptionallyAsync(fn)
    override fun exceptionallyAsync(fn: Function<Throwable, out T>, executor: Executor): CompletableFuture<T> =
        awaitStage().exceptionallyAsync(fn, executor)
    override fun exceptionallyComposeAsync(fn: Function<Throwable, out CompletionStage<T>>): CompletableFuture<T> =
        awaitStage().exceptionallyComposeAsync(fn)
    override fun exceptionallyComposeAsync(
        fn: Function<Throwable, out CompletionStage<T>>,
        executor: Executor,
    ): CompletableFuture<T> = awaitStage().exceptionallyComposeAsync(fn, executor)
    override fun <U, V> thenCombineAsync(other: CompletionStage<out U>, fn: BiFunction<in T, in U, out V>): CompletableFuture<V> =
        awaitStage().thenCombineAsync(other, fn)
    override fun <U, V> thenCombineAsync(other: CompletionStage<out U>, fn: BiFunction<in T, in U, out V>, executor: Executor): CompletableFuture<V> =
        awaitStage().thenCombineAsync(other, fn, executor)
    override fun <U> thenAcceptBothAsync(other: CompletionStage<out U>, action: BiConsumer<in T, in U>): CompletableFuture<Void> =
        awaitStage().thenAcceptBothAsync(other, action)
    override fun <U> thenAcceptBothAsync(other: CompletionStage<out U>, action: BiConsumer<in T, in U>, executor: Executor): CompletableFuture<Void> =
        awaitStage().thenAcceptBothAsync(other, action, executor)
    override fun runAfterBothAsync(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
        awaitStage().runAfterBothAsync(other, action)
    override fun runAfterBothAsync(other: CompletionStage<*>, action: Runnable, executor: Executor): CompletableFuture<Void> =
        awaitStage().runAfterBothAsync(other, action, executor)
    override fun <U> applyToEitherAsync(other: CompletionStage<out T>, fn: Function<in T, U>): CompletableFuture<U> =
        awaitStage().applyToEitherAsync(other, fn)
    override fun <U> applyToEitherAsync(other: CompletionStage<out T>, fn: Function<in T, U>, executor: Executor): CompletableFuture<U> =
        awaitStage().applyToEitherAsync(other, fn, executor)
    override fun acceptEitherAsync(other: CompletionStage<out T>, action: Consumer<in T>): CompletableFuture<Void> =
        awaitStage().acceptEitherAsync(other, action)
    override fun acceptEitherAsync(other: CompletionStage<out T>, action: Consumer<in T>, executor: Executor): CompletableFuture<Void> =
        awaitStage().acceptEitherAsync(other, action, executor)
    override fun runAfterEitherAsync(other: CompletionStage<*>, action: Runnable): CompletableFuture<Void> =
        awaitStage().runAfterEitherAsync(other, action)
    override fun runAfterEitherAsync(other: CompletionStage<*>, action: Runnable, executor: Executor): CompletableFuture<Void> =
        awaitStage().runAfterEitherAsync(other, action, executor)

    // ------------------------------------------------------------------------------------------------
    // Internals.

    /**
     * A stage that completes with this future's outcome, from the asyncio callback list (one iteration after
     * the outcome, with the registering task current), or at once if this future is already done.
     * Registering while a task is current makes that task wait on this future: cancelling the task cancels it.
     * Every caller chains on the stage at once or hands it to an await ([Futures.awaitable]), so it is not
     * tracked as possible dropped work (see Stage).
     */
    @JvmSynthetic internal fun awaitStage(): CompletableFuture<T> {
        if (!loop.isHomeThread()) {
            // Another thread chains on this future: use the JDK's own thread-safe dependents instead.
            claimFromAnyThread()
            return super.thenApply(Function.identity())
        }
        claim()
        if (state != PENDING) {
            val stage = Stage<T>(loop, false) // untracked: every caller chains on it at once
            deliverTo(stage)
            return stage
        }
        val task = loop.currentTask
        val stage = AwaiterStage<T>(loop, task)
        addCallback(stage)
        task?.startWaitingOn(this)
        return stage
    }

    /** Sets the [beforeAwait] action (asCompleted); loop thread only. */
    @JvmSynthetic internal fun runBeforeFirstAwait(action: Runnable) {
        beforeAwait = action
    }

    /** [claim] on the loop thread, or posted to it from another thread (a JDK dependent, a blocked get()). */
    private fun claimFromAnyThread() {
        if (beforeAwait == null) return
        if (loop.isHomeThread()) claim() else loop.callSoonThreadsafe { claim() }
    }

    /**
     * Runs the [beforeAwait] action, once, before a wait on this future registers or checks done(): every await
     * path (Java chains, Kotlin await, direct-style await, gather) calls it first. Loop thread only.
     */
    @JvmSynthetic internal fun claim() {
        val action = beforeAwait ?: return
        beforeAwait = null
        action.run()
    }

    /**
     * Registers [awaiter] to run when this pending future is done, making the current task wait on this
     * future (the Kotlin and direct-style await paths; Java chains use [awaitStage]). Loop thread only.
     */
    @JvmSynthetic internal fun addAwaiter(awaiter: Awaiter<T>) {
        addCallback(awaiter)
        getLoop().currentTask?.startWaitingOn(this)
    }

    /**
     * For an awaiter of this done future: the failure to raise (a new CancelledError, or the exception, then
     * marked retrieved), or null if it has a result ([awaitedValue]). The same outcome as [deliverTo].
     */
    @JvmSynthetic internal fun awaitedFailure(): Throwable? = when {
        state == CANCELLED -> makeCancelledError()
        error != null -> {
            markExceptionRetrieved()
            error
        }
        else -> null
    }

    /** The result of this done future, for an awaiter that found no [awaitedFailure]. */
    @JvmSynthetic internal fun awaitedValue(): T = resultValue()

    /** Completes [stage] with this (done) future's outcome. */
    @JvmSynthetic internal fun deliverTo(stage: CompletableFuture<T>) {
        when {
            state == CANCELLED -> stage.completeExceptionally(makeCancelledError())
            error != null -> {
                markExceptionRetrieved()
                stage.completeExceptionally(error)
            }
            else -> stage.complete(resultValue())
        }
    }

    @JvmSynthetic internal fun addCallback(callback: FutureCallback<T>) {
        val current = callbacks
        if (current == null) {
            callbacks = callback
        } else if (current is ArrayList<*>) {
            @Suppress("UNCHECKED_CAST")
            (current as ArrayList<FutureCallback<T>>).add(callback)
        } else {
            @Suppress("UNCHECKED_CAST")
            callbacks = arrayListOf(current as FutureCallback<T>, callback)
        }
    }

    /** The registered callbacks, in order, as a copy (call-graph introspection, task/Graph.kt). Loop thread only. */
    @JvmSynthetic internal fun callbacksSnapshot(): List<FutureCallback<*>> = when (val current = callbacks) {
        null -> emptyList()
        is ArrayList<*> -> current.map { it as FutureCallback<*> }
        else -> listOf(current as FutureCallback<*>)
    }

    @JvmSynthetic internal fun removeCallback(callback: FutureCallback<T>) {
        if (callbacksScheduled) return
        val current = callbacks ?: return
        if (current === callback) callbacks = null else if (current is ArrayList<*>) current.remove(callback)
    }

    /**
     * After the state changed: one scheduled run ([runScheduled]) completes the JDK dependents and calls the
     * callbacks, in that order. With nothing to run, nothing is scheduled at all.
     */
    private fun scheduleCallbacks() {
        val jdkDependents = numberOfDependents > 0
        if (!jdkDependents) completeJdkSide()
        if (callbacks != null || jdkDependents) {
            // asyncio: the state has changed, then call_soon refuses: RuntimeError('Event loop is closed').
            loop.checkClosed()
            callbacksScheduled = true
            jdkSideDeferred = jdkDependents
            loop.callSoonFuture(this)
        }
    }

    /**
     * This future's entry in the ready queue ran (see [EventLoop.callSoonFuture]). It is sleep(0)'s wake-up
     * while [callbacksAtWakeup] is set, else the done-callbacks scheduled by [scheduleCallbacks]. A sleep(0)
     * future completed by hand before its wake-up has both entries queued, the wake-up first (queued at
     * creation), so the flag tells them apart. Runs with no task current, like a plain handle.
     */
    @JvmSynthetic internal open fun runScheduled() {
        if (callbacksAtWakeup) {
            runCallbacksAtWakeup()
            return
        }
        val registered = callbacks
        callbacks = null
        callbacksScheduled = false
        if (jdkSideDeferred) {
            jdkSideDeferred = false
            completeJdkSide()
            // A raw JDK dependent (CompletableFuture.allOf, a chain made off the loop thread) received the
            // exception and hands it on: it was retrieved, as if exception() had been called.
            markExceptionRetrieved()
        }
        runCallbacks(registered)
    }

    /** Runs [registered] (null, one callback, or an ArrayList of them) in order. */
    private fun runCallbacks(registered: Any?) {
        if (registered is ArrayList<*>) {
            for (cb in registered) runCallback(cb)
        } else if (registered != null) {
            runCallback(registered)
        }
    }

    private fun runCallback(cb: Any?) {
        @Suppress("UNCHECKED_CAST")
        val callback = cb as FutureCallback<T>
        try {
            callback.onDone(this)
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            loop.callExceptionHandler(
                linkedMapOf("message" to "Exception in callback $callback", "exception" to e, "future" to this),
            )
        }
    }

    /** Publishes the outcome to the JDK side (raw dependents, blocked get() callers). */
    private fun completeJdkSide() {
        when {
            state == CANCELLED -> super.completeExceptionally(jdkCancelledError())
            error != null -> super.completeExceptionally(error)
            else -> super.complete(resultValue())
        }
    }

    /** asyncio's _make_cancelled_error: a new CancelledError carrying the cancel message. */
    @JvmSynthetic internal open fun makeCancelledError(): CancelledError = CancelledError(cancelMessage)

    /**
     * The CancelledError for the JDK side. It must not consume what [makeCancelledError] hands out once (a
     * task's own CancelledError): the JDK side is completed first, and the awaiting task must still get the
     * very instance the coroutine raised, as `await task` does in asyncio.
     */
    @JvmSynthetic internal open fun jdkCancelledError(): CancelledError = makeCancelledError()

    @JvmSynthetic internal fun cancelMessage(): String? = cancelMessage

    /** The stored exception, without marking it retrieved (asyncio's `_exception`, for diagnostics). */
    @JvmSynthetic internal fun exceptionOrNull(): Throwable? = error

    /** Marks a stored exception as seen, so it is not reported as never retrieved. */
    @JvmSynthetic internal fun markExceptionRetrieved() {
        unretrieved?.let {
            it.retrieved = true
            unretrieved = null
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun resultValue(): T = value as T

    private fun reportGet(): T = when {
        state == CANCELLED -> throw makeCancelledError()
        error != null -> {
            markExceptionRetrieved()
            throw ExecutionException(error)
        }
        else -> resultValue()
    }

    private fun checkNotBlockingLoop(method: String) = checkNotBlockingLoop(loop, method)

    private inline fun fromAnyThread(crossinline action: () -> Unit): Boolean {
        // Not inLoopThread(): while the loop is not running that is true on every thread, and a foreign thread
        // (a CompletableFuture timeout, an executor) would then touch the loop's ready queue unsynchronised,
        // racing with the thread that starts the loop: the wakeup was lost and run_until_complete hung.
        if (loop.isHomeThread()) {
            if (state != PENDING) return false
            action()
            return true
        }
        if (state != PENDING) return false
        loop.callSoonThreadsafe { if (state == PENDING) action() }
        return true
    }

    protected fun stateName(): String = when (state) {
        PENDING -> "PENDING"
        CANCELLED -> "CANCELLED"
        else -> "FINISHED"
    }

    /** The "pending" / "cancelled" / "finished result=..." part of toString. */
    protected fun describeState(): String = when {
        state == PENDING -> "pending"
        state == CANCELLED -> "cancelled"
        error != null -> "finished exception=$error"
        else -> "finished result=${describeValue()}"
    }

    /** The result for toString; "..." when the result contains this future (CPython's reprlib guard). */
    private fun describeValue(): String {
        val describing = DESCRIBING.get()
        if (!describing.add(this)) return "..."
        try {
            return value.toString()
        } finally {
            describing.remove(this)
        }
    }

    override fun toString(): String = "<Future ${describeState()}>"

    private companion object {
        /** The futures whose result is being turned into a string on this thread (recursion guard). */
        private val DESCRIBING = ThreadLocal.withInitial { java.util.Collections.newSetFromMap(java.util.IdentityHashMap<Any, Boolean>()) }

        const val PENDING = 0
        const val CANCELLED = 1
        const val FINISHED = 2
    }
}

/**
 * Fails at once where blocking for a pending stage of [loop] would park the loop's own thread forever: the
 * loop can only complete the stage by running, and it cannot run while its thread waits (asyncio would
 * deadlock the same way on `fut.result()`-style waits; the JVM can tell, so it says so). Shared by every stage
 * the API hands out: [Future] and [Task], and the derived/coroutine [Stage]s.
 */
@JvmSynthetic internal fun checkNotBlockingLoop(loop: EventLoop, method: String) {
    if (loop.isRunning() && loop.inLoopThread()) {
        throw IllegalStateException(
            "$method() on a pending future from its event loop's own thread would block the loop forever: " +
                "chain on it (thenApply/thenCompose) or await it instead",
        )
    }
}

/** An entry of a future's callback list, run by the loop after the future is done. */
internal interface FutureCallback<T> {
    fun onDone(future: Future<T>)
}

/** A user's done-callback (asyncio's add_done_callback). */
internal class DoneCallback<T>(@JvmField val callback: Consumer<in Future<T>>) : FutureCallback<T> {
    override fun onDone(future: Future<T>) = callback.accept(future)
    override fun toString(): String = callback.toString()
}
