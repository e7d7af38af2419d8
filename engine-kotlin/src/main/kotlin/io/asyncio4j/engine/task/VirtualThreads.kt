package io.asyncio4j.engine.task

import java.lang.reflect.Method
import java.util.concurrent.ThreadFactory

/**
 * Virtual threads for direct-style coroutines, reached through public JDK API at run time.
 *
 * Why reflection: the build targets `--release 17`, where `Thread.ofVirtual()` does not exist, and everything
 * but direct style must keep working on 17. So the factory is looked up once (`Thread.ofVirtual()
 * .factory()`, all public methods of public `java.lang` types, no `--add-opens`); after that a new thread is a
 * plain [ThreadFactory.newThread] call, no reflection on the hot path. A multi-release jar would need a second
 * compilation with release 21 for one call; a separate source set would split the engine for the same call.
 */
internal object VirtualThreads {
    /** The running JDK's feature release (17, 21, 25 ...). */
    @JvmField val feature: Int = Runtime.version().feature()

    /** Makes unstarted (unnamed) virtual threads; null before Java 21. */
    private val factory: ThreadFactory?

    /** `Thread.isVirtual()`; null before Java 21. */
    private val isVirtualMethod: Method?

    init {
        var f: ThreadFactory? = null
        var m: Method? = null
        if (feature >= 21) {
            try {
                val builderType = Class.forName("java.lang.Thread\$Builder")
                val builder = Thread::class.java.getMethod("ofVirtual").invoke(null)
                // Unnamed: a numbered name costs a string per thread, a third of what making the thread costs
                // (direct_spawn_gather); a virtual thread's toString still shows its id ("VirtualThread[#42]").
                f = builderType.getMethod("factory").invoke(builder) as ThreadFactory
                m = Thread::class.java.getMethod("isVirtual")
            } catch (e: ReflectiveOperationException) {
                f = null
            }
        }
        factory = f
        isVirtualMethod = m
    }

    /** True where direct-style coroutines can run (Java 21+). */
    fun available(): Boolean = factory != null

    /** Throws the refusal of direct style on this JDK. */
    fun requireAvailable() {
        if (factory == null) throw UnsupportedOperationException(unavailableMessage())
    }

    fun unavailableMessage(): String = "direct-style coroutines need Java 21+; running on $feature"

    /** A new, unstarted virtual thread running [body]. */
    fun newThread(body: Runnable): Thread {
        val f = factory ?: throw UnsupportedOperationException(unavailableMessage())
        return f.newThread(body)
    }

    /** True if [thread] is a virtual thread. */
    fun isVirtual(thread: Thread): Boolean = isVirtualMethod?.invoke(thread) == true
}
