package io.asyncio4j.engine.sync

import io.asyncio4j.engine.future.Awaiter
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.task.KotlinCoroutine
import io.asyncio4j.engine.task.Task
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.function.BiConsumer
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * asyncio's mixins._LoopBoundMixin: a primitive is created without a loop and bound to the running loop the
 * first time it has to wait (asyncio's `_get_loop()`); using it later from another loop fails with asyncio's
 * "<primitive> is bound to a different event loop". Fast paths that never wait never bind, as in asyncio.
 */
internal class LoopBinding(private val owner: Any) {
    @Volatile private var loop: EventLoop? = null

    /** The running loop, binding [owner] to it on first use; IllegalStateException "no running event loop". */
    fun get(): EventLoop {
        val running = Events.getRunningLoop()
        val bound = loop ?: bind(running)
        if (bound !== running) throw IllegalStateException("$owner is bound to a different event loop")
        return running
    }

    private fun bind(running: EventLoop): EventLoop = synchronized(this) { loop ?: running.also { loop = it } }
}

/**
 * Runs a suspend [block] as a Java coroutine in the current task (like awaiting an `async def` in asyncio):
 * it runs at once up to its first wait; the returned stage completes, inline, when the block finishes.
 * The block's waits are the task's waits: cancelling the task cancels them and delivers CancelledError inside
 * the block, where the primitive's cleanup (passing a wakeup on) runs exactly as in CPython's coroutines.
 */
internal fun <T> startCoroutine(loop: EventLoop, block: suspend () -> T): CompletionStage<T> =
    KotlinCoroutine(loop, block).start()

/**
 * The stage of a coroutine that finished without waiting. It is a chain [Stage] of the running loop (without one
 * it fails as [requireRunningLoop] says), so stages the caller derives from it stay chain stages: a plain CompletableFuture there would be a
 * foreign stage to the task, which the task would wrap and cancel as a whole.
 */
internal fun <T> doneStage(value: T): CompletionStage<T> {
    val loop = requireRunningLoop("this coroutine")
    return Stage<T>(loop).also { it.complete(value) }
}

/** Like [doneStage], for a coroutine that failed before waiting (the error surfaces where it is awaited). */
internal fun <T> failedStage(error: Throwable): CompletionStage<T> {
    val loop = requireRunningLoop("this coroutine")
    return Stage<T>(loop).also { it.completeExceptionally(error) }
}

/**
 * The running loop, for a coroutine method of a loop-bound object ([what], e.g. "Queue.put()") called before it
 * does anything. Without a running loop it fails with asyncio's "no running event loop" plus a hint: in asyncio
 * such a call only makes a coroutine object that can never run there ("coroutine ... was never awaited"); a
 * Java coroutine starts at once, so it refuses instead of silently completing (or half-running) off the loop.
 */
internal fun requireRunningLoop(what: String): EventLoop =
    Events.getRunningLoopOrNull() ?: throw IllegalStateException(
        "no running event loop: $what is a coroutine and must be called from a task on a running event loop " +
            "(e.g. inside Asyncio.run(...)); from another thread use runCoroutineThreadsafe",
    )

/**
 * Awaits a stage returned by a Java coroutine from inside a Kotlin coroutine running on the loop: an asyncio
 * future through [await]; a done stage at once; a pending chain stage by resuming inline when it completes
 * (it completes within the step that woke the task, so this adds no loop iteration).
 */
internal suspend fun <T> CompletionStage<T>.awaitStage(): T {
    if (this is Future<*>) {
        @Suppress("UNCHECKED_CAST")
        return (this as Future<T>).await()
    }
    val stage: CompletionStage<T> =
        if (this is CompletableFuture<*> || this is Stage<*>) this else Futures.wrapStage(this, Events.getRunningLoop())
    if (stage is Future<*>) {
        @Suppress("UNCHECKED_CAST")
        return (stage as Future<T>).await()
    }
    val cf = stage as CompletableFuture<T>
    if (cf.isDone) {
        try {
            return cf.join()
        } catch (e: CompletionException) {
            throw Futures.unwrap(e)
        }
    }
    // Single-threaded: the stage completes on the loop thread, so it cannot complete between the check above
    // and the registration below.
    return suspendCoroutineUninterceptedOrReturn { continuation ->
        cf.whenComplete { value, failure ->
            if (failure == null) continuation.resume(value) else continuation.resumeWithException(Futures.unwrap(failure))
        }
        COROUTINE_SUSPENDED
    }
}

/**
 * [awaitStage] without a suspended coroutine, for the hand-written hot paths ([Lock.withLockAsync]): calls
 * [then] with the stage's outcome (value, or the failure, which [then] must pass through [Futures.unwrap]:
 * a chain stage hands it on wrapped in a CompletionException) exactly when and where `awaitStage()` would
 * resume: an asyncio future at once if done, else from its callback list with the current task waiting
 * on it; a done JDK stage at once; a pending chain stage inline when it completes; a foreign stage once its
 * wrapping future is done.
 */
internal fun <T> awaitThen(loop: EventLoop, stage: CompletionStage<T>, then: BiConsumer<in T?, in Throwable?>) {
    val target: CompletionStage<T> =
        if (stage is Future<*> || stage is CompletableFuture<*>) stage
        else Futures.wrapStage(stage, Events.getRunningLoop())
    if (target is Future<*>) {
        @Suppress("UNCHECKED_CAST")
        val future = target as Future<T>
        if (!future.done()) {
            val futureLoop = future.getLoop()
            if (futureLoop.isRunning() && futureLoop.inLoopThread()) {
                future.addAwaiter(ThenAwaiter(then, futureLoop.currentTask))
            } else {
                then.accept(null, IllegalStateException("await() of $future must run on its loop's thread while the loop runs"))
            }
            return
        }
        deliverResult(future, then)
        return
    }
    val cf = target as CompletableFuture<T>
    if (cf.isDone) {
        val value = try {
            cf.join()
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            then.accept(null, e)
            return
        }
        then.accept(value, null)
        return
    }
    // Single-threaded: the stage completes on the loop thread (see awaitStage). [then] itself is the
    // dependent: no adapter object per wait.
    cf.whenComplete(then)
}

/** `future.result()` handed to [then]: the value, or what result() throws. */
private fun <T> deliverResult(future: Future<T>, then: BiConsumer<in T?, in Throwable?>) {
    val value = try {
        future.result()
    } catch (e: Throwable) {
        if (e is VirtualMachineError) throw e
        then.accept(null, e)
        return
    }
    then.accept(value, null)
}

/** [awaitThen]'s wait on a pending asyncio future (what Future.await() registers for a coroutine). */
private class ThenAwaiter<T>(
    private val then: BiConsumer<in T?, in Throwable?>,
    task: Task<*>?,
) : Awaiter<T>(task) {
    override fun resume(future: Future<T>) = deliverResult(future, then)
    override fun resumeWithException(error: Throwable) = then.accept(null, error)
}
