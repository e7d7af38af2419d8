package io.asyncio4j.engine.management

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.Graph
import io.asyncio4j.engine.task.Task
import java.lang.management.ManagementFactory
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicLong
import javax.management.ObjectName
import javax.management.StandardMBean

/**
 * Registers each running loop's [EventLoopMXBean]. The loop thread only hands the loop to one daemon thread
 * ("asyncio4j-jmx"), which does the registering: the platform MBean server's start (tens of milliseconds, once)
 * and each registration stay off the loop thread, and a loop started and stopped a thousand times in tests costs
 * it two queue offers per run. Registration order per loop is kept (one thread), so an unregister never overtakes
 * its register. Off with `-Dasyncio4j.jmx=false`.
 */
internal object LoopManagement {
    private val enabled: Boolean = System.getProperty("asyncio4j.jmx", "true") != "false"
    private val counter = AtomicLong()
    private val logger: System.Logger = System.getLogger("io.asyncio4j.management")

    private val executor: ExecutorService by lazy {
        Executors.newSingleThreadExecutor { r -> Thread(r, "asyncio4j-jmx").apply { isDaemon = true } }
    }

    /** The loop thread entered runForever. Returns the handle [stopped] takes, or null when disabled. */
    @JvmSynthetic fun started(loop: EventLoop, thread: Thread): Any? {
        if (!enabled) return null
        val bean = LoopBean(loop, thread, "${thread.name}#${counter.incrementAndGet()}")
        executor.execute { register(bean) }
        return bean
    }

    /** runForever is returning (same thread as [started]). */
    @JvmSynthetic fun stopped(handle: Any?) {
        val bean = handle as? LoopBean ?: return
        executor.execute { unregister(bean) }
    }

    private fun register(bean: LoopBean) {
        try {
            ManagementFactory.getPlatformMBeanServer()
                .registerMBean(StandardMBean(bean, EventLoopMXBean::class.java, true), bean.objectName)
            bean.registered = true
        } catch (e: Exception) {
            logger.log(System.Logger.Level.DEBUG, "could not register ${bean.objectName}", e)
        }
    }

    private fun unregister(bean: LoopBean) {
        if (!bean.registered) return
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(bean.objectName)
        } catch (e: Exception) {
            logger.log(System.Logger.Level.DEBUG, "could not unregister ${bean.objectName}", e)
        }
    }

    /** The snapshot of [loop]'s pending tasks. Loop thread, or (best effort) another thread when it is stuck. */
    @JvmSynthetic fun snapshot(loop: EventLoop): List<TaskInfo> {
        val tasks = loop.pendingTasksInCreationOrder()
        val current = loop.currentTask()
        return tasks.map { t ->
            val awaiters = Graph.awaitedBy(t)
            TaskInfo(
                name = t.peekName(),
                id = id(t),
                state = if (t === current) "running" else "pending",
                coroutine = describeCoroutine(t.getCoro().toString()),
                awaits = t.waitingOnList().map { describe(it) },
                awaitedByIds = awaiters.map { id(it) },
                awaitedByNames = awaiters.map { if (it is Task<*>) it.peekName() else "Future" },
            )
        }
    }

    private fun id(f: Future<*>): String = "0x" + Integer.toHexString(System.identityHashCode(f))

    private fun describe(f: Future<*>): String =
        if (f is Task<*>) "Task(name='${f.peekName()}', id=${id(f)})" else "Future(id=${id(f)})"

    /** A Java lambda's class name without the JVM's `$$Lambda/0x...@hash` decoration. */
    @JvmSynthetic internal fun describeCoroutine(s: String): String {
        val lambda = s.indexOf("\$\$Lambda")
        if (lambda >= 0) return s.substring(0, lambda) + ".lambda"
        val at = s.lastIndexOf('@')
        return if (at > 0 && s.substring(at + 1).all { it.isLetterOrDigit() }) s.substring(0, at) else s
    }

    private class LoopBean(private val loop: EventLoop, private val thread: Thread, private val name: String) : EventLoopMXBean {
        val objectName: ObjectName = ObjectName("io.asyncio4j:type=EventLoop,name=" + ObjectName.quote(name))
        @Volatile var registered = false
        @Volatile private var consistent = true

        override fun getName(): String = name

        @Suppress("DEPRECATION") // Thread.threadId() is Java 19+; the build targets 17
        override fun getThreadId(): Long = thread.id

        override fun getTime(): Double = loop.time()

        override fun getTasks(): List<TaskInfo> {
            val answer = CompletableFuture<List<TaskInfo>>()
            try {
                loop.callSoonThreadsafe {
                    try {
                        answer.complete(snapshot(loop))
                    } catch (e: Throwable) {
                        answer.completeExceptionally(e)
                    }
                }
                val tasks = answer.get(1, TimeUnit.SECONDS)
                consistent = true
                return tasks
            } catch (_: TimeoutException) {
                // fall through: the loop is blocked (or stopped meanwhile); read what is there
            } catch (_: IllegalStateException) {
                // the loop closed
            }
            consistent = false
            return try {
                snapshot(loop)
            } catch (_: RuntimeException) {
                emptyList() // a racing read of a changing task list; the next call may succeed
            }
        }

        override fun isLastSnapshotConsistent(): Boolean = consistent
    }
}
