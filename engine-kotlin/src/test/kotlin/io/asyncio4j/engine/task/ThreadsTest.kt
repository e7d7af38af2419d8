package io.asyncio4j.engine.task

import io.asyncio4j.engine.contextvars.Context
import io.asyncio4j.engine.contextvars.ContextVar
import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CancellationException
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutionException
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean

/** to_thread, run_in_executor, run_coroutine_threadsafe, a loop in a background thread, contextvars. */
class ThreadsTest : TestBase() {
    private val requestId = ContextVar("request_id", "unset")

    @Test
    fun toThreadRunsElsewhereAndResumesOnTheLoopThread() = runTest {
        val loopThread = Thread.currentThread()
        val worker = toThread { Thread.currentThread() }
        assertNotSame(loopThread, worker)
        assertSame(loopThread, Thread.currentThread())
        assertEquals("boom", runCatching { toThread { throw IllegalStateException("boom") } }.exceptionOrNull()!!.message)
    }

    @Test
    fun toThreadSeesACopyOfTheCallersContext() = runTest {
        requestId.set("req-42")
        val seen = toThread {
            val s = requestId.get()
            requestId.set("changed-in-thread")
            s
        }
        assertEquals("req-42", seen)
        assertEquals("req-42", requestId.get())
    }

    @Test
    fun aTaskSeesItsCreatorsContextAndKeepsItsChanges() = runTest {
        requestId.set("parent")
        val child = createTask {
            val s = requestId.get()
            sleep(0.1)
            requestId.set("child")
            sleep(0.1)
            s + "/" + requestId.get()
        }
        requestId.set("parent-later") // after creation: the child has its own copy
        assertEquals("parent/child", child.await())
        assertEquals("parent-later", requestId.get())
    }

    @Test
    fun contextVarLookupAndReset() = runTest {
        val v = ContextVar<String>("no_default")
        assertThrows(NoSuchElementException::class.java) { v.get() }
        assertEquals("fallback", v.get("fallback"))
        val t1 = v.set("one")
        val t2 = v.set("two")
        v.reset(t2)
        assertEquals("one", v.get())
        v.reset(t1)
        assertThrows(NoSuchElementException::class.java) { v.get() }
        assertThrows(IllegalStateException::class.java) { v.reset(t1) }
        val ctx = Context()
        assertEquals("in ctx", ctx.run { v.set("in ctx"); v.get() })
        assertEquals("in ctx", ctx[v])
        assertThrows(NoSuchElementException::class.java) { v.get() }
    }

    @Test
    fun runInExecutorCancellationDoesNotInterrupt() = runTest {
        val started = CountDownLatch(1)
        val release = CountDownLatch(1)
        val interrupted = AtomicBoolean()
        val finished = CountDownLatch(1)
        val pool = Executors.newSingleThreadExecutor()
        try {
            val f = loop.runInExecutor(pool) {
                started.countDown()
                release.await(5, TimeUnit.SECONDS)
                interrupted.set(Thread.currentThread().isInterrupted)
                finished.countDown()
                1
            }
            toThread { started.await(5, TimeUnit.SECONDS) }
            assertTrue(f.cancel())
            release.countDown()
            toThread { finished.await(5, TimeUnit.SECONDS) }
            assertFalse(interrupted.get())
            assertTrue(f.cancelled())
        } finally {
            pool.shutdown()
        }
    }

    @Test
    fun afterShutdownTheDefaultExecutorIsRefused() = runTest {
        val own = Executors.newSingleThreadExecutor()
        loop.setDefaultExecutor(own)
        assertEquals(1, loop.runInExecutor(null) { 1 }.await())
        loop.shutdownDefaultExecutor().await()
        assertTrue(own.isShutdown) // as asyncio, the loop shuts its default executor down whoever set it
        val e = assertThrows(IllegalStateException::class.java) { loop.runInExecutor(null) { 2 } }
        assertEquals("Executor shutdown has been called", e.message)
        val other = Executors.newSingleThreadExecutor()
        loop.setDefaultExecutor(other)
        assertThrows(IllegalStateException::class.java) { loop.runInExecutor(null) { 3 } }
        other.shutdown()
    }

