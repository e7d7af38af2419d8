package io.asyncio4j.engine.sync

import io.asyncio4j.engine.exceptions.BrokenBarrierError
import io.asyncio4j.engine.loop.Events
import java.util.concurrent.CompletionStage
import java.util.function.BooleanSupplier

/**
 * asyncio.Barrier: `wait()` blocks until [parties] tasks wait, then releases them all; each gets a distinct
 * index 0..parties-1. [reset] and [abort] break the current waiters with BrokenBarrierError. CPython 3.13's
 * algorithm: a [Condition] guards the state; a barrier that is draining (releasing its last batch) or resetting
 * makes newcomers wait until it is FILLING again.
 *
 * Java: `barrier.await()` (asyncio's `wait()`), `reset()`, `abort()` are coroutines. Kotlin: `wait()`, `reset()`,
 * `abort()` suspend forms in KotlinSync.kt.
 */
public class Barrier(private val parties: Int) {
    private enum class State { FILLING, DRAINING, RESETTING, BROKEN }

    init {
        require(parties >= 1) { "parties must be >= 1" }
    }

    // Invariant: `count` is the number of tasks inside wait() (between their entry and exit); `state` moves
    // FILLING -> DRAINING (the last party arrived) -> FILLING (the last one left), FILLING/DRAINING ->
    // RESETTING -> FILLING on reset(), anything -> BROKEN on abort(). All changes happen holding `cond`'s lock
    // and notify every waiter.
    private val cond = Condition()
    private var state = State.FILLING
    private var count = 0

    /** Waits for the barrier (a coroutine completing with this task's index); BrokenBarrierError if broken. */
    @JvmName("await")
    public fun waitAsync(): CompletionStage<Int> = startCoroutine(requireRunningLoop("Barrier.await()")) {
        cond.acquireAsync().awaitStage()
        try {
            block()
            try {
                val index = count
                count++
                if (index + 1 == parties) release() else waitReleased()
                index
            } finally {
                count--
                exit()
            }
        } finally {
            cond.release()
        }
    }

    /** Blocks while the barrier drains or resets; fails if it is broken. */
    private suspend fun block() {
        cond.waitForAsync(BooleanSupplier { state != State.DRAINING && state != State.RESETTING }).awaitStage()
        if (state == State.BROKEN) throw BrokenBarrierError("Barrier aborted")
    }

    private fun release() {
        state = State.DRAINING
        cond.notifyAllWaiters()
    }

    private suspend fun waitReleased() {
        cond.waitForAsync(BooleanSupplier { state != State.FILLING }).awaitStage()
        if (state == State.BROKEN || state == State.RESETTING) throw BrokenBarrierError("Abort or reset of barrier")
    }

    private fun exit() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) state = State.FILLING
            cond.notifyAllWaiters()
        }
    }

    /** Resets the barrier to FILLING (a coroutine); current waiters get BrokenBarrierError. */
    @JvmName("reset")
    public fun resetAsync(): CompletionStage<Void?> = startCoroutine(Events.getRunningLoop()) {
        cond.acquireAsync().awaitStage()
        try {
            if (count > 0) {
                if (state != State.RESETTING) state = State.RESETTING
            } else {
                state = State.FILLING
            }
            cond.notifyAllWaiters()
        } finally {
            cond.release()
        }
        null
    }

    /** Breaks the barrier (a coroutine): current and future waiters get BrokenBarrierError. */
    @JvmName("abort")
    public fun abortAsync(): CompletionStage<Void?> = startCoroutine(Events.getRunningLoop()) {
        cond.acquireAsync().awaitStage()
        try {
            state = State.BROKEN
            cond.notifyAllWaiters()
        } finally {
            cond.release()
        }
        null
    }

    /**
     * `async with barrier as index: body`: waits for the barrier (as [waitAsync]), then runs [body] with this
     * party's index in the same task and completes with its result. asyncio's `__aexit__` does nothing, so
     * neither does the end of the body; a broken barrier fails before the body runs (BrokenBarrierError).
     */
    public fun <T> run(body: java.util.function.Function<Int, out CompletionStage<T>>): CompletionStage<T> {
        requireNotNull(body) { "body must not be null" }
        return waitAsync().thenCompose { index ->
            body.apply(index) ?: throw NullPointerException("body returned null instead of a CompletionStage")
        }
    }

    /** The number of tasks needed to trip the barrier. */
    public fun parties(): Int = parties

    /** The number of tasks waiting now (0 while draining or resetting). */
    public fun nWaiting(): Int = if (state == State.FILLING) count else 0

    /** True if the barrier is broken. */
    public fun broken(): Boolean = state == State.BROKEN

    override fun toString(): String {
        val extra = if (broken()) "" else ", waiters:${nWaiting()}/$parties"
        return "<Barrier [${state.name.lowercase()}$extra]>"
    }
}

