package io.asyncio4j.engine.signals

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.Task
import java.util.concurrent.atomic.AtomicInteger

/**
 * asyncio.Runner's Ctrl-C handling (runners.py `_on_sigint`): while Runner.run runs the main task, the first
 * SIGINT cancels that task (on the loop thread); if it then ends cancelled, Runner.run throws KeyboardInterrupt.
 *
 * Installed only where asyncio would: when SIGINT still has the JVM's default handler (asyncio: the
 * `default_int_handler`); a program's own SIGINT handler, or an `addSignalHandler("INT")`, is left alone.
 * A second Ctrl-C (or one arriving when the main task is already done) is asyncio's `raise KeyboardInterrupt()`
 * in the main thread: the JVM cannot throw into another thread, so it stops the loop ([keyboardInterrupt] set)
 * and Runner.run throws KeyboardInterrupt in the main thread from there; the runner's close() then cancels the
 * tasks left (the main task's cleanup included) and runs them to the end, so their finally blocks run, exactly
 * as asyncio.Runner's close() does after the KeyboardInterrupt. A third Ctrl-C, during that cleanup, finds the
 * JVM's default handler back and shuts the JVM down (exit status 130). Under -Xrs the JVM does not let us
 * handle SIGINT at all.
 */
internal class SigintCanceller private constructor(private val loop: EventLoop, private val task: Task<*>) {
    private val count = AtomicInteger()
    private val handler: Any = JvmSignals.newHandler("asyncio4j Runner SIGINT handler") { onSigint() }
    private var previous: Any? = null

    /** True once a SIGINT arrived while the task ran. */
    fun interrupted(): Boolean = count.get() > 0

    /** True once a Ctrl-C asked for KeyboardInterrupt in the main thread (see the class comment). */
    @Volatile var keyboardInterrupt: Boolean = false
        private set

    private fun onSigint() {
        if (count.incrementAndGet() == 1 && !task.done()) {
            try {
                loop.callSoonThreadsafe { task.cancel() }
            } catch (_: IllegalStateException) {
                // loop closed meanwhile
            }
            return
        }
        keyboardInterrupt = true
        loop.stop() // thread-safe; Runner.run throws KeyboardInterrupt when runUntilComplete returns
    }

    /** Puts the handler that was there before back, unless someone replaced ours meanwhile. */
    fun uninstall() {
        val prev = previous ?: return
        previous = null
        val current = JvmSignals.install("INT", prev)
        if (current !== handler) JvmSignals.install("INT", current)
    }

    companion object {
        /** Takes over SIGINT for [task] if it has the JVM's default handler; null otherwise. */
        fun install(loop: EventLoop, task: Task<*>): SigintCanceller? {
            val canceller = SigintCanceller(loop, task)
            val replaced = try {
                JvmSignals.install("INT", canceller.handler)
            } catch (_: IllegalStateException) {
                return null // -Xrs, or no sun.misc.Signal
            }
            if (!JvmSignals.isJvmDefault(replaced)) {
                JvmSignals.install("INT", replaced)
                return null
            }
            canceller.previous = replaced
            return canceller
        }
    }
}