    private fun backgroundLoop(): Pair<EventLoop, Thread> {
        val l = newRealTimeLoop()
        val t = Thread(l::runForever, "background-loop")
        t.isDaemon = true
        t.start()
        return l to t
    }

    private fun stop(l: EventLoop, t: Thread) {
        l.callSoonThreadsafe(l::stop)
        t.join(5000)
        assertFalse(t.isAlive)
        assertFalse(l.isRunning())
        l.close()
    }

    @Test
    fun runCoroutineThreadsafeDeliversResultExceptionAndContext() {
        val (l, t) = backgroundLoop()
        requestId.set("from-caller")
        try {
            assertEquals(3, runCoroutineThreadsafe(l) { sleep(0.01); 3 }.get(5, TimeUnit.SECONDS))
            val e = assertThrows(ExecutionException::class.java) {
                runCoroutineThreadsafe<Int>(l) { sleep(0.0); throw IllegalArgumentException("bad value") }.get(5, TimeUnit.SECONDS)
            }
            assertEquals("bad value", e.cause!!.message)
            assertEquals("from-caller", runCoroutineThreadsafe(l) { requestId.get() }.get(5, TimeUnit.SECONDS))
        } finally {
            Context().run { requestId.set("unset") }
            stop(l, t)
        }
    }

    @Test
    fun cancellingTheJdkFutureCancelsTheTask() {
        val (l, t) = backgroundLoop()
        try {
            val cleanedUp = CountDownLatch(1)
            val f = runCoroutineThreadsafe(l) {
                try {
                    sleep(10.0)
                } catch (e: CancelledError) {
                    cleanedUp.countDown()
                    throw e
                }
            }
            // wait until the task runs, then cancel from this thread
            runCoroutineThreadsafe(l) { sleep(0.05) }.get(5, TimeUnit.SECONDS)
            assertTrue(f.cancel(true))
            assertTrue(cleanedUp.await(5, TimeUnit.SECONDS))
            assertThrows(CancellationException::class.java) { f.get() }

            val ran = AtomicBoolean()
            val gate = CountDownLatch(1)
            l.callSoonThreadsafe { gate.await(5, TimeUnit.SECONDS) } // hold the loop so the task cannot start
            val early = runCoroutineThreadsafe(l) { ran.set(true) }
            assertTrue(early.cancel(false)) // before the task even started: the coroutine never runs
            gate.countDown()
            runCoroutineThreadsafe(l) { sleep(0.05) }.get(5, TimeUnit.SECONDS)
            assertFalse(ran.get())
        } finally {
            stop(l, t)
        }
    }

    @Test
    fun aTaskCancelledOnTheLoopCancelsTheJdkFuture() {
        val (l, t) = backgroundLoop()
        try {
            val f = runCoroutineThreadsafe(l) { currentTask()!!.cancel(); sleep(1.0) }
            assertThrows(CancellationException::class.java) { f.get(5, TimeUnit.SECONDS) }
            assertTrue(f.isCancelled)
        } finally {
            stop(l, t)
        }
    }

    @Test
    fun callSoonThreadsafeHandleCanBeCancelledBeforeItRuns() {
        val (l, t) = backgroundLoop()
        try {
            val gate = CountDownLatch(1)
            val order = java.util.Collections.synchronizedList(ArrayList<Int>())
            val done = CountDownLatch(1)
            l.callSoonThreadsafe { gate.await(5, TimeUnit.SECONDS) } // parks the loop thread
            val h1 = l.callSoonThreadsafe { order.add(1) }
            l.callSoonThreadsafe { order.add(2) }
            l.callSoonThreadsafe { done.countDown() }
            h1.cancel()
            assertTrue(h1.cancelled())
            gate.countDown()
            assertTrue(done.await(5, TimeUnit.SECONDS))
            assertEquals(listOf(2), order.toList())
        } finally {
            stop(l, t)
        }
    }
}
