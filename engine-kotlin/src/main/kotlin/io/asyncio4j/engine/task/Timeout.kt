package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Handle
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletionStage
import java.util.function.Function

/**
 * asyncio.Timeout (3.12's timeouts.py): a deadline on a block of code running in the current task.
 *
 * Python writes `async with asyncio.timeout(1): await body()`. A try-with-resources block cannot span the
 * asynchronous steps of a Java chain, so Java scopes the block as a call: `timeout(1.0).run(cm -> body())`
 * (or `Asyncio.timeout(1.0, () -> body())`); the returned stage completes with the body's outcome. Kotlin
 * writes `timeout(1.0) { cm -> body() }`.
 *
 * Specification (as in CPython):
 *  - entering needs a current task (the body runs in it, not in a task of its own);
 *  - at the deadline the task is cancelled (`task.cancel()`): the body receives CancelledError at its current
 *    wait, and may clean up;
 *  - when the body then ends with a CancellationException and no other cancellation of the task is pending
 *    (`task.uncancel() <= cancelling-at-entry`), the scope raises TimeoutError whose cause is that
 *    CancelledError; otherwise the CancelledError propagates (an outer timeout, or an external cancel, wins).
 *    With nested scopes expiring together, only the outermost converts to TimeoutError;
 *  - a body that ends normally (or with another exception) after expiry keeps its outcome;
 *  - `when() <= loop.time()` expires on the next iteration; null never expires; [reschedule] moves it.
 *
 * Lifecycle: CREATED -> ENTERED -> (EXPIRING ->) EXPIRED | EXITED, each scope used once.
 */
public class Timeout internal constructor(
    private var deadline: Double?,
    private val loop: EventLoop,
) {
    private enum class State(val value: String) {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished")
    }

    private var state = State.CREATED
    private var task: Task<*>? = null

    /** The delay this scope was made with ([after]); null for [at] or once [reschedule]d. For the message only. */
    private var delay: Double? = null

    /** What the TimeoutError names as having timed out: "timeout()", or "waitFor()" for the scope waitFor uses. */
    internal var label: String = "timeout()"
    private var cancelling = 0

    /** The pending deadline callback; null when none is scheduled. */
    private var timeoutHandler: Handle? = null

    /** The deadline on the loop's clock, or null for none. */
    public fun `when`(): Double? = deadline

    /**
     * Moves the deadline to [when] (null: none); a deadline already passed expires on the next iteration.
     * IllegalStateException unless the scope is active.
     */
    public fun reschedule(`when`: Double?) {
        if (state != State.ENTERED) {
            if (state == State.CREATED) throw IllegalStateException("Timeout has not been entered")
            throw IllegalStateException("Cannot change state of ${state.value} Timeout")
        }
        require(`when` == null || !`when`.isNaN()) { "when must not be NaN" }
        deadline = `when`
        delay = null
        timeoutHandler?.cancel()
        timeoutHandler = when {
            `when` == null -> null
            `when` <= loop.time() -> loop.callSoon(::onTimeout)
            else -> loop.callAt(`when`, ::onTimeout)
        }
    }

    /** True once the deadline passed while the scope was active. */
    public fun expired(): Boolean = state == State.EXPIRING || state == State.EXPIRED

    /**
     * Runs [body] inside this scope in the current task and returns a stage with its outcome, or a TimeoutError
     * (cause: the CancelledError) if the deadline cancelled it.
     */
    public fun <T> run(body: Function<Timeout, out CompletionStage<T>>): CompletionStage<T> {
        requireNotNull(body) { "body must not be null" }
        enter()
        val stage: CompletionStage<T> = try {
            body.apply(this) ?: throw NullPointerException("timeout body returned null instead of a CompletionStage")
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            val failed = Stage<T>(loop)
            failed.completeExceptionally(exit(Futures.unwrap(e)) ?: e)
            return failed
        }
        return Futures.awaitable(stage, loop).handle { value, failure ->
            val cause = failure?.let { Futures.unwrap(it) }
            val replaced = exit(cause)
            if (replaced != null) throw replaced
            if (cause != null) throw cause
            value
        }
    }

    /** Like [run] for a body that does not need the scope. */
    public fun <T> run(body: Coroutine<T>): CompletionStage<T> = run(Function { body.start() })

    /** `__aenter__`: binds the scope to the current task and schedules the deadline. */
    internal fun enter(): Timeout {
        if (state != State.CREATED) throw IllegalStateException("Timeout has already been entered")
        val current = loop.currentTask() ?: throw IllegalStateException("Timeout should be used inside a task")
        state = State.ENTERED
        task = current
        cancelling = current.cancelling()
        val madeWith = delay
        reschedule(deadline)
        delay = madeWith // scheduling the deadline it was made with is not a user's reschedule
        return this
    }

    /**
     * `__aexit__` with the body's exception (null if it returned): returns the TimeoutError to raise instead,
     * or null to let the body's outcome stand.
     */
    internal fun exit(failure: Throwable?): Throwable? {
        check(state == State.ENTERED || state == State.EXPIRING) { "Timeout cannot exit in state ${state.value}" }
        timeoutHandler?.cancel()
        timeoutHandler = null
        if (state == State.EXPIRING) {
            state = State.EXPIRED
            if (task!!.uncancel() <= cancelling && failure is CancellationException) {
                return TimeoutError(timeoutMessage(), failure)
            }
        } else {
            state = State.EXITED
        }
        return null
    }

    /**
     * The TimeoutError's message, naming what timed out and the delay. asyncio's TimeoutError has none (its
     * str() is empty): the conformance traces print only the type, so the message is free to help.
     */
    private fun timeoutMessage(): String {
        val d = delay
        return if (d != null) "$label timed out after $d seconds" else "$label timed out: its deadline (loop time $deadline) passed"
    }

    private fun onTimeout() {
        check(state == State.ENTERED) { "Timeout fired in state ${state.value}" }
        task!!.cancel()
        state = State.EXPIRING
        timeoutHandler = null
    }

    override fun toString(): String {
        val at = if (state == State.ENTERED) " when=${deadline?.let { Math.round(it * 1000) / 1000.0 }}" else ""
        return "<Timeout [${state.value}]$at>"
    }

    public companion object {
        /** A scope expiring [delay] seconds from now on [loop] (null: never), asyncio.timeout. */
        @JvmStatic
        public fun after(loop: EventLoop, delay: Double?): Timeout {
            require(delay == null || !delay.isNaN()) { "delay must not be NaN" }
            return Timeout(delay?.let { loop.time() + it }, loop).also { it.delay = delay }
        }

        /** A scope expiring at [when] on [loop]'s clock (null: never), asyncio.timeout_at. */
        @JvmStatic
        public fun at(loop: EventLoop, `when`: Double?): Timeout {
            require(`when` == null || !`when`.isNaN()) { "when must not be NaN" }
            return Timeout(`when`, loop).also { it.label = "timeoutAt()" }
        }
    }
}
