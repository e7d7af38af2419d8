package io.asyncio4j.engine.task

import io.asyncio4j.engine.contextvars.Context
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.Function

/**
 * asyncio's waiting, timeout and structured-concurrency functions for JVM callers (tasks.py, timeouts.py,
 * taskgroups.py): the Java facade calls these; Kotlin has suspend forms in KotlinWaiting.kt.
 * Everything here runs on the running loop's thread.
 */
public object Waiting {
    /** asyncio.wait: see [waitOn]. [timeout] null waits without limit. */
    @JvmStatic
    public fun <T> wait(aws: Collection<CompletionStage<out T>>, timeout: Double?, returnWhen: ReturnWhen): Future<WaitResult<T>> =
        waitOn(Events.getRunningLoop(), aws, timeout, returnWhen)

    /** asyncio.wait_for of a future or task: see [waitForOn]. */
    @JvmStatic
    public fun <T> waitFor(aw: CompletionStage<T>, timeout: Double?): CompletionStage<T> =
        waitForOn(Events.getRunningLoop(), aw, timeout)

    /** asyncio.wait_for of a coroutine: it runs in the current task under the deadline. */
    @JvmStatic
    public fun <T> waitFor(coro: Coroutine<T>, timeout: Double?): CompletionStage<T> =
        waitForOn(Events.getRunningLoop(), coro, timeout)

    /** asyncio.shield of a future or task: see [shieldOf]. */
    @JvmStatic
    public fun <T> shield(aw: CompletionStage<T>): Future<T> {
        requireNotNull(aw) { "aw must not be null" }
        val inner = if (aw is Future<*>) aw as Future<T> else Futures.ensureFuture(aw, Events.getEventLoop())
        return shieldOf(inner)
    }

    /** asyncio.shield of a coroutine: it runs in a new task that the shield protects. */
    @JvmStatic
    public fun <T> shield(coro: Coroutine<T>): Future<T> = shieldOf(Events.getEventLoop().createTask(coro))

    /** asyncio.as_completed over futures, tasks and coroutines (coroutines become tasks). */
    @JvmStatic
    public fun <T> asCompleted(aws: Collection<*>, timeout: Double?): AsCompleted<T> =
        AsCompleted(Events.getRunningLoop(), aws, timeout)

    /** asyncio.timeout: a [Timeout] scope expiring [delay] seconds from now (null: never). */
    @JvmStatic
    public fun timeout(delay: Double?): Timeout = Timeout.after(Events.getRunningLoop(), delay)

    /** asyncio.timeout_at: a [Timeout] scope expiring at [when] on the loop's clock (null: never). */
    @JvmStatic
    public fun timeoutAt(`when`: Double?): Timeout = Timeout.at(Events.getRunningLoop(), `when`)

    /** Runs [body] in a new [TaskGroup] in the current task. */
    @JvmStatic
    public fun <T> taskGroup(body: Function<TaskGroup, out CompletionStage<T>>): CompletionStage<T> = TaskGroup().run(body)
}

/** asyncio's thread functions for JVM callers (threads.py, tasks.run_coroutine_threadsafe). */
public object Threading {
    /** asyncio.to_thread on the running loop: see [toThreadOn]. */
    @JvmStatic
    public fun <T> toThread(function: Callable<T>): Future<T> = toThreadOn(Events.getRunningLoop(), function)

    /** asyncio.run_coroutine_threadsafe: see [runCoroutineThreadsafeOn]. Safe from any thread. */
    @JvmStatic
    public fun <T> runCoroutineThreadsafe(coro: Coroutine<T>, loop: EventLoop): CompletableFuture<T> =
        runCoroutineThreadsafeOn(coro, loop)

    /** contextvars.copy_context: a copy of the current context (the current task's, or this thread's). */
    @JvmStatic
    public fun copyContext(): Context = Context.copyContext()
}
