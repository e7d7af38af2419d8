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
    sleepOn<Any?>(Events.getRunningLoop(), delay, null).await()
}

/** Suspends for [delay] seconds, then returns [result]. */
public suspend fun <T> sleep(delay: Double, result: T): T = sleepOn(Events.getRunningLoop(), delay, result).await()

/** Waits for all [futures]; their results in argument order (asyncio.gather). */
public suspend fun <T> gather(vararg futures: Future<out T>, returnExceptions: Boolean = false): List<T> {
    @Suppress("UNCHECKED_CAST")
    return gatherOn(null, futures.toList(), returnExceptions).await() as List<T>
}

/** Runs each block in its own task and waits for all of them (asyncio.gather of coroutines). */
public suspend fun <T> gather(vararg blocks: suspend () -> T): List<T> {
    val loop = Events.getRunningLoop()
    val tasks = blocks.map { loop.createTask(null, it) }
    @Suppress("UNCHECKED_CAST")
    return gatherOn(loop, tasks, false).await() as List<T>
}

/** The task running now (asyncio.current_task). */
public fun currentTask(): Task<*>? = Events.getRunningLoop().currentTask

/** Runs [block] in a new loop on this thread and closes it (asyncio.run). */
public fun <T> runAsyncio(debug: Boolean? = null, block: suspend () -> T): T =
    Runner(debug).use { runner -> runner.run(coroutine(block)) }
