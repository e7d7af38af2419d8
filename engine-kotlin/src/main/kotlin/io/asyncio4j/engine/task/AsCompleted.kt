package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.TimerHandle
import java.util.ArrayDeque
import java.util.concurrent.CompletionStage
import java.util.function.Consumer
import java.util.function.Function

/**
 * asyncio.as_completed: the given awaitables in the order they complete.
 *
 * Two ways to consume it, as in Python 3.13:
 *  - as futures of outcomes (`for coro in as_completed(aws): x = await coro`; [futures] / [iterator]): one future per
 *    distinct input; the i-th future taken from an iterator completes with the outcome of the i-th input to
 *    complete (its result, or its exception), or with TimeoutError once [timeout] passed;
 *  - the original futures in completion order (3.13's `async for task in as_completed(tasks)`): [next] gives
 *    a future of the next original future, [forEachCompleted] calls an action with each of them in turn
 *    ([forEachCompletedCompose] waits for the stage the action returns before taking the next).
 *    In Java: `asCompleted(tasks).forEachCompleted(t -> print(t.result()))`.
 *
 * Both draw from one queue of completed inputs: taking a future from an iterator or calling [next] each
 * consumes one completion, first come first served (as the getters of asyncio's internal Queue).
 * At the timeout the remaining waits (taken or still to be taken) fail with TimeoutError; the inputs are not
 * cancelled. Coroutines among the inputs are wrapped in tasks; a done-callback fires one iteration after an
 * input completes, and a waiter resumes one iteration after that, as in asyncio.
 */
