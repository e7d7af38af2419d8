package io.asyncio4j.engine.sync

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.await
import java.util.concurrent.CompletionStage

/**
 * asyncio.Event: a flag that tasks wait for. `set()` wakes every waiter (each resumes one iteration later);
 * a wait on a set event completes at once. Loop thread only; bound to the running loop on first wait.
 *
 * Java: `event.await()` (asyncio's `wait()`: `wait` is taken by java.lang.Object). Kotlin: `event.wait()`.
 */
public class Event {
    private val binding = LoopBinding(this)

    // Invariant: while `value` is false, `waiters` are the futures of the tasks in wait(); set() completes them
    // all; each waiter removes its own future when it resumes (or is cancelled).
    private val waiters = ArrayDeque<Future<Boolean>>()
    private var value = false

    public fun isSet(): Boolean = value

    /** Sets the flag and wakes every waiter; waits started afterwards complete at once. */
    public fun set() {
        if (!value) {
            value = true
            for (fut in waiters) if (!fut.done()) fut.setResult(true)
        }
    }

    /** Resets the flag: later waits block until the next [set]. */
    public fun clear() {
        value = false
    }

    /** Waits until the flag is set (a coroutine completing with true); asyncio's `Event.wait()`. */
    @JvmName("await")
    public fun waitAsync(): CompletionStage<Boolean> {
        requireRunningLoop("Event.await()")
        if (value) return doneStage(true)
        return startCoroutine(binding.get()) {
            val fut = binding.get().createFuture<Boolean>()
            waiters.addLast(fut)
            try {
                fut.await()
                true
            } finally {
                waiters.remove(fut)
            }
        }
    }

    override fun toString(): String =
        "<Event [${if (value) "set" else "unset"}${if (waiters.isNotEmpty()) ", waiters:${waiters.size}" else ""}]>"
}
