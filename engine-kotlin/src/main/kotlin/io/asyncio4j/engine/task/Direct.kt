package io.asyncio4j.engine.task

import io.asyncio4j.engine.contextvars.Context
import java.util.concurrent.Callable
import java.util.concurrent.CompletionStage

/**
 * Direct-style coroutines (Java 21+): a coroutine that is a plain sequential method, suspended at each [await],
 * as an `async def` is at each `await`. The Java facade offers these as `Asyncio.async(...)`/`Asyncio.await(...)`
 * and direct overloads of `run`/`createTask`/...; see docs/ARCHITECTURE.md, "How the baton passes".
 *
 * A body runs on a virtual thread of its own, but never concurrently with the loop or any other task: the loop
 * hands it the baton when asyncio would run the task's step and waits until the body gives it back (at an await
 * of a pending future, or at its end). Ordering, cancellation, contextvars and `currentTask()` are those of a
 * chain-style or Kotlin task on the same loop. On a JDK before 21 every entry point throws
 * UnsupportedOperationException "direct-style coroutines need Java 21+; running on 17".
 */
public object Direct {
    /** True where direct-style coroutines can run (a Java 21+ runtime). */
    @JvmStatic
    public fun isSupported(): Boolean = VirtualThreads.available()

    /**
     * [body] as a not-yet-started [Coroutine]: each start runs it in the current task, on a virtual thread of
     * its own, or inline when started from direct-style code of the same task (a nested coroutine call).
     *
     * @throws UnsupportedOperationException before Java 21
     */
    @JvmStatic
    public fun <T> coroutine(body: Callable<T>): Coroutine<T> {
        requireNotNull(body) { "body must not be null" }
        VirtualThreads.requireAvailable()
        return DirectCoroutineAdapter(body)
    }

    /** True if [coro] was made by [coroutine] (a direct-style body). */
    @JvmStatic
    public fun isDirect(coro: Coroutine<*>?): Boolean = coro is DirectCoroutineAdapter<*>

    /**
     * Python's `await aw` in direct-style code: returns [stage]'s value, or throws its exception as it is (not
     * wrapped in CompletionException/ExecutionException); CancelledError if it was cancelled or the task is
     * cancelled meanwhile. An already completed stage returns at once (same step, as in asyncio); otherwise the
     * body resumes one loop iteration after the future completes.
     *
     * @throws IllegalStateException outside a direct-style coroutine (a loop callback, chain-style code, a
     *   foreign thread), naming what to do instead; UnsupportedOperationException before Java 21
     */
    @JvmStatic
    public fun <T> await(stage: CompletionStage<T>): T = DirectRun.await(stage)

    /**
     * Calls [body] on a new virtual thread (with a copy of the caller's contextvars context) and waits for it,
     * returning its value or rethrowing its exception as it is; on a virtual thread already it is called in
     * place. `Asyncio.run` of a direct coroutine runs its whole loop this way: a hand-off between two virtual
     * threads costs a fraction of one between a platform thread and a virtual thread.
     *
     * @throws UnsupportedOperationException before Java 21
     */
    @JvmStatic
    public fun <T> runOnVirtualThread(body: Callable<T>): T {
        requireNotNull(body) { "body must not be null" }
        VirtualThreads.requireAvailable()
        val caller = Thread.currentThread()
        if (VirtualThreads.isVirtual(caller)) return body.call()
        val context = Context.copyContext()
        var value: T? = null
        var failure: Throwable? = null
        val thread = VirtualThreads.newThread {
            try {
                value = context.run(body)
            } catch (e: Throwable) {
                failure = e
            }
        }
        thread.name = "asyncio-loop"
        thread.start()
        var interrupted = false
        while (true) {
            try {
                thread.join()
                break
            } catch (_: InterruptedException) {
                interrupted = true
                thread.interrupt()
            }
        }
        if (interrupted) caller.interrupt()
        failure?.let { throw it }
        @Suppress("UNCHECKED_CAST")
        return value as T
    }
}

/** The [Coroutine] of a direct-style body (see [Direct.coroutine]). */
internal class DirectCoroutineAdapter<T>(private val body: Callable<T>) : Coroutine<T> {
    override fun start(): CompletionStage<T> = DirectRun.start(body)

    override fun toString(): String = body.toString()
}
