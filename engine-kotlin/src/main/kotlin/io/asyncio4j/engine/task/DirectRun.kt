package io.asyncio4j.engine.task

import io.asyncio4j.engine.future.Awaiter
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.locks.LockSupport
import java.util.function.BiConsumer

/**
 * One run of a direct-style coroutine body on its own virtual thread, and the baton it shares with the loop.
 *
 * The baton: exactly one of {the thread that drives the loop, this run's virtual thread} runs at any time.
 * The loop hands it over in [slice] (a task's first step, or the wake-up of an await: asyncio's `__step` and
 * `__wakeup`) and waits; the body gives it back in [suspend] (an await of a pending future) or when it ends.
 * So user code never runs concurrently with loop callbacks or other tasks, and single-threaded reasoning holds.
 *
 * Invariants:
 *  - [baton] is TASK exactly while [thread] may run user code; then the loop's owner ([EventLoop.handOwner]) is
 *    [thread], so checkThread, the join-on-the-loop checks and every loop-thread-only API work from the body,
 *    and the loop's current task is [task] (set by whoever resumes it). Each hand-off is a volatile write of
 *    [baton] after the state it publishes ([resumeValue], [resumeError], the loop's queues), read before use.
 *  - [giver] is the thread that handed the baton over last (the loop's owner before the slice); the body gives
 *    the baton back to it.
 *  - The run is in its loop's [EventLoop.directRuns] list from its first slice until its body ended, so that
 *    closing the loop can end a body suspended for ever ([abandonAll]) instead of leaving a parked thread.
 */
