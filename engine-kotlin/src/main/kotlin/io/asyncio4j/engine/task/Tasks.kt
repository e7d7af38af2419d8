package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import java.util.concurrent.CompletionStage
import java.util.function.BooleanSupplier
import java.util.function.LongFunction
import java.util.function.Supplier

/**
 * asyncio's tasks module for JVM callers: the functions that start, find and combine tasks.
 * The Java facade (io.asyncio4j.Asyncio) and the Kotlin suspend functions both call these.
 */
public object Tasks {
    /** A task on the running loop (asyncio.create_task). */
    @JvmStatic
    @JvmOverloads
    public fun <T> createTask(coro: Coroutine<T>, name: String? = null): Task<T> =
        Events.getRunningLoop().createTask(coro, name)

    /** asyncio.create_task(coro, name=name, context=context): see [EventLoop.createTask]. */
    @JvmStatic
    public fun <T> createTask(coro: Coroutine<T>, name: String?, context: io.asyncio4j.engine.contextvars.Context): Task<T> =
        Events.getRunningLoop().createTask(coro, name, context)

    /** The task running now on the running loop, or null in a plain callback (asyncio.current_task). */
    @JvmStatic
    public fun currentTask(): Task<*>? = Events.getRunningLoop().currentTask

    /** The task running on [loop] now, or null (asyncio's `current_task(loop)`). */
    @JvmStatic
    public fun currentTask(loop: EventLoop): Task<*>? = loop.currentTask

    /** The pending tasks of the running loop (asyncio.all_tasks). */
    @JvmStatic
    public fun allTasks(): Set<Task<*>> = Events.getRunningLoop().allTasks()

    /** The tasks of [loop] that are not done (asyncio's `all_tasks(loop)`). */
    @JvmStatic
    public fun allTasks(loop: EventLoop): Set<Task<*>> = loop.allTasks()

    /** A future that completes with [result] after [delay] seconds on the running loop (asyncio.sleep). */
    @JvmStatic
    public fun <T> sleep(delay: Double, result: T): Future<T> = sleepOnRunningLoop(Events.getRunningLoop(), delay, result)

    /** Gathers [awaitables] into one future of their results in argument order (asyncio.gather). */
    @JvmStatic
    public fun gather(awaitables: List<CompletionStage<*>>, returnExceptions: Boolean): Future<List<Any?>> =
        gatherOn(null, awaitables, returnExceptions)

    /** An asyncio future for [stage]: itself if it already is one (asyncio.ensure_future). */
    @JvmStatic
    public fun <T> ensureFuture(stage: CompletionStage<T>): Future<T> =
        if (stage is Future<*>) stage as Future<T> else Futures.wrapStage(stage, Events.getEventLoop())

    /** A task for [coro] on the running loop, or else the current loop (asyncio.ensure_future(coro)). */
    @JvmStatic
    public fun <T> ensureFuture(coro: Coroutine<T>): Task<T> = Events.getEventLoop().createTask(coro)

    /**
     * asyncio.ensure_future(stage, loop=loop): [stage] itself if it is an asyncio future of [loop]
     * (IllegalArgumentException, asyncio's ValueError wording, if it belongs to another loop), else a future of
     * [loop] mirroring it.
     */
    @JvmStatic
    public fun <T> ensureFuture(stage: CompletionStage<T>, loop: EventLoop): Future<T> {
        requireNotNull(stage) { "stage must not be null" }
        requireNotNull(loop) { "loop must not be null" }
        if (stage is Future<*>) {
            require(stage.getLoop() === loop) {
                "The future belongs to a different loop than the one specified as the loop argument"
            }
            @Suppress("UNCHECKED_CAST")
            return stage as Future<T>
        }
        return Futures.wrapStage(stage, loop)
    }

    /** asyncio.ensure_future(coro, loop=loop): a task for [coro] on [loop]. */
    @JvmStatic
    public fun <T> ensureFuture(coro: Coroutine<T>, loop: EventLoop): Task<T> {
        requireNotNull(loop) { "loop must not be null" }
        return loop.createTask(coro)
    }

    /**
     * `while condition(): await body()` in flat memory (see [AsyncLoop]): the returned stage completes with
     * null when [condition] is false, or with the first failure (CancelledError included) of a body's stage.
     * The first turn runs inside this call, as the first statements of a coroutine do.
     */
    @JvmStatic
    public fun loopWhile(condition: BooleanSupplier, body: Supplier<out CompletionStage<*>?>): CompletionStage<Void?> =
        loopWhileOn(Events.getRunningLoop(), condition, body)

    /** `for i in range(times): await body(i)` in flat memory; see [loopWhile]. */
    @JvmStatic
    public fun repeat(times: Long, body: LongFunction<out CompletionStage<*>?>): CompletionStage<Void?> {
        require(times >= 0) { "times must be >= 0: $times" }
        requireNotNull(body) { "body must not be null" }
        var i = 0L
        return loopWhileOn(Events.getRunningLoop(), { i < times }, { body.apply(i++) })
    }
}
