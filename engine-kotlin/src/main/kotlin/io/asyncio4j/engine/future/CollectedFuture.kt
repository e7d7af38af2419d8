package io.asyncio4j.engine.future

/**
 * What the exception handler's context holds under `"future"` for a "Future/Task exception was never
 * retrieved" report. asyncio passes the future itself (from `Future.__del__`); here the report comes from a
 * Cleaner after the future was garbage collected, so it cannot hold the future: this object keeps what a
 * handler needs, captured when the exception was set. Its [toString] is the future's repr, so the default
 * handler prints `future: <Task finished name='t' ...>` exactly as asyncio does.
 */
public class CollectedFuture internal constructor(
    private val repr: String,
    private val name: String?,
    private val exception: Throwable,
    private val isTask: Boolean,
) {
    /** The future's repr when its exception was set (asyncio's `repr(future)`). */
    public fun repr(): String = repr

    /** The task's name (asyncio's `task.get_name()`), or null if it was a plain future. */
    public fun name(): String? = name

    /** The exception nobody retrieved (also the context's `"exception"`). */
    public fun exception(): Throwable = exception

    /** True if the collected future was a Task (the report then says "Task exception was never retrieved"). */
    public fun isTask(): Boolean = isTask

    /** The future's repr, as the default exception handler prints it. */
    override fun toString(): String = repr
}
