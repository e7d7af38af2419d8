package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.TimerHandle
import java.util.Collections
import java.util.concurrent.CompletionStage
import java.util.function.Consumer

/** The `(done, pending)` pair that asyncio.wait returns: the futures that are done and those that are not. */
public class WaitResult<T> internal constructor(
    private val done: Set<Future<T>>,
    private val pending: Set<Future<T>>,
) {
    /** The futures that were done when wait() returned. */
    public fun done(): Set<Future<T>> = done

    /** The futures still pending when wait() returned. */
    public fun pending(): Set<Future<T>> = pending

    override fun toString(): String = "WaitResult(done=${done.size}, pending=${pending.size})"
}

/**
 * asyncio.wait (3.12): waits until [returnWhen] holds or [timeout] seconds passed (null: no limit), never
 * raising TimeoutError, never cancelling anything; the result partitions the (deduplicated) futures.
 *
 * Order, as in asyncio: the done-callbacks fire one iteration after a future completes; when one of them (or
 * the timer) releases the wait, the caller resumes one iteration later and the partition is taken at that
 * moment (asyncio's `_wait` computes it after `await waiter`). Cancelling the returned future (or the task
 * awaiting it) removes the callbacks and the timer.
 */
@JvmSynthetic internal fun <T> waitOn(loop: EventLoop, aws: Collection<*>, timeout: Double?, returnWhen: ReturnWhen): Future<WaitResult<T>> {
    requireNotNull(aws) { "aws must not be null" }
    requireNotNull(returnWhen) { "returnWhen must not be null" }
    require(aws.isNotEmpty()) { "Set of Tasks/Futures is empty." }
    require(timeout == null || !timeout.isNaN()) { "timeout must not be NaN" }
    val unique = LinkedHashSet<Any>()
    for (aw in aws) {
        when (aw) {
            null -> throw NullPointerException("wait() got a null element")
            is Coroutine<*> -> throw IllegalArgumentException("Passing coroutines is forbidden, use tasks explicitly.")
            !is CompletionStage<*> -> throw IllegalArgumentException(
                "wait() expects futures or tasks, not ${aw.javaClass.name}",
            )
        }
        unique.add(aw)
    }
    val fs = LinkedHashSet<Future<T>>()
    for (aw in unique) {
        @Suppress("UNCHECKED_CAST")
        fs.add(Futures.ensureFuture(aw as CompletionStage<T>, loop))
    }
    return Wait(loop, fs, timeout, returnWhen).result
}

internal class Wait<T>(
    private val loop: EventLoop,
    private val fs: Set<Future<T>>,
    timeout: Double?,
    private val returnWhen: ReturnWhen,
) : Consumer<Future<T>> {
    @get:JvmSynthetic val result = Future<WaitResult<T>>(loop)

    /**
     * The task that called wait: a future with this callback is awaited by it (3.14's _wait does
     * future_add_to_awaited_by(f, cur_task); task/Graph.kt reads it on demand). The edge ends when the callback
     * leaves the future: when it completes, or when the wait is over (3.14 keeps it for futures still pending).
     */
    @JvmField @field:JvmSynthetic val caller: Task<*>? = loop.currentTask
    private var counter = fs.size
    private var released = false
    private var timer: TimerHandle? = null

    init {
        if (timeout != null) timer = loop.callLater(timeout) { release() }
        for (f in fs) f.addDoneCallback(this)
        result.onCancel = Runnable { cleanUp() }
    }

    /** asyncio's `_on_completion`. */
    override fun accept(f: Future<T>) {
        counter--
        if (counter <= 0 ||
            returnWhen == ReturnWhen.FIRST_COMPLETED ||
            (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null)
        ) {
            timer?.cancel()
            release()
        }
    }

    /** Stands for `waiter.set_result(None)`: the caller resumes on the next iteration and partitions then. */
    private fun release() {
        if (released || result.done()) return
        released = true
        loop.callSoonInternal({
            if (!result.done()) {
                cleanUp()
                val done = LinkedHashSet<Future<T>>()
                val pending = LinkedHashSet<Future<T>>()
                for (f in fs) (if (f.done()) done else pending).add(f)
                result.setResultAndRunCallbacks(
                    WaitResult(Collections.unmodifiableSet(done), Collections.unmodifiableSet(pending)),
                )
            }
        }, null)
    }

    private fun cleanUp() {
        timer?.cancel()
        timer = null
        for (f in fs) f.removeDoneCallback(this)
    }

    override fun toString(): String = "wait() of ${fs.size} futures"
}
