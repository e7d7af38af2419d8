package io.asyncio4j.engine.signals

import io.asyncio4j.engine.loop.EventLoop

/**
 * The process-wide table behind `EventLoop.addSignalHandler` (asyncio's unix_events `_signal_handlers`): one
 * JVM handler per signal, calling the registered loop's callback on that loop's thread through
 * callSoonThreadsafe. Signals are process-wide, so the last loop to add a handler for a signal owns it, as
 * with signal.signal in Python. Removing the handler (or closing its loop) reinstalls the JVM's previous one.
 */
internal object SignalHandlers {
    private class Registration(val loop: EventLoop, val callback: Runnable, val jvmHandler: Any, val previous: Any)

    // Invariant: guarded by `this`; an entry exists exactly while our JVM handler is installed for that signal.
    private val registrations = HashMap<String, Registration>()

    @JvmSynthetic fun add(loop: EventLoop, name: String, callback: Runnable) {
        synchronized(this) {
            val existing = registrations[name]
            val jvmHandler = JvmSignals.newHandler("asyncio4j handler for SIG$name") { deliver(name) }
            val replaced = JvmSignals.install(name, jvmHandler)
            // Keep the handler that was there before asyncio4j took the signal, to restore it on removal.
            val previous = existing?.previous ?: replaced
            registrations[name] = Registration(loop, callback, jvmHandler, previous)
        }
    }

    @JvmSynthetic fun remove(loop: EventLoop, name: String): Boolean {
        synchronized(this) {
            val r = registrations[name]
            if (r == null || r.loop !== loop) return false
            registrations.remove(name)
            JvmSignals.install(name, r.previous)
            return true
        }
    }

    @JvmSynthetic fun removeAll(loop: EventLoop) {
        synchronized(this) {
            for (name in registrations.filterValues { it.loop === loop }.keys.toList()) remove(loop, name)
        }
    }

    private fun deliver(name: String) {
        val r = synchronized(this) { registrations[name] } ?: return
        try {
            r.loop.callSoonThreadsafe(r.callback)
        } catch (_: IllegalStateException) {
            // the loop is closed; its handlers are being removed
        }
    }
}
