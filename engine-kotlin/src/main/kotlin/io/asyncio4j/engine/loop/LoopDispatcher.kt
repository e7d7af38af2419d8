package io.asyncio4j.engine.loop

import io.asyncio4j.engine.future.Awaiter
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.task.Task
import io.asyncio4j.engine.task.sleepOn
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Delay
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.InternalCoroutinesApi
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext

/**
 * The loop as a kotlinx-coroutines dispatcher, so kotlinx primitives used inside an asyncio Kotlin task
 * (`delay`, `withTimeout`, `Mutex`, channels) run on the loop thread and on the loop's clock (virtual time
 * included). Dispatch is `callSoon` (thread-safe); on the loop's own thread no dispatch is needed.
 *
 * asyncio's own awaits (`Future.await()`) do not go through the dispatcher: the loop resumes them directly.
 */
@OptIn(InternalCoroutinesApi::class)
internal class LoopDispatcher(private val loop: EventLoop) : CoroutineDispatcher(), Delay {
    override fun isDispatchNeeded(context: CoroutineContext): Boolean = !(loop.isRunning() && loop.inLoopThread())

    override fun dispatch(context: CoroutineContext, block: Runnable) {
        loop.callSoonThreadsafeInternal(block, context[TaskElement]?.task)
    }

    @OptIn(ExperimentalCoroutinesApi::class)
    override fun scheduleResumeAfterDelay(timeMillis: Long, continuation: CancellableContinuation<Unit>) {
        val task = continuation.context[TaskElement]?.task
        if (task != null && loop.isRunning() && loop.inLoopThread() && loop.currentTask === task) {
            // kotlinx delay() inside an asyncio task: wait on a real asyncio sleep future, so task.cancel()
            // reaches it (CancelledError raised from delay(), catchable, as from asyncio.sleep) and the timer
            // goes with it. A kotlinx cancellation (withTimeout) cancels the sleep future in turn.
            val sleep = sleepOn(loop, maxOf(0L, timeMillis) / 1000.0, Unit)
            sleep.addAwaiter(DelayAwaiter(continuation, task))
            continuation.invokeOnCancellation {
                if (loop.isRunning() && loop.inLoopThread()) sleep.cancel() else loop.callSoonThreadsafe { sleep.cancel() }
            }
            return
        }
        val resume = Runnable { with(continuation) { resumeUndispatched(Unit) } }
        val timer = schedule(timeMillis, resume, task)
        continuation.invokeOnCancellation { timer.cancel() }
    }

    override fun invokeOnTimeout(timeMillis: Long, block: Runnable, context: CoroutineContext): DisposableHandle {
        val timer = schedule(timeMillis, block, context[TaskElement]?.task)
        return DisposableHandle { timer.cancel() }
    }

    private fun schedule(timeMillis: Long, block: Runnable, task: Task<*>?): Handle {
        val delay = maxOf(0L, timeMillis) / 1000.0
        if (loop.isRunning() && loop.inLoopThread()) return loop.callAtInternal(loop.time() + delay, block, task)
        // From another thread: hop to the loop first; the returned handle cancels the hop or the timer.
        var timer: Handle? = null
        val hop = loop.callSoonThreadsafeInternal({ timer = loop.callAtInternal(loop.time() + delay, block, task) }, task)
        return object : Handle(block, loop, task) {
            override fun cancel() {
                hop.cancel()
                timer?.cancel()
                super.cancel()
            }
        }
    }

    override fun toString(): String = "LoopDispatcher($loop)"
}

/** Resumes a kotlinx `delay()` from the asyncio sleep future standing for it. */
private class DelayAwaiter(
    private val continuation: CancellableContinuation<Unit>,
    task: Task<*>,
) : Awaiter<Unit>(task) {
    override fun resume(future: Future<Unit>) {
        if (!continuation.isActive) return
        continuation.resumeWith(runCatching { future.result() })
    }

    override fun resumeWithException(error: Throwable) {
        if (continuation.isActive) continuation.resumeWith(Result.failure(error))
    }
}

/** The asyncio task a Kotlin coroutine runs in, so dispatched resumptions run with it current. */
internal class TaskElement(val task: Task<*>) : AbstractCoroutineContextElement(Key) {
    companion object Key : CoroutineContext.Key<TaskElement>
}
