package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.FutureCallback
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import java.util.IdentityHashMap
import java.util.concurrent.CompletionStage
import java.util.function.Consumer

/**
 * asyncio.gather (Python 3.11's algorithm, the one the conformance traces come from).
 *
 *  - The outer future's result lists the children's results in argument order (the same awaitable twice
 *    gives the same result twice).
 *  - Without returnExceptions the first child to fail (or be cancelled) fails the outer future at once; the
 *    other children keep running.
 *  - With returnExceptions, exceptions (and CancelledError for cancelled children) take their place in the list.
 *  - Cancelling the outer future cancels every child; the outer future then ends with CancelledError whatever
 *    returnExceptions says (Python issue 32684).
 */
@JvmSynthetic internal fun gatherOn(loop: EventLoop?, awaitables: List<CompletionStage<*>>, returnExceptions: Boolean): Future<List<Any?>> {
    if (awaitables.isEmpty()) {
        val outer = Future<List<Any?>>(loop ?: Events.getEventLoop())
        outer.setResult(emptyList())
        return outer
    }
    val state = GatherState(returnExceptions, awaitables.size)
    // asyncio's arg_to_fut, for foreign stages only: each distinct one is wrapped once. An asyncio future needs
    // no wrapping and no map: given twice, it is registered and counted twice, which yields the same results
    // (the identity map was a third of gather's time for a million tasks: identity hash codes and resizes).
    var wrapped: IdentityHashMap<CompletionStage<*>, Future<*>>? = null
    var target = loop
    for (arg in awaitables) {
        requireNotNull(arg) { "gather() arguments must not be null" }
        val fut: Future<*>
        if (arg is Future<*>) {
            fut = Futures.ensureFuture(arg, target ?: arg.getLoop())
        } else {
            val map = wrapped ?: IdentityHashMap<CompletionStage<*>, Future<*>>().also { wrapped = it }
            val existing = map[arg]
            if (existing != null) {
                state.children.add(existing)
                continue
            }
            fut = Futures.ensureFuture(arg, target ?: Events.getEventLoop())
            map[arg] = fut
        }
        if (target == null) target = fut.getLoop()
        state.children.add(fut)
        state.count++
        @Suppress("UNCHECKED_CAST")
        val child = fut as Future<Any?>
        child.claim()
        if (child.done()) {
            child.addDoneCallback(state)
        } else {
            child.getLoop().checkThread("addDoneCallback")
            child.addCallback(state) // no DoneCallback wrapper per child
        }
    }
    val outer = GatheringFuture(target!!, state.children)
    state.outer = outer
    state.caller = target.currentTask
    return outer
}

/** The outer future of gather: cancelling it cancels the children instead of itself. */
internal class GatheringFuture(loop: EventLoop, private val children: List<Future<*>>) : Future<List<Any?>>(loop) {
    @get:JvmSynthetic @set:JvmSynthetic var cancelRequested = false

    override fun cancel(msg: String?): Boolean {
        getLoop().checkThread("cancel")
        if (done()) return false
        var any = false
        for (child in children) if (child.cancel(msg)) any = true
        if (any) cancelRequested = true
        return any
    }

    override fun toString(): String = "<GatheringFuture ${describeState()} children=${children.size}>"
}

internal class GatherState(private val returnExceptions: Boolean, size: Int) : FutureCallback<Any?>, Consumer<Future<Any?>> {
    /** One entry per argument, in order: sized once (a million children would otherwise regrow it ~30 times). */
    @get:JvmSynthetic val children = ArrayList<Future<*>>(size)
    var count = 0
    @get:JvmSynthetic @set:JvmSynthetic var finished = 0
    var outer: GatheringFuture? = null

    /**
     * The task that called gather: while a child is pending (this state in its callbacks), the child is
     * awaited by it (3.14's future_add_to_awaited_by(child, cur_task); read by task/Graph.kt on demand).
     */
    @get:JvmSynthetic @set:JvmSynthetic var caller: Task<*>? = null

    override fun onDone(future: Future<Any?>) = accept(future)

    override fun accept(fut: Future<Any?>) {
        finished++
        val outer = this.outer
        if (outer == null || outer.done()) {
            if (!fut.cancelled()) fut.exception() // marks it retrieved
            return
        }
        if (!returnExceptions) {
            if (fut.cancelled()) {
                outer.setException(fut.makeCancelledError())
                return
            }
            val exc = fut.exception()
            if (exc != null) {
                outer.setException(exc)
                return
            }
        }
        if (finished == count) {
            val results = ArrayList<Any?>(children.size)
            for (child in children) {
                results.add(
                    when {
                        // asyncio reads the child's _cancel_message here, not _make_cancelled_error().
                        child.cancelled() -> CancelledError(child.cancelMessage() ?: "")
                        else -> child.exception() ?: child.result()
                    },
                )
            }
            if (outer.cancelRequested) {
                outer.setException(fut.makeCancelledError())
            } else {
                outer.setResult(results)
            }
        }
    }
}
