// asyncio for Kotlin: the same loop, futures and tasks as the Java facade, as suspend functions.
package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.loop.TaskElement
import java.util.concurrent.CompletionStage
import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.intrinsics.createCoroutineUnintercepted

/**
 * A [Coroutine] made of a Kotlin suspend block. Starting it runs the block up to its first suspension, right
 * here (no dispatch), in the current task; the returned stage completes with the block's outcome.
 */
internal class KotlinCoroutine<T>(private val loop: EventLoop, private val block: suspend () -> T) : Coroutine<T> {
    override fun start(): CompletionStage<T> {
        val result = Stage<T>(loop)
        val task = loop.currentTask
        val context: CoroutineContext = loop.dispatcher + (task?.let { TaskElement(it) } ?: EmptyCoroutineContext)
        val completion = Continuation<T>(context) { outcome ->
            outcome.fold({ result.complete(it) }, { result.completeExceptionally(it) })
        }
        block.createCoroutineUnintercepted(completion).resumeWith(Result.success(Unit))
        return result
    }

    override fun toString(): String = "suspend block ${block.javaClass.name}"
}

/** A task running [block] on this loop (asyncio's loop.create_task for a Kotlin suspend block). */
public fun <T> EventLoop.createTask(name: String? = null, block: suspend () -> T): Task<T> =
    createTask(KotlinCoroutine(this, block), name)

/** A task running [block] on the running loop (asyncio.create_task). */
public fun <T> createTask(name: String? = null, block: suspend () -> T): Task<T> =
    Events.getRunningLoop().createTask(name, block)

/** A not-yet-started [Coroutine] for [block], for APIs that take one (gather, waitFor, run...). */
public fun <T> coroutine(block: suspend () -> T): Coroutine<T> = object : Coroutine<T> {
    override fun start(): CompletionStage<T> = KotlinCoroutine(Events.getRunningLoop(), block).start()
    override fun toString(): String = "suspend block ${block.javaClass.name}"
}

/** Suspends for [delay] seconds (asyncio.sleep); `sleep(0.0)` yields to the loop for exactly one iteration. */
public suspend fun sleep(delay: Double) {
    sleepOnRunningLoop<Any?>(Events.getRunningLoop(), delay, null).await()
}

/** Suspends for [delay] seconds, then returns [result]. */
public suspend fun <T> sleep(delay: Double, result: T): T = sleepOnRunningLoop(Events.getRunningLoop(), delay, result).await()

/**
 * Waits for all [futures]; their results in argument order (asyncio.gather). The first child to fail (or be
 * cancelled) fails the gather at once; the other children keep running. asyncio's `return_exceptions=True`
 * is [gatherReturnExceptions], whose list holds exceptions too and so cannot be a `List<T>`.
 */
public suspend fun <T> gather(vararg futures: Future<out T>): List<T> {
    @Suppress("UNCHECKED_CAST")
    return gatherOn(null, futures.toList(), false).await() as List<T>
}

/** Runs each block in its own task and waits for all of them (asyncio.gather of coroutines). */
public suspend fun <T> gather(vararg blocks: suspend () -> T): List<T> {
    val loop = Events.getRunningLoop()
    val tasks = blocks.map { loop.createTask(null, it) }
    @Suppress("UNCHECKED_CAST")
    return gatherOn(loop, tasks, false).await() as List<T>
}

/**
 * `asyncio.gather(*futures, return_exceptions=True)`, typed: one [Result] per future in argument order, a
 * success with the future's result or a failure with its exception (a CancelledError for a cancelled child),
 * where asyncio puts the exception object itself in the list. A child failing does not fail the gather;
 * cancelling the gather (or the task awaiting it) cancels the children and still throws CancelledError.
 * The Java facade keeps asyncio's untyped shape: `Asyncio.gather(true, ...)` is a `List<Object>`.
 */
public suspend fun <T> gatherReturnExceptions(vararg futures: Future<out T>): List<Result<T>> {
    val children = futures.toList()
    return asResults(children, gatherOn(null, children, true).await())
}

/** [gatherReturnExceptions] of blocks, each run in its own task (asyncio.gather of coroutines). */
public suspend fun <T> gatherReturnExceptions(vararg blocks: suspend () -> T): List<Result<T>> {
    val loop = Events.getRunningLoop()
    val tasks = blocks.map { loop.createTask(null, it) }
    return asResults(tasks, gatherOn(loop, tasks, true).await())
}

/**
 * Pairs gather's raw list with the children it came from: the child's state, not the value's type, says
 * whether an element is an exception, so a future whose *result* is a Throwable stays a success.
 */
private fun <T> asResults(children: List<Future<out T>>, raw: List<Any?>): List<Result<T>> =
    children.mapIndexed { i, child ->
        if (child.cancelled() || child.exception() != null) {
            Result.failure(raw[i] as Throwable)
        } else {
            @Suppress("UNCHECKED_CAST")
            Result.success(raw[i] as T)
        }
    }

/** The task running now (asyncio.current_task). */
public fun currentTask(): Task<*>? = Events.getRunningLoop().currentTask

/** Runs [block] in a new loop on this thread and closes it (asyncio.run). */
public fun <T> runAsyncio(debug: Boolean? = null, block: suspend () -> T): T =
    Runner(debug).use { runner -> runner.run(coroutine(block)) }
