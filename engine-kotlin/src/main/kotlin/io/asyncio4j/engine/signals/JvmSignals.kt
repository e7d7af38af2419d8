package io.asyncio4j.engine.signals

import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Proxy

/**
 * The JVM's only portable hook for POSIX signals, `sun.misc.Signal` (module jdk.unsupported, exported and
 * present on JDK 17 through 25), used by reflection so a runtime without jdk.unsupported degrades to "cannot be
 * caught" instead of failing to load.
 *
 * What the JVM allows (HotSpot on Linux, checked on JDK 17 and 25):
 *  - INT, TERM, HUP: yes (their default is the JVM's shutdown handler, java.lang.Terminator); refused under -Xrs,
 *    and refused when the process was started with the signal ignored (nohup, a background job).
 *  - USR1, USR2, ALRM, WINCH, CHLD, PIPE: yes. HotSpot itself uses SIGUSR2 on Linux to suspend/resume threads
 *    (profilers, JFR sampling) and ignores SIGPIPE: replacing those works but can disturb the VM.
 *  - QUIT (thread dumps), KILL, STOP: refused ("Signal already used by VM or OS").
 * Handlers run in a short-lived JVM thread per signal, never inside the loop: callers hop with callSoonThreadsafe.
 */
internal object JvmSignals {
    private class Api(
        val signalClass: Class<*>,
        val handlerClass: Class<*>,
    ) {
        val constructor = signalClass.getConstructor(String::class.java)
        val handle = signalClass.getMethod("handle", signalClass, handlerClass)
        val ignore: Any = handlerClass.getField("SIG_IGN").get(null)
    }

    /** The signals HotSpot keeps for its shutdown hooks (java.lang.Terminator) and will not catch when ignored. */
    private val SHUTDOWN_SIGNALS = setOf("INT", "TERM", "HUP")

    private val api: Api? = try {
        Api(Class.forName("sun.misc.Signal"), Class.forName("sun.misc.SignalHandler"))
    } catch (_: ReflectiveOperationException) {
        null
    } catch (_: LinkageError) {
        null
    }

    /** A JVM handler running [action]; [label] shows in its toString. */
    @JvmSynthetic fun newHandler(label: String, action: Runnable): Any {
        val a = api ?: throw IllegalStateException("signals cannot be caught: sun.misc.Signal is not available")
        return Proxy.newProxyInstance(a.handlerClass.classLoader, arrayOf(a.handlerClass)) { proxy, method, args ->
            when (method.name) {
                "handle" -> {
                    action.run()
                    null
                }
                "toString" -> label
                "hashCode" -> System.identityHashCode(proxy)
                "equals" -> proxy === args?.get(0)
                else -> null
            }
        }
    }

    /**
     * Installs [handler] (from [newHandler], or a previous handler to restore) for signal [name] ("INT") and
     * returns the handler it replaced; IllegalStateException "sig SIGQUIT cannot be caught: ..." if the JVM
     * refuses the signal.
     */
    @JvmSynthetic fun install(name: String, handler: Any): Any {
        val a = api ?: throw IllegalStateException("sig SIG$name cannot be caught: sun.misc.Signal is not available")
        try {
            val signal = a.constructor.newInstance(name)
            val replaced = a.handle.invoke(null, signal, handler)
            if (replaced === a.ignore && handler !== a.ignore && name in SHUTDOWN_SIGNALS) {
                // HotSpot installs nothing for an INT, TERM or HUP that the process ignores (SIG_IGN inherited,
                // as under nohup or in a background job of a non-interactive shell) and still answers as if it
                // had: the handler would never run. Put SIG_IGN back in the JVM's table and say so.
                a.handle.invoke(null, signal, a.ignore)
                throw IllegalStateException(
                    "sig SIG$name cannot be caught: this process ignores it (SIG_IGN inherited from its parent, " +
                        "e.g. nohup or a background job), and the JVM installs no handler for an ignored $name",
                )
            }
            return replaced
        } catch (e: InvocationTargetException) {
            val cause = e.targetException
            if (cause is IllegalArgumentException) {
                throw IllegalStateException("sig SIG$name cannot be caught: ${cause.message}", cause)
            }
            throw cause
        }
    }

    /** Calls [handler] (a JVM signal handler) as if signal [name] had arrived. */
    @JvmSynthetic fun invoke(handler: Any, name: String) {
        val a = api ?: return
        try {
            a.handlerClass.getMethod("handle", a.signalClass).invoke(handler, a.constructor.newInstance(name))
        } catch (e: InvocationTargetException) {
            throw e.targetException
        }
    }

    /** True if [handler] is the JVM's default for INT/TERM/HUP (its shutdown handler, java.lang.Terminator). */
    @JvmSynthetic fun isJvmDefault(handler: Any): Boolean = handler.toString().startsWith("java.lang.Terminator")
}
