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
 * Differences from asyncio: a second Ctrl-C cannot raise KeyboardInterrupt inside the blocked main thread (the
 * JVM cannot throw into another thread), so it goes to the JVM's default handler, which shuts the JVM down
 * (exit status 130); under -Xrs the JVM does not let us handle SIGINT at all.
 */
internal class SigintCanceller private constructor(private val loop: EventLoop, private val task: Task<*>) {
    private val count = AtomicInteger()
    private val handler: Any = JvmSignals.newHandler("asyncio4j Runner SIGINT handler") { onSigint() }
    private var previous: Any? = null

    /** True once a SIGINT arrived while the task ran. */
    @JvmSynthetic fun interrupted(): Boolean = count.get() > 0

    private fun onSigint() {
        if (count.incrementAndGet() == 1 && !task.done()) {
            try {
                loop.callSoonThreadsafe { task.cancel() }
            } catch (_: IllegalStateException) {
                // loop closed meanwhile
            }
            return
        }
        previous?.let { JvmSignals.invoke(it, "INT") }
    }

    /** Puts the handler that was there before back, unless someone replaced ours meanwhile. */
    @JvmSynthetic fun uninstall() {
        val prev = previous ?: return
        previous = null
        val current = JvmSignals.install("INT", prev)
        if (current !== handler) JvmSignals.install("INT", current)
    }

    companion object {
        /** Takes over SIGINT for [task] if it has the JVM's default handler; null otherwise. */
        @JvmSynthetic fun install(loop: EventLoop, task: Task<*>): SigintCanceller? {
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
