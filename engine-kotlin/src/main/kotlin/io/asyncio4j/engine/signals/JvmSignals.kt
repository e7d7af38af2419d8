package io.asyncio4j.engine.signals

import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Proxy

/**
 * The JVM's only portable hook for POSIX signals, `sun.misc.Signal` (module jdk.unsupported, exported and
 * present on JDK 17 through 25), used by reflection so a runtime without jdk.unsupported degrades to "cannot be
 * caught" instead of failing to load.
 *
 * What the JVM allows (HotSpot on Linux, checked on JDK 17 and 25):
 *  - INT, TERM, HUP: yes (their default is the JVM's shutdown handler, java.lang.Terminator); refused under -Xrs.
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
    }

    private val api: Api? = try {
        Api(Class.forName("sun.misc.Signal"), Class.forName("sun.misc.SignalHandler"))
    } catch (_: ReflectiveOperationException) {
        null
    } catch (_: LinkageError) {
        null
    }

    /** A JVM handler running [action]; [label] shows in its toString. */
    fun newHandler(label: String, action: Runnable): Any {
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
    fun install(name: String, handler: Any): Any {
        val a = api ?: throw IllegalStateException("sig SIG$name cannot be caught: sun.misc.Signal is not available")
        try {
            return a.handle.invoke(null, a.constructor.newInstance(name), handler)
        } catch (e: InvocationTargetException) {
            val cause = e.targetException
            if (cause is IllegalArgumentException) {
                throw IllegalStateException("sig SIG$name cannot be caught: ${cause.message}", cause)
            }
            throw cause
        }
    }

    /** Calls [handler] (a JVM signal handler) as if signal [name] had arrived. */
    fun invoke(handler: Any, name: String) {
        val a = api ?: return
        try {
            a.handlerClass.getMethod("handle", a.signalClass).invoke(handler, a.constructor.newInstance(name))
        } catch (e: InvocationTargetException) {
            throw e.targetException
        }
    }

    /** True if [handler] is the JVM's default for INT/TERM/HUP (its shutdown handler, java.lang.Terminator). */
    fun isJvmDefault(handler: Any): Boolean = handler.toString().startsWith("java.lang.Terminator")
}
