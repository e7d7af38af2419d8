// asyncio's waiting, timeout, task-group and thread functions as Kotlin suspend functions.
package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/** asyncio.wait: suspends until [returnWhen] holds or [timeout] seconds passed; never raises TimeoutError. */
public suspend fun <T> wait(
    futures: Collection<Future<out T>>,
    timeout: Double? = null,
    returnWhen: ReturnWhen = ReturnWhen.ALL_COMPLETED,
): WaitResult<T> = waitOn<T>(Events.getRunningLoop(), futures, timeout, returnWhen).await()

/** asyncio.wait_for of a future or task (3.12 semantics, see [waitForOn]). */
public suspend fun <T> waitFor(future: Future<T>, timeout: Double?): T =
    waitForOn<T>(Events.getRunningLoop(), future, timeout).awaitInline()

/** asyncio.wait_for of a suspend block: it runs in the current task under the deadline. */
public suspend fun <T> waitFor(timeout: Double?, block: suspend () -> T): T {
    val loop = Events.getRunningLoop()
    return waitForOn<T>(loop, KotlinCoroutine(loop, block), timeout).awaitInline()
}

/** asyncio.shield: awaits [future]; cancelling the caller does not cancel [future]. */
public suspend fun <T> shield(future: Future<T>): T = shieldOf(future).await()

/** asyncio.timeout: runs [block] with a deadline [delay] seconds from now (null: none); see [Timeout]. */
public suspend fun <T> timeout(delay: Double?, block: suspend (Timeout) -> T): T =
    scoped(Timeout.after(Events.getRunningLoop(), delay), block)

/** asyncio.timeout_at: runs [block] with a deadline at [when] on the loop's clock. */
public suspend fun <T> timeoutAt(`when`: Double?, block: suspend (Timeout) -> T): T =
    scoped(Timeout.at(Events.getRunningLoop(), `when`), block)

private suspend fun <T> scoped(scope: Timeout, block: suspend (Timeout) -> T): T {
    scope.enter()
    val result = try {
        block(scope)
    } catch (e: Throwable) {
        throw scope.exit(e) ?: e
    }
    scope.exit(null)?.let { throw it }
    return result
}

/**
 * asyncio.TaskGroup: runs [block] with a new group and returns its value once every child is done; see
 * [TaskGroup]. Failures surface as one ExceptionGroup.
 */
public suspend fun <T> taskGroup(block: suspend (TaskGroup) -> T): T {
    val group = TaskGroup()
    group.enter()
    val result = try {
        block(group)
    } catch (e: Throwable) {
        group.exit(e).awaitInline()
        @Suppress("UNCHECKED_CAST")
        return null as T // the group swallowed the body's cancellation (Python's `async with` yields nothing)
    }
    group.exit(null).awaitInline()
    return result
}

/** Creates a child task running [block] in this group (TaskGroup.create_task). */
public fun <T> TaskGroup.createTask(name: String? = null, block: suspend () -> T): Task<T> =
    createTaskOf(KotlinCoroutine(Events.getRunningLoop(), block), name)

/** asyncio.to_thread: runs [function] in the default executor with a copy of the caller's context. */
public suspend fun <T> toThread(function: () -> T): T =
    toThreadOn(Events.getRunningLoop(), Callable(function)).await()

/** asyncio.as_completed over futures: iterate and await each future in completion order. */
public fun <T> asCompleted(futures: Collection<Future<out T>>, timeout: Double? = null): AsCompleted<T> =
    AsCompleted(Events.getRunningLoop(), futures, timeout)

/** asyncio.run_coroutine_threadsafe for a suspend block: safe from any thread. */
public fun <T> runCoroutineThreadsafe(loop: EventLoop, block: suspend () -> T): CompletableFuture<T> =
    runCoroutineThreadsafeOn(KotlinCoroutine(loop, block), loop)

/**
 * Suspends on a stage that completes on the loop thread within the current task (a stage built by the
 * functions above), resuming directly from its completion: no dispatch, no extra iteration.
 */
@JvmSynthetic internal suspend fun <T> CompletionStage<T>.awaitInline(): T {
    val future = toCompletableFuture()
    if (future.isDone) {
        try {
            return future.join()
        } catch (e: Throwable) {
            throw Futures.unwrap(e)
        }
    }
    return suspendCoroutineUninterceptedOrReturn { continuation ->
        future.whenComplete { value, failure ->
            if (failure == null) continuation.resume(value) else continuation.resumeWithException(Futures.unwrap(failure))
        }
        COROUTINE_SUSPENDED
    }
}