internal class DirectRun<T> private constructor(
    @JvmField @field:JvmSynthetic val loop: EventLoop,
    @JvmField val task: Task<*>?,
    private val body: Callable<T>,
) : Runnable {
    @JvmField @field:JvmSynthetic val thread: Thread = VirtualThreads.newThread(this)

    @Volatile private var baton = LOOP
    private var giver: Thread? = null
    private var started = false

    /** The outcome of the await being resumed: set by the resuming side before the hand-off. */
    private var resumeValue: Any? = null
    private var resumeError: Throwable? = null

    /** Set (by the body's thread) when the body returned or threw, with its outcome. */
    private var finished = false
    private var value: T? = null
    private var failure: Throwable? = null

    /** The loop was closed while the body was suspended: every await now throws [Abandoned]. */
    private var abandoned = false

    /** The body's outcome, completed on the loop's side after the slice in which the body ended. */
    private val outcome = Stage<T>(loop)

    // Links of the loop's list of live runs.
    private var nextRun: DirectRun<*>? = null
    private var previousRun: DirectRun<*>? = null

    /** The virtual thread: runs the body, holding the baton except while suspended in [suspend]. */
    override fun run() {
        CURRENT.set(this)
        Events.setRunningLoop(loop)
        try {
            value = body.call()
        } catch (e: Throwable) {
            failure = e
        }
        finished = true
        val g = giver
        baton = LOOP
        LockSupport.unpark(g)
    }

    /** On the thread that holds the baton now: hands it to the body until the body gives it back. */
    private fun slice() {
        val me = Thread.currentThread()
        giver = me
        val running = !abandoned // a closed loop has no owner to hand over
        if (running) loop.handOwner(thread)
        baton = TASK
        if (!started) {
            started = true
            thread.start()
        } else {
            LockSupport.unpark(thread)
        }
        parkUntil(LOOP)
        if (running) loop.handOwner(me)
    }

    /** After a slice: if the body ended, the run leaves the loop's list and [outcome] completes (inline). */
    private fun afterSlice() {
        if (!finished) return
        unlink()
        val f = failure
        if (f == null) outcome.complete(value) else outcome.completeExceptionally(f)
    }

    /** Resumes the suspended body with an await's outcome, with [task] current (asyncio's `__wakeup`). */
    @JvmSynthetic fun resumeWith(result: Any?, error: Throwable?) {
        resumeValue = result
        resumeError = error?.let { Futures.unwrap(it) }
        val previous = loop.currentTask
        loop.currentTask = task
        try {
            slice()
            afterSlice()
        } finally {
            loop.currentTask = previous
        }
    }

    /** On the body's thread: gives the baton back and waits until an await's outcome arrives. */
    private fun <U> suspend(): U {
        val g = giver
        baton = LOOP
        LockSupport.unpark(g)
        parkUntil(TASK)
        if (abandoned) throw Abandoned()
        val e = resumeError
        if (e != null) {
            resumeError = null
            throw e
        }
        val v = resumeValue
        resumeValue = null
        @Suppress("UNCHECKED_CAST")
        return v as U
    }

    /** Parks until [baton] is [holder]; an interrupt does not end the wait (it is kept for the thread). */
    private fun parkUntil(holder: Int) {
        var interrupted = false
        while (baton != holder) {
            LockSupport.park(this)
            if (Thread.interrupted()) interrupted = true
        }
        if (interrupted) Thread.currentThread().interrupt()
    }

    /** `await stage` in this run's body (on its thread, holding the baton). */
    private fun <U> awaitHere(stage: CompletionStage<U>): U {
        if (abandoned) throw Abandoned()
        if (stage is Future<*>) {
            @Suppress("UNCHECKED_CAST")
            val f = stage as Future<U>
            if (f.getLoop() !== loop) {
                throw IllegalStateException("Task ${task ?: "(none)"} got Future $f attached to a different loop")
            }
            if (f === task) throw IllegalStateException("Task cannot await on itself: $task")
            f.claim() // asCompleted: a handed-out future takes its completion when first awaited
            if (f.done()) { // awaiting a done future continues in the same step, as in asyncio
                val e = f.awaitedFailure()
                if (e != null) throw e
                return f.awaitedValue()
            }
            f.addAwaiter(DirectAwaiter(this, loop.currentTask))
            return suspend()
        }
        if (stage is CompletableFuture<*> && stage.isDone) {
            @Suppress("UNCHECKED_CAST")
            val cf = stage as CompletableFuture<U>
            try {
                return cf.join()
            } catch (e: CompletionException) {
                throw Futures.unwrap(e)
            }
        }
        if (stage is Stage<*>) {
            // A stage derived from an asyncio future (`sleep(1).thenApply(...)`): the task already waits on that
            // future (the derivation registered it); the stage completes inline when the chain does, and the
            // body continues right then, as awaiting a coroutine continues in the same step.
            stage.whenComplete(StageResumer(this))
            return suspend()
        }
        val f = Futures.wrapStage(stage, loop) // a foreign CompletionStage, mirrored onto the loop
        f.addAwaiter(DirectAwaiter(this, loop.currentTask))
        return suspend()
    }

    private fun link() {
        val head = loop.directRuns
        nextRun = head
        head?.previousRun = this
        loop.directRuns = this
    }

    private fun unlink() {
        val p = previousRun
        val n = nextRun
        if (p == null) {
            if (loop.directRuns === this) loop.directRuns = n
        } else {
            p.nextRun = n
        }
        n?.previousRun = p
        previousRun = null
        nextRun = null
    }

    override fun toString(): String = "<direct run of $body on $thread>"

    /** The wake-up of a body suspended on an asyncio future. */
    private class DirectAwaiter<U>(private val run: DirectRun<*>, task: Task<*>?) : Awaiter<U>(task) {
        override fun resume(future: Future<U>) {
            val e = future.awaitedFailure()
            if (e != null) run.resumeWith(null, e) else run.resumeWith(future.awaitedValue(), null)
        }

        override fun resumeWithException(error: Throwable) = run.resumeWith(null, error)

        override fun toString(): String = "DirectAwaiter(${run.task ?: "no task"})"
    }

    /** The wake-up of a body suspended on a derived stage; a stage completed on another thread hops to the loop. */
    private class StageResumer(private val run: DirectRun<*>) : BiConsumer<Any?, Throwable?> {
        override fun accept(value: Any?, error: Throwable?) {
            val loop = run.loop
            if (loop.isHomeThread()) {
                run.resumeWith(value, error)
            } else {
                loop.callSoonThreadsafeInternal({ run.resumeWith(value, error) }, run.task)
            }
        }
    }

    /**
     * Thrown at an await of a body whose loop was closed while it was suspended (Python's GeneratorExit, thrown
     * into a coroutine that is closed): an Error, so `catch (Exception e)` lets it through and finally blocks run.
     */
    private class Abandoned : Error("the event loop was closed while this direct-style coroutine was suspended")

    internal companion object {
        private const val LOOP = 0
        private const val TASK = 1

        /** The run whose body this thread executes (set once on each run's virtual thread). */
        private val CURRENT = ThreadLocal<DirectRun<*>>()

        /**
         * Starts [body] as a coroutine on the running loop, in its current task: the first slice runs now. On the
         * thread of a run of the same task (a nested coroutine: `waitFor(async(...))`, a timeout body) the body
         * runs inline on that thread instead, as Python runs an awaited coroutine in the awaiting task.
         */
        @JvmSynthetic fun <T> start(body: Callable<T>): CompletionStage<T> {
            VirtualThreads.requireAvailable()
            val loop = Events.getRunningLoopOrNull() ?: throw IllegalStateException(
                "a direct-style coroutine must be started by a running event loop (run, createTask, gather, ...): " +
                    "no running event loop in thread '${Thread.currentThread().let { it.name.ifEmpty { it.toString() } }}'",
            )
            loop.checkClosed()
            val task = loop.currentTask
            val current = CURRENT.get()
            if (current != null && current.loop === loop && current.task === task) return inline(loop, body)
            val run = DirectRun(loop, task, body)
            run.link()
            run.slice()
            run.afterSlice()
            return run.outcome
        }

        private fun <T> inline(loop: EventLoop, body: Callable<T>): CompletionStage<T> {
            val stage = Stage<T>(loop)
            try {
                stage.complete(body.call())
            } catch (e: Throwable) {
                if (e is VirtualMachineError) throw e
                stage.completeExceptionally(e)
            }
            return stage
        }

        /** `await stage` from direct-style code: see [Direct.await]. */
        @JvmSynthetic fun <U> await(stage: CompletionStage<U>): U {
            requireNotNull(stage) { "await() of null: pass a CompletionStage" }
            val run = CURRENT.get() ?: throw outside()
            return run.awaitHere(stage)
        }

        /** True on the thread of a direct-style coroutine. */
        @JvmSynthetic fun inDirectCoroutine(): Boolean = CURRENT.get() != null

        private fun outside(): RuntimeException {
            if (!VirtualThreads.available()) return UnsupportedOperationException(VirtualThreads.unavailableMessage())
            val thread = Thread.currentThread().let { it.name.ifEmpty { it.toString() } }
            if (Events.getRunningLoopOrNull() != null) {
                return IllegalStateException(
                    "await() called outside a direct-style coroutine, on the event loop's thread '$thread' (a " +
                        "callback or chain-style code): chain on the stage with thenApply/thenCompose there, or " +
                        "start the code as a direct-style task with createTask(() -> { ... }). A lambda that " +
                        "returns null or a CompletionStage, always throws, or returns a generic call Java can infer as " +
                        "a CompletionStage (await(loop.createFuture())) is taken as a chain-style Coroutine: " +
                        "wrap a direct body in async(() -> { ... })",
                )
            }
            return IllegalStateException(
                "await() called outside a direct-style coroutine, on thread '$thread' which runs no event loop: " +
                    "start one with run(() -> { ... }); from another thread use " +
                    "runCoroutineThreadsafe(coro, loop).get() or a blocking get() instead",
            )
        }

        /** Ends the bodies of [loop]'s runs still suspended when it closes (see [Abandoned]). Closing thread only. */
        @JvmSynthetic fun abandonAll(loop: EventLoop) {
            while (true) {
                val run = loop.directRuns ?: return
                run.unlink()
                run.abandoned = true
                if (run.started && !run.finished) run.slice()
            }
        }
    }
}
