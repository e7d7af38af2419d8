package io.asyncio4j.engine.task

import io.asyncio4j.engine.contextvars.Context
import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.future.Awaiter
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.loop.EventLoop
import java.io.PrintStream
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.Executor
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong
import java.util.function.Supplier

/**
 * asyncio.Task: runs a [Coroutine] on its loop and completes with its outcome.
 *
 * The first step (calling [Coroutine.start]) is scheduled with callSoon at creation, as asyncio schedules
 * `__step`; with `eagerStart` it runs at once inside the constructor (3.12's eager tasks). After that the task
 * advances whenever a future its chain awaits is done: each continuation runs with this task current.
 *
 * Invariants (asyncio's `_fut_waiter` / `_must_cancel` pair):
 *  - [waitingOn] (+ [Rare.moreWaiting]) are the asyncio futures the chain is suspended on right now; an entry is
 *    added when a continuation is chained onto a pending future while this task is current, and removed when
 *    that continuation is woken.
 *  - `cancel()` cancels those futures; if none of them could be cancelled, [mustCancel] is set and the next
 *    continuation to wake receives CancelledError instead of its value (or the first step never starts the
 *    coroutine). A chain that catches the CancelledError carries on, as a coroutine that catches it does.
 *  - The task ends cancelled when its chain ends with a CancellationException.
 */