public class AsCompleted<T> internal constructor(
    private val loop: EventLoop,
    aws: Collection<*>,
    timeout: Double?,
) {
    /** Inputs still running (asyncio's `todo`). */
    private val todo = LinkedHashSet<Future<T>>()

    /** Completed inputs not yet handed out; null stands for "timed out". */
    private val done = ArrayDeque<Any>()

    /** Waits taken but not yet satisfied, oldest first. */
    private val getters = ArrayDeque<Consumer<Any>>()

    private val total: Int
    private var taken = 0
    private var timeoutHandle: TimerHandle? = null

    /** The TimeoutError's message (asyncio's has none; the traces print only the type). */
    private val timeoutSeconds = timeout

    private fun timeoutMessage(): String = "asCompleted() timed out after $timeoutSeconds seconds"

    private val onCompletion = object : Consumer<Future<T>> {
        override fun accept(f: Future<T>) {
            if (todo.isEmpty()) return // the timeout came first
            todo.remove(f)
            put(f)
            if (todo.isEmpty()) timeoutHandle?.cancel()
        }

        override fun toString(): String = "as_completed() of $total futures"
    }

    init {
        require(timeout == null || !timeout.isNaN()) { "timeout must not be NaN" }
        val unique = LinkedHashSet<Any>()
        for (aw in aws) unique.add(requireNotNull(aw) { "asCompleted() got a null element" })
        for (aw in unique) {
            @Suppress("UNCHECKED_CAST")
            val f: Future<T> = when (aw) {
                is Coroutine<*> -> loop.createTask(aw as Coroutine<T>)
                is CompletionStage<*> -> Futures.ensureFuture(aw as CompletionStage<T>, loop)
                else -> throw IllegalArgumentException(
                    "asCompleted() expects futures, tasks or coroutines, not ${aw.javaClass.name}",
                )
            }
            todo.add(f)
        }
        total = todo.size
        for (f in todo) f.addDoneCallback(onCompletion)
        if (todo.isNotEmpty() && timeout != null) timeoutHandle = loop.callLater(timeout, ::onTimeout)
    }

    /** True while some completion has not been taken yet (by an iterator or [next]). */
    public fun hasNext(): Boolean = taken < total

    /**
     * A future of the next original future to complete (3.13's async iteration); fails with TimeoutError after
     * the timeout, NoSuchElementException when everything was taken.
     */
    public fun next(): Future<Future<T>> {
        if (!hasNext()) throw NoSuchElementException("asCompleted() has no more futures")
        taken++
        val result = Future<Future<T>>(loop)
        take { item ->
            if (result.done()) return@take
            @Suppress("UNCHECKED_CAST")
            if (item === TIMED_OUT) result.setException(TimeoutError(timeoutMessage())) else result.setResult(item as Future<T>)
        }
        return result
    }

    /**
     * Calls [action] with each original future in completion order, waiting for the stage it returns (if any)
     * before taking the next; the returned stage completes when all were handled, or fails with TimeoutError
     * or the action's exception.
     */
    public fun forEachCompletedCompose(action: Function<in Future<T>, out CompletionStage<*>?>): CompletionStage<Void?> {
        if (!hasNext()) return Futures.awaitable(java.util.concurrent.CompletableFuture.completedFuture(null), loop)
        return next().thenCompose { f ->
            val after: CompletionStage<*>? = action.apply(f)
            val step: CompletionStage<*> = after ?: java.util.concurrent.CompletableFuture.completedFuture(null)
            step.thenCompose { forEachCompletedCompose(action) }
        }
    }

    /**
     * Calls [action] with each original future in completion order (`async for t in as_completed(ts)`); the
     * returned stage completes when all were handled, or fails with TimeoutError or the action's exception.
     */
    public fun forEachCompleted(action: Consumer<in Future<T>>): CompletionStage<Void?> =
        forEachCompletedCompose(Function { f -> action.accept(f); null })

    /**
     * The 3.12 form for Java's for-each: `for (Future<T> f : asCompleted(aws).futures())`. (AsCompleted itself
     * implements no collection interface: a Kotlin class that does carries kotlin.* marker interfaces into its
     * Java signature.)
     */
    @Suppress("PLATFORM_CLASS_MAPPED_TO_KOTLIN")
    public fun futures(): java.lang.Iterable<Future<T>> {
        val self = this
        @Suppress("UNCHECKED_CAST")
        return object : Iterable<Future<T>> {
            override fun iterator(): Iterator<Future<T>> = self.iterator()
        } as java.lang.Iterable<Future<T>>
    }

    /**
     * The 3.12 form: one future per input, each completing with the next outcome in completion order. An
     * operator, so Kotlin writes `for (f in asCompleted(tasks)) f.await()`.
     */
    public operator fun iterator(): MutableIterator<Future<T>> = object : MutableIterator<Future<T>> {
        override fun remove(): Unit = throw UnsupportedOperationException("asCompleted() iterators cannot remove")

        override fun hasNext(): Boolean = this@AsCompleted.hasNext()

        override fun next(): Future<T> {
            if (!hasNext()) throw NoSuchElementException("asCompleted() has no more futures")
            taken++
            val result = Future<T>(loop)
            take { item ->
                if (result.done()) return@take
                if (item === TIMED_OUT) {
                    result.setException(TimeoutError(timeoutMessage()))
                } else {
                    @Suppress("UNCHECKED_CAST")
                    val f = item as Future<T>
                    when {
                        f.cancelled() -> result.cancel()
                        f.exception() != null -> result.setException(f.exception()!!)
                        else -> result.setResult(f.result())
                    }
                }
            }
            return result
        }
    }

    private fun take(getter: Consumer<Any>) {
        val item = done.pollFirst()
        if (item != null) getter.accept(item) else getters.addLast(getter)
    }

    private fun put(item: Any) {
        val getter = getters.pollFirst()
        if (getter != null) getter.accept(item) else done.addLast(item)
    }

    private fun onTimeout() {
        for (f in todo) {
            f.removeDoneCallback(onCompletion)
            put(TIMED_OUT)
        }
        todo.clear()
    }

    override fun toString(): String = "<AsCompleted total=$total taken=$taken running=${todo.size}>"

    private companion object {
        val TIMED_OUT = Any()
    }
}
