package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events

/**
 * asyncio.sleep: a future that completes with [result] after [delay] seconds on [loop]'s clock.
 *  - delay <= 0 (negative acts like 0): the waiter resumes after exactly one loop iteration, as asyncio's
 *    `sleep(0)` is a bare yield; cancelled meanwhile, it resumes with CancelledError at that same iteration
 *    (asyncio throws it in at the step the yield scheduled);
 *  - otherwise a timer sets the result; the waiter resumes one iteration after the timer fires, as in asyncio.
 * Cancelling the future (cancelling the task that awaits it) cancels the timer at once: no orphaned timers.
 */
@JvmSynthetic internal fun <T> sleepOn(loop: EventLoop, delay: Double, result: T): Future<T> {
    require(!delay.isNaN()) { "delay must not be NaN" } // first, as before: the argument error wins
    loop.checkThread("sleep")
    loop.checkClosed()
    return sleepOnRunningLoop(loop, delay, result)
}

/**
 * [sleepOn] for [loop] = [Events.getRunningLoop] of the calling thread (asyncio.sleep itself): that loop runs
 * in this thread, so the thread check cannot fail, and a running loop cannot be closed ([EventLoop.close]
 * refuses), so neither can the closed check. Skipping both matters on the sleep(0) hot path.
 */
@JvmSynthetic internal fun <T> sleepOnRunningLoop(loop: EventLoop, delay: Double, result: T): Future<T> {
    require(!delay.isNaN()) { "delay must not be NaN" }
    val future = Future<T>(loop)
    if (delay <= 0) {
        future.scheduleWakeup(result) // the future is its own wake-up handle
        return future
    }
    val timer = loop.callAtInternal(loop.time() + delay, SetResultUnlessCancelled(future, result), null)
    future.onCancel = Runnable { timer.cancel() }
    return future
}

/** asyncio's futures._set_result_unless_cancelled. */
private class SetResultUnlessCancelled<T>(private val future: Future<T>, private val result: T) : Runnable {
    override fun run() {
        if (!future.done()) future.setResult(result)
    }

    override fun toString(): String = "sleep() timer of $future"
}
