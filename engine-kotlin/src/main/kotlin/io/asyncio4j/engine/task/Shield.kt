package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.Future
import java.util.function.Consumer

/**
 * asyncio.shield: an outer future that follows [inner] but whose cancellation does not reach it.
 *  - an already done [inner] is returned as is;
 *  - cancelling the outer future (or the task awaiting it) leaves [inner] running; its later outcome is then
 *    only marked as retrieved;
 *  - cancelling [inner] cancels the outer future.
 */
@JvmSynthetic internal fun <T> shieldOf(inner: Future<T>): Future<T> {
    if (inner.done()) return inner
    val outer = Future<T>(inner.getLoop())
    val innerDone = ShieldInnerDone(inner, outer, inner.getLoop().currentTask)
    inner.addDoneCallback(innerDone)
    outer.addDoneCallback { if (!inner.done()) inner.removeDoneCallback(innerDone) }
    return outer
}

/**
 * shield's done-callback on the inner future. [caller] is the task that called shield: while [inner] is
 * pending, it is awaited by that task (3.14's future_add_to_awaited_by(inner, cur_task); task/Graph.kt).
 */
internal class ShieldInnerDone<T>(
    private val inner: Future<T>,
    private val outer: Future<T>,
    @JvmField @field:JvmSynthetic val caller: Task<*>?,
) : Consumer<Future<T>> {
    override fun accept(f: Future<T>) {
        if (outer.cancelled()) {
            if (!f.cancelled()) f.exception() // mark it retrieved
            return
        }
        if (outer.done()) return
        if (f.cancelled()) {
            outer.cancel()
        } else {
            val exc = f.exception()
            if (exc != null) outer.setException(exc) else outer.setResult(f.result())
        }
    }

    override fun toString(): String = "shield() of $inner"
}
