package io.asyncio4j.engine.sync

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.Clock
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.subprocess.ProcessOptions
import io.asyncio4j.engine.subprocess.Stdio
import io.asyncio4j.engine.subprocess.communicate
import io.asyncio4j.engine.subprocess.createSubprocessExec
import io.asyncio4j.engine.task.coroutine
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.sleep
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** The Kotlin suspend forms share the Java stages' semantics: fairness, cancellation, queues, subprocesses. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KotlinSyncTest {
    private fun <T> runVirtual(block: suspend () -> T): T {
        val loop = EventLoop(Clock.virtual())
        try {
            return loop.runUntilComplete(coroutine(block))
        } finally {
            loop.close()
        }
    }

    @Test
    fun withLockSerialisesTasksInFifoOrder() {
        val order = runVirtual {
            val lock = Lock()
            val log = ArrayList<String>()
            val tasks = (1..3).map { id ->
                createTask {
                    lock.withLock {
                        log.add("in$id")
                        sleep(1.0)
                        log.add("out$id")
                    }
                }
            }
            for (t in tasks) t.await()
            assertFalse(lock.locked())
            log
        }
        assertEquals(listOf("in1", "out1", "in2", "out2", "in3", "out3"), order)
    }

    @Test
    fun cancelledSuspendAcquireDoesNotLoseTheLock() {
        runVirtual {
            val lock = Lock()
            lock.acquire()
            val waiter = createTask { lock.acquire() }
            val next = createTask { lock.acquire() }
            sleep(0.0)
            lock.release() // wakes `waiter`...
            waiter.cancel() // ...cancelled before it resumes: `next` must get the lock
            assertTrue(next.await())
            assertTrue(waiter.cancelled())
            assertTrue(lock.locked())
        }
    }

    @Test
    fun queueConditionEventAndBarrierSuspendForms() {
        runVirtual {
            val q = Queue<Int>(1)
            val producer = createTask {
                for (i in 1..3) q.put(i)
            }
            val got = ArrayList<Int>()
            repeat(3) {
                got.add(q.get())
                q.taskDone()
            }
            producer.await()
            q.join()
            assertEquals(listOf(1, 2, 3), got)

            val cond = Condition()
            var ready = false
            val waiter = createTask { cond.withLock { cond.waitFor { ready } } }
            sleep(0.0)
            cond.withLock {
                ready = true
                cond.notifyAll()
            }
            assertTrue(waiter.await())

            val ev = Event()
            val barrier = Barrier(2)
            val other = createTask {
                ev.wait()
                barrier.wait()
            }
            ev.set()
            val mine = barrier.wait()
            assertEquals(setOf(0, 1), setOf(mine, other.await()))
        }
    }

    @Test
    fun cancellationInsideSuspendGetIsACancelledError() {
        runVirtual {
            val q = Queue<String>()
            val getter = createTask {
                try {
                    q.get()
                } catch (e: CancelledError) {
                    "cancelled"
                }
            }
            sleep(0.0)
            getter.cancel()
            assertEquals("cancelled", getter.await())
            q.putNowait("x")
            assertEquals("x", q.get())
        }
    }

    @Test
    fun subprocessSuspendForms() {
        val loop = EventLoop()
        try {
            val out = loop.runUntilComplete(coroutine {
                val p = createSubprocessExec("cat", options = ProcessOptions().stdin(Stdio.PIPE).stdout(Stdio.PIPE))
                val result = p.communicate("hello".toByteArray())
                assertEquals(0, p.returncode())
                String(result.stdout()!!)
            })
            assertEquals("hello", out)
        } finally {
            loop.close()
        }
    }
}