public open class Task<T> @JvmOverloads constructor(
    loop: EventLoop,
    private val coro: Coroutine<T>,
    name: String? = null,
    eagerStart: Boolean = false,
) : Future<T>(loop) {

    /**
     * The state most tasks never use (a set name, cancellation details, a second awaited future, debug
     * frames, a materialised context), made on first use: every task pays one reference instead of seven
     * fields (a million live tasks are common, e.g. spawn-and-gather). Invariant: a null [rare] means every
     * one of its fields has its initial value (null / 0).
     */
    private class Rare {
        @JvmField var name: String? = null
        @JvmField var mustCancelMessage: String? = null
        @JvmField var numCancelsRequested = 0

        /** The CancelledError that ended the chain, reused by [makeCancelledError] once (asyncio's _cancelled_exc). */
        @JvmField var cancelledException: CancellationException? = null

        /** The awaited futures after [waitingOn], when the chain waits on more than one (thenCombine ...). */
        @JvmField var moreWaiting: ArrayList<Future<*>>? = null
        @JvmField var creationStack: Array<StackTraceElement>? = null

        /** Debug mode: where the chain last started waiting on a future (the user's await point). */
        @JvmField var lastAwaitStack: Array<StackTraceElement>? = null
        @JvmField var context: Context? = null
    }

    private var rare: Rare? = null

    private fun rare(): Rare = rare ?: Rare().also { rare = it }

    // The default name "Task-<n>" is made on first use, as CPython 3.12 does: a string per task would cost
    // ~56 bytes and a concatenation on the task-creation path. [number] keeps the creation order.
    private val number: Long = if (name == null) COUNTER.incrementAndGet() else 0L

    private var mustCancel = false

    /**
     * True while the task's first step is in the ready queue: the task itself is that entry (no separate
     * handle). Invariant: the first step is the task's only entry until it ran, since a task cannot complete
     * before its first step; after that the task's entry is the done-callback run of [Future.runScheduled].
     */
    private var firstStepScheduled = false
    private var waitingOn: Future<*>? = null

    // Links of the loop's list of pending tasks (see EventLoop.allTasks).
    @get:JvmSynthetic @set:JvmSynthetic internal var nextTask: Task<*>? = null
    @get:JvmSynthetic @set:JvmSynthetic internal var previousTask: Task<*>? = null

    /** False for tasks whose caller cannot see them (run_until_complete's), so their loss is not reported. */
    @get:JvmSynthetic @set:JvmSynthetic internal var logDestroyPending = true

    /**
     * The task's contextvars context: a copy of the creator's current context, taken at creation. It is the
     * current context whenever this task is the loop's current task (see [Context.current]). Only the
     * creator's (immutable) value map is captured here; the Context object is made on first use, so tasks of
     * programs that never touch contextvars allocate nothing for it.
     */
    private val contextValues = Context.valuesForNewTask(loop)
    @get:JvmSynthetic @set:JvmSynthetic internal var context: Context
        get() = rare?.context ?: Context.of(contextValues).also { rare().context = it }
        set(value) {
            rare().context = value
        }

    /** The task's contextvars context (asyncio 3.12's Task.get_context): the one its steps run in. */
    public fun getContext(): Context = context

    /** The values a task created by this one starts with (without materialising [context]). */
    @JvmSynthetic internal fun contextValuesForChild(): Map<*, Any?> = rare?.context?.values ?: contextValues

    init {
        if (name != null) rare().name = name
        if (loop.getDebug()) rare().creationStack = Throwable().stackTrace
        loop.checkClosed()
        loop.checkThread("Task") // registerTask and the first step's callSoon touch loop-thread-only state
        requireNotNull(coro) { "coro must not be null" }
        loop.registerTask(this)
        if (eagerStart && loop.isRunning() && loop.inLoopThread()) {
            stepAsCurrentTask()
        } else {
            firstStepScheduled = true
            loop.callSoonFuture(this) // the task is its own first-step handle, see [runScheduled]
        }
    }

    // ------------------------------------------------------------------------------------------------
    // asyncio.Task API.

    /** The task's name, "Task-N" unless set (asyncio's `get_name()`). */
    public fun getName(): String = rare?.name ?: "Task-$number".also { rare().name = it }

    /** [getName] without caching it: safe to call from a thread other than the loop's (the task dump's fallback). */
    @JvmSynthetic internal fun peekName(): String = rare?.name ?: "Task-$number"

    /** Renames the task; any value, shown with its toString() (asyncio's `set_name()`). */
    public fun setName(value: Any?) {
        rare().name = value.toString()
    }

    /** The coroutine the task runs (asyncio's `get_coro()`). */
    public fun getCoro(): Coroutine<T> = coro

    /**
     * The task's frames, oldest first (asyncio's get_stack). A task that failed: where its exception was raised
     * (the exception's stack trace). A pending task: where it was created, recorded only in debug mode (a Java
     * chain keeps no suspended frames to show). Otherwise empty.
     */
    public fun getStack(): List<StackTraceElement> = stackFrames(Int.MAX_VALUE)

    /**
     * [getStack] with at most [limit] frames: the newest ones of a pending task, the oldest ones of a failed
     * task's exception, as asyncio cuts them.
     */
    public fun getStack(limit: Int): List<StackTraceElement> {
        require(limit >= 0) { "limit must be >= 0: $limit" }
        return stackFrames(limit)
    }

    private fun stackFrames(limit: Int): List<StackTraceElement> {
        val failure = if (done() && !cancelled()) exceptionOrNull() else null
        if (failure != null) return failure.stackTrace.reversed().take(limit) // traceback order: outermost first
        if (done()) return emptyList()
        return rare?.creationStack?.reversed()?.takeLast(limit) ?: emptyList()
    }

    /**
     * Prints [getStack] like asyncio's print_stack: "Stack for <task> (most recent call last):" and the frames;
     * for a failed task "Traceback for ..." and then the exception; "No stack for <task>" when there are none.
     */
    public fun printStack(): Unit = printStack(Int.MAX_VALUE, System.err)

    /** Prints the task's stack to [out] (asyncio's `print_stack(file=out)`). */
    public fun printStack(out: PrintStream): Unit = printStack(Int.MAX_VALUE, out)

    /** Prints at most [limit] frames of the task's stack to [out] (asyncio's `print_stack(limit, file)`). */
    public fun printStack(limit: Int, out: PrintStream) {
        val frames = getStack(limit)
        val failure = if (done() && !cancelled()) exceptionOrNull() else null
        when {
            frames.isEmpty() -> out.println("No stack for $this")
            failure != null -> out.println("Traceback for $this (most recent call last):")
            else -> out.println("Stack for $this (most recent call last):")
        }
        for (frame in frames) out.println("  at $frame")
        if (failure != null) out.println(failure)
    }

    /**
     * Asks the task to cancel: CancelledError(msg) is delivered at its current wait on the next iteration.
     * Returns false if the task is already done. A task that catches CancelledError may go on running.
     */
    override fun cancel(msg: String?): Boolean {
        getLoop().checkThread("cancel")
        if (done()) return false
        val rare = rare()
        rare.numCancelsRequested++
        var cancelledWaiter = false
        waitingOn?.let { if (it.cancel(msg)) cancelledWaiter = true }
        rare.moreWaiting?.let { list -> for (f in ArrayList(list)) if (f.cancel(msg)) cancelledWaiter = true }
        // Keep the waited futures: one may be a task that swallows the cancellation and must be asked again.
        if (cancelledWaiter) return true
        mustCancel = true
        rare.mustCancelMessage = msg
        return true
    }

    /** The number of pending cancellation requests (asyncio 3.11). */
    public fun cancelling(): Int = rare?.numCancelsRequested ?: 0

    /** Decrements the pending cancellation requests; at zero a not yet delivered cancellation is dropped (3.13). */
    public fun uncancel(): Int {
        getLoop().checkThread("uncancel") // before the count changes, as every loop-bound method
        val rare = rare ?: return 0
        if (rare.numCancelsRequested > 0) {
            rare.numCancelsRequested--
            if (rare.numCancelsRequested == 0) mustCancel = false
        }
        return rare.numCancelsRequested
    }

    override fun setResult(result: T): Unit =
        throw IllegalStateException("Task does not support set_result operation")

    override fun setException(exception: Throwable): Unit =
        throw IllegalStateException("Task does not support set_exception operation")

    // The JDK mutators refuse too, at once and from any thread: a hop to the loop would make complete() report
    // true for a task that then refuses (and the refusal would reach only the exception handler).
    override fun complete(value: T): Boolean =
        throw IllegalStateException("Task does not support set_result operation")

    override fun completeExceptionally(ex: Throwable): Boolean =
        throw IllegalStateException("Task does not support set_exception operation")

    // The JDK's timed and asynchronous completions would call complete/completeExceptionally later, in a JDK
    // thread that swallows the refusal: refuse them here, where the caller sees it.

    override fun orTimeout(timeout: Long, unit: TimeUnit): CompletableFuture<T> =
        throw IllegalStateException(
            "Task does not support set_exception operation (orTimeout): use waitFor(task, timeout) or timeout(delay)",
        )

    override fun completeOnTimeout(value: T, timeout: Long, unit: TimeUnit): CompletableFuture<T> =
        throw IllegalStateException("Task does not support set_result operation (completeOnTimeout)")

    override fun completeAsync(supplier: Supplier<out T>, executor: Executor): CompletableFuture<T> =
        throw IllegalStateException("Task does not support set_result operation (completeAsync)")

    override fun completeAsync(supplier: Supplier<out T>): CompletableFuture<T> =
        throw IllegalStateException("Task does not support set_result operation (completeAsync)")

    // ------------------------------------------------------------------------------------------------
    // Stepping.

    /** The first step: start the coroutine (or deliver an early cancellation), then follow its chain's tail. */
    private fun step() {
        if (done()) return
        takePendingCancellation()?.let { finish(null, it); return }
        val stage: CompletionStage<T>
        try {
            stage = coro.start() ?: throw NullPointerException("coroutine $coro returned null instead of a CompletionStage")
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            finish(null, e)
            return
        }
        if (stage === this) {
            finish(null, IllegalStateException("Task cannot await on itself: $this"))
            return
        }
        if (stage is Future<*>) stage.claim()
        if (stage is Future<*> && stage.getLoop() === getLoop() && !stage.done()) {
            // The chain's tail is an asyncio future (the common `return sleep(...).thenX(...)` ends in a Stage,
            // but `return someFuture` / a Kotlin block does not): one awaiter object instead of the awaiter
            // stage + whenComplete stage + completion + bound reference of the general path below.
            @Suppress("UNCHECKED_CAST")
            (stage as Future<T>).addAwaiter(TailAwaiter(this))
            return
        }
        Futures.awaitable(stage, getLoop()).whenComplete(::finishOnLoop)
    }

    /**
     * [finish] on the loop thread: a chain can end on another thread (`thenApplyAsync(fn, executor)` completes
     * its stage on the executor's thread), and the task's state and callbacks belong to the loop.
     */
    private fun finishOnLoop(result: T?, failure: Throwable?) {
        val loop = getLoop()
        if (loop.isHomeThread()) {
            finish(result, failure)
        } else {
            loop.callSoonThreadsafeInternal({ finish(result, failure) }, this)
        }
    }

    /** The ready-queue entry of this task: its first step (with the task current), else its done-callbacks. */
    @JvmSynthetic override fun runScheduled() {
        if (!firstStepScheduled) {
            super.runScheduled()
            return
        }
        firstStepScheduled = false
        stepAsCurrentTask()
    }

    /** The first step, with this task as the loop's current task (what it creates belongs to it). */
    private fun stepAsCurrentTask() {
        val loop = getLoop()
        val previous = loop.currentTask
        loop.currentTask = this
        try {
            step()
        } finally {
            loop.currentTask = previous
        }
    }

    /** Gives the task the outcome of its chain's tail when that is an asyncio future (see [step]). */
    private class TailAwaiter<T>(private val task: Task<T>) : Awaiter<T>(task) {
        override fun resume(future: Future<T>) {
            if (future.cancelled()) {
                task.finish(null, future.makeCancelledError())
                return
            }
            val error = future.exception() // marks it retrieved: the task now carries it
            if (error != null) task.finish(null, error) else task.finish(future.result(), null)
        }

        override fun resumeWithException(error: Throwable) = task.finish(null, error)
    }

    /** The chain's tail is done: the task takes its outcome. Runs on the loop thread, with this task current. */
    private fun finish(result: T?, failure: Throwable?) {
        if (done()) return
        getLoop().unregisterTask(this)
        waitingOn = null
        rare?.moreWaiting = null
        if (failure == null) {
            if (mustCancel) {
                // Cancelled right before the coroutine returned (asyncio does the same).
                mustCancel = false
                super.cancel(rare?.mustCancelMessage)
            } else {
                @Suppress("UNCHECKED_CAST")
                super.setResult(result as T)
            }
            return
        }
        val cause = Futures.unwrap(failure)
        if (getLoop().getDebug()) attachTaskFrames(cause)
        when (cause) {
            is CancellationException -> {
                // As asyncio's __step: keep the CancelledError the chain ended with (the first result() or
                // await gets that very instance) and cancel the future part without a message (super().cancel()),
                // so later result() calls raise a bare CancelledError and gather(return_exceptions) shows ''.
                rare().cancelledException = cause
                super.cancel(null)
            }
            else -> super.setException(cause)
        }
    }

    /**
     * Debug mode: the user's frames on a failure or cancellation leaving this task, as suppressed exceptions
     * ([TaskFrames]): where the task was created and where its chain last awaited. A Java chain keeps no
     * suspended frames, so without them a trace shows only loop internals. Once per task and exception.
     */
    private fun attachTaskFrames(cause: Throwable) {
        val r = rare ?: return
        if (cause.suppressed.any { it is TaskFrames && it.isOf(this) }) return
        r.creationStack?.let { cause.addSuppressed(TaskFrames(this, "$this was created at", it)) }
        r.lastAwaitStack?.let { cause.addSuppressed(TaskFrames(this, "${getName()} last awaited at", it)) }
    }

    @JvmSynthetic override fun jdkCancelledError(): CancelledError =
        (rare?.cancelledException as? CancelledError) ?: super.makeCancelledError()

    @JvmSynthetic override fun makeCancelledError(): CancelledError {
        val rare = rare
        val saved = rare?.cancelledException
        if (saved != null) {
            rare.cancelledException = null
            if (saved is CancelledError) return saved
        }
        return super.makeCancelledError()
    }

    @JvmSynthetic internal fun startWaitingOn(future: Future<*>) {
        if (waitingOn == null) {
            waitingOn = future
        } else {
            val rare = rare()
            (rare.moreWaiting ?: ArrayList<Future<*>>(2).also { rare.moreWaiting = it }).add(future)
        }
        if (getLoop().getDebug()) rare().lastAwaitStack = Throwable().stackTrace
        // mustCancel is only set by cancel(), which made [rare] first.
        if (mustCancel && future.cancel(rare!!.mustCancelMessage)) mustCancel = false
    }

    /** True if the chain is suspended on [future] now (the "awaited by" edge of task/Graph.kt). */
    @JvmSynthetic internal fun isWaitingOn(future: Future<*>): Boolean {
        if (waitingOn === future) return true
        val more = rare?.moreWaiting ?: return false
        for (f in more) if (f === future) return true
        return false
    }

    /** What the chain is suspended on now (empty when running, ready or done): the task dump's "awaits". */
    @JvmSynthetic internal fun waitingOnList(): List<Future<*>> {
        val first = waitingOn ?: return emptyList()
        val more = rare?.moreWaiting
        return if (more.isNullOrEmpty()) listOf(first) else listOf(first) + more
    }

    /** The frames recorded at creation in debug mode, newest first, or null. */
    @JvmSynthetic internal fun creationFrames(): Array<StackTraceElement>? = rare?.creationStack

    @JvmSynthetic internal fun stopWaitingOn(future: Future<*>) {
        val more = rare?.moreWaiting
        if (waitingOn === future) {
            waitingOn = if (more.isNullOrEmpty()) null else more.removeAt(more.size - 1)
        } else {
            more?.remove(future)
        }
    }

    /** Takes a cancellation requested while nothing cancellable was awaited, or null if there is none. */
    @JvmSynthetic internal fun takePendingCancellation(): CancelledError? {
        if (!mustCancel) return null
        mustCancel = false
        return CancelledError(rare!!.mustCancelMessage) // set with mustCancel by cancel()
    }

    override fun toString(): String {
        val sb = StringBuilder("<Task ").append(describeState()).append(" name='").append(getName()).append("'")
        sb.append(" coro=").append(coro)
        if (!done()) waitingOn?.let { sb.append(" wait_for=").append(it) }
        return sb.append('>').toString()
    }

    private companion object {
        val COUNTER = AtomicLong()
    }
}
