package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.KeyboardInterrupt
import io.asyncio4j.engine.loop.Clock
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.signals.SigintCanceller
import java.util.concurrent.CancellationException
import java.util.function.Supplier

/**
 * asyncio.Runner: one event loop, made on first use, that runs several top-level coroutines in turn on the
 * calling thread, then is closed. [close] cancels the tasks that are left, waits for them, shuts down the
 * default executor and closes the loop. `Asyncio.run(coro)` is `try (Runner r = new Runner()) { r.run(coro) }`.
 *
 * The system property `asyncio4j.clock=virtual` makes runners (and so Asyncio.run) use virtual time:
 * programs with long sleeps then finish at once with the same output.
 */
public class Runner @JvmOverloads constructor(
    private val debug: Boolean? = null,
    private val loopFactory: Supplier<EventLoop>? = null,
) : AutoCloseable {
    private enum class State { CREATED, INITIALIZED, CLOSED }

    private var state = State.CREATED
    private var loop: EventLoop? = null

    /** True once this runner made its loop the thread's current loop (only without a loop factory), as asyncio. */
    private var setEventLoop = false

    /** Runs [coro] to completion in a task on this runner's loop and returns its result. */
    public fun <T> run(coro: Coroutine<T>): T = run(coro, null)

    /**
     * [run] with `context=` (asyncio.Runner.run(coro, context=ctx)): the main task runs in [context]
     * (null: a copy of the current one, as without it).
     */
    public fun <T> run(coro: Coroutine<T>, context: io.asyncio4j.engine.contextvars.Context?): T {
        requireNotNull(coro) { "coro must not be null" }
        if (Events.getRunningLoopOrNull() != null) {
            throw IllegalStateException("Runner.run() cannot be called from a running event loop")
        }
        val loop = lazyInit()
        val task = if (context == null) loop.createTask(coro) else loop.createTask(coro, null, context)
        // Ctrl-C cancels the main task; if it ends cancelled, throw KeyboardInterrupt (asyncio.Runner.run).
        val sigint = SigintCanceller.install(loop, task)
        try {
            val result = loop.runUntilComplete(task)
            if (sigint != null && sigint.keyboardInterrupt) throw KeyboardInterrupt()
            return result
        } catch (e: CancellationException) {
            if (sigint != null && sigint.interrupted() && (sigint.keyboardInterrupt || task.uncancel() == 0)) {
                throw KeyboardInterrupt()
            }
            throw e
        } catch (e: IllegalStateException) {
            // A second Ctrl-C stopped the loop before the main task was done (its cleanup still runs in close()).
            if (sigint != null && sigint.keyboardInterrupt) throw KeyboardInterrupt()
            throw e
        } finally {
            sigint?.uninstall()
        }
    }

    /** The runner's loop, created if needed. */
    public fun getLoop(): EventLoop = lazyInit()

    /** Closes the loop (see the class comment). A runner that never made its loop stays usable, as in asyncio. */
    override fun close() {
        if (state != State.INITIALIZED) return
        val loop = this.loop!!
        try {
            cancelAllTasks(loop)
            loop.runUntilComplete(loop.shutdownDefaultExecutor())
        } finally {
            if (setEventLoop) Events.setEventLoop(null) // a loop the caller set for this thread stays set
            loop.close()
            this.loop = null
            state = State.CLOSED
        }
    }

    private fun lazyInit(): EventLoop {
        check(state != State.CLOSED) { "Runner is closed" }
        loop?.let { return it }
        val made = loopFactory?.get() ?: if (System.getProperty("asyncio4j.clock") == "virtual") {
            EventLoop(Clock.virtual())
        } else {
            Events.newEventLoop()
        }
        if (loopFactory == null) {
            Events.setEventLoop(made)
            setEventLoop = true
        }
        debug?.let { made.setDebug(it) }
        loop = made
        state = State.INITIALIZED
        return made
    }

    private companion object {
        /** asyncio.runners._cancel_all_tasks. */
        fun cancelAllTasks(loop: EventLoop) {
            val toCancel = loop.allTasks()
            if (toCancel.isEmpty()) return
            for (task in toCancel) task.cancel()
            loop.runUntilComplete(gatherOn(loop, toCancel.toList(), true))
            for (task in toCancel) {
                if (task.cancelled()) continue
                val exc = task.exception()
                if (exc != null) {
                    loop.callExceptionHandler(
                        linkedMapOf(
                            "message" to "unhandled exception during asyncio.run() shutdown",
                            "exception" to exc,
                            "task" to task,
                        ),
                    )
                }
            }
        }
    }
}
