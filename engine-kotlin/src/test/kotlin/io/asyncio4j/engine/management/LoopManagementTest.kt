package io.asyncio4j.engine.management

import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.task.toThread
import io.asyncio4j.engine.testing.runAsyncioTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.lang.management.ManagementFactory
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import javax.management.ObjectName
import javax.management.openmbean.CompositeData

/** The loop's MXBean as a JMX client sees it, from a thread other than the loop's. */
class LoopManagementTest {
    private val server = ManagementFactory.getPlatformMBeanServer()

    /** The bean of the loop running on [thread], waiting (bounded) for the registering thread to get to it. */
    private fun beanOf(thread: Thread): ObjectName {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (System.nanoTime() < deadline) {
            server.queryNames(ObjectName("io.asyncio4j:type=EventLoop,*"), null).firstOrNull {
                server.getAttribute(it, "ThreadId") == thread.id
            }?.let { return it }
            Thread.sleep(10)
        }
        throw AssertionError("no EventLoop MBean for ${thread.name}")
    }

    @Test
    fun tasksWithWhatTheyAwaitAndWhoAwaitsThem() = runAsyncioTest(realTime = true) {
        val loopThread = Thread.currentThread()
        val inner = createTask(name = "inner") { sleep(3600.0) }
        val outer = createTask(name = "outer") { inner.await() }
        sleep(0.0)
        val rows = toThread {
            val name = beanOf(loopThread)
            @Suppress("UNCHECKED_CAST")
            (server.getAttribute(name, "Tasks") as Array<CompositeData>).associateBy { it["name"] as String }
        }
        assertEquals(setOf("runAsyncioTest", "inner", "outer"), rows.keys)
        // The snapshot is a callback of its own: every task is suspended then (the test's, on toThread's future).
        assertEquals("pending", rows["runAsyncioTest"]!!["state"])
        assertTrue(((rows["runAsyncioTest"]!!["awaits"] as Array<*>).single() as String).startsWith("Future(id=0x"))
        assertEquals("pending", rows["outer"]!!["state"])
        val outerId = rows["outer"]!!["id"] as String
        assertEquals(listOf("Task(name='inner', id=${rows["inner"]!!["id"]})"), (rows["outer"]!!["awaits"] as Array<*>).toList())
        assertEquals(listOf(outerId), (rows["inner"]!!["awaitedByIds"] as Array<*>).toList())
        assertEquals(listOf("outer"), (rows["inner"]!!["awaitedByNames"] as Array<*>).toList())
        assertTrue((rows["inner"]!!["coroutine"] as String).startsWith("suspend block "), rows["inner"].toString())
        outer.cancel()
        inner.cancel()
        sleep(0.0)
    }

    @Test
    fun aBlockedLoopIsReadOffItsThreadAndSaysSo() {
        val loop = EventLoop()
        val release = CountDownLatch(1)
        val blocked = CountDownLatch(1)
        var thread: Thread? = null
        loop.callSoon {
            thread = Thread.currentThread()
            blocked.countDown()
            release.await(20, TimeUnit.SECONDS) // a callback that blocks the loop
            loop.stop()
        }
        val reader = Thread {
            blocked.await()
            val name = beanOf(thread!!)
            val tasks = server.getAttribute(name, "Tasks") as Array<*> // answers after its 1 s bounded wait
            assertTrue(tasks.isEmpty(), tasks.toList().toString())
            assertEquals(false, server.getAttribute(name, "LastSnapshotConsistent"))
            release.countDown()
        }
        var failure: Throwable? = null
        reader.setUncaughtExceptionHandler { _, e -> failure = e; release.countDown() }
        reader.start()
        loop.runForever()
        reader.join(20_000)
        loop.close()
        failure?.let { throw it }
    }
}
