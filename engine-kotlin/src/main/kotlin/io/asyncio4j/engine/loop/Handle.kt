package io.asyncio4j.engine.loop

import io.asyncio4j.engine.task.Task

/**
 * A callback scheduled on a loop by `callSoon`/`callSoonThreadsafe` (asyncio.Handle).
 * `cancel()` before it runs keeps it from running; after it ran, `cancel()` does nothing.
 *
 * [task] is the task the callback runs on behalf of (it becomes the loop's current task while it runs),
 * or null for a plain callback. Continuations of a Java task's chain run with their task current, so
 * futures and tasks they create belong to it, as in asyncio where they run inside the task's step.
 */
public open class Handle internal constructor(
    callback: Runnable,
    @JvmField @field:JvmSynthetic internal val loop: EventLoop,
    @JvmField @field:JvmSynthetic internal val task: Task<*>?,
) {
    // Null once cancelled, so a cancelled handle drops its reference to the callback (asyncio does the same).
    @Volatile private var callback: Runnable? = callback
    @Volatile private var cancelled = false

    /** Cancel the call; it is a no-op once the callback has run or was cancelled already. */
    public open fun cancel() {
        if (!cancelled) {
            cancelled = true
            callback = null
        }
    }

    /** True once [cancel] was called (asyncio's `Handle.cancelled()`). */
    public fun cancelled(): Boolean = cancelled

    /**
     * The context the callback runs in when it was scheduled with one (asyncio's Handle.get_context), else null:
     * a plain callback captures no context here (asyncio's copies the current one). Read from the callback (no
     * field per handle), so a cancelled handle, which drops its callback, answers null too.
     */
    public fun getContext(): io.asyncio4j.engine.contextvars.Context? = (callback as? ContextCallback)?.context

    /** Runs the callback with its task current; an exception goes to the loop's exception handler. */
    @JvmSynthetic internal fun run() {
        val cb = callback ?: return
        val previous = loop.currentTask
        if (task != null) loop.currentTask = task
        try {
            if (cb === SELF) invoke() else cb.run()
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            loop.callExceptionHandler(
                linkedMapOf(
                    "message" to "Exception in callback ${if (cb === SELF) this else cb}",
                    "exception" to e,
                    "handle" to this,
                ),
            )
        } finally {
            loop.currentTask = previous
        }
    }

    /**
     * The work of a handle that is its own callback (constructed with [SELF]): internal hot paths (sleep(0)'s
     * wake-up, a future's callbacks) schedule one object per call instead of a Runnable plus its Handle.
     */
    @JvmSynthetic internal open fun invoke() {}

    @JvmSynthetic internal fun callbackForDisplay(): Any? = callback

    private companion object {
        /** The callback of a handle that overrides [invoke]; cancel() still clears it. */
        @JvmField @field:JvmSynthetic internal val SELF: Runnable = Runnable {}
    }

    override fun toString(): String =
        "<${javaClass.simpleName}${if (cancelled) " cancelled" else ""} ${callback ?: ""}>"
}

/**
 * A callback scheduled for a time by `callLater`/`callAt` (asyncio.TimerHandle). [when] is in the loop's
 * `time()` scale. Timers with equal deadlines run in the order they were scheduled ([sequence] breaks ties).
 */
public class TimerHandle internal constructor(
    private val deadline: Double,
    callback: Runnable,
    loop: EventLoop,
    task: Task<*>?,
    @JvmField @field:JvmSynthetic internal val sequence: Long,
) : Handle(callback, loop, task), Comparable<TimerHandle> {
    /** True while the timer sits in the loop's heap (not yet moved to the ready queue). */
    @JvmField @field:JvmSynthetic internal var scheduled: Boolean = false

    /** The absolute time, on the loop's clock, at which the callback is due. */
    public fun `when`(): Double = deadline

    override fun cancel() {
        if (!cancelled()) {
            super.cancel()
            if (scheduled) loop.timerHandleCancelled(this)
        }
    }

    override fun compareTo(other: TimerHandle): Int {
        val c = deadline.compareTo(other.deadline)
        return if (c != 0) c else sequence.compareTo(other.sequence)
    }

    override fun toString(): String =
        "<TimerHandle${if (cancelled()) " cancelled" else ""} when=$deadline ${callbackForDisplay() ?: ""}>"
}
