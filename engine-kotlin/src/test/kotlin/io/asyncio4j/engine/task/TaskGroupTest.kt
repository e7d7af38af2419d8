package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.exceptions.ExceptionGroup
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** asyncio.TaskGroup (test_taskgroups.py), in virtual time. */
class TaskGroupTest : TestBase() {

    @Test
    fun exitWaitsForEveryChild() = runTest {
        val r = taskGroup { tg ->
            val a = tg.createTask { sleep(0.3); expect(3); "a" }
            val b = tg.createTask { sleep(0.1); expect(2); "b" }
            expect(1)
            listOf(a, b)
        }
        expect(4)
        assertEquals(listOf("a", "b"), r.map { it.result() })
        assertEquals(0.3, loop.time(), 1e-9)
        finish(5)
    }

    @Test
    fun aFailingChildCancelsItsSiblingsAndTheBody() = runTest {
        var sibling: Task<*>? = null
        val e = runCatching {
            taskGroup { tg ->
                sibling = tg.createTask { sleep(10.0) }
                tg.createTask<Unit> { sleep(0.1); throw IllegalStateException("child failed") }
                try {
                    sleep(10.0)
                } catch (c: CancelledError) {
                    expect(1) // the body is interrupted
                    throw c
                }
            }
        }.exceptionOrNull()
        expect(2)
        assertInstanceOf(ExceptionGroup::class.java, e)
        val group = e as ExceptionGroup
        assertEquals("unhandled errors in a TaskGroup", group.message())
        assertEquals(1, group.exceptions().size)
        assertEquals("child failed", group.exceptions()[0].message)
        assertTrue(sibling!!.cancelled())
        assertEquals(0.1, loop.time(), 1e-9)
        assertEquals(0, currentTask()!!.cancelling()) // the group's own cancellation of the parent was taken back
        sleep(0.0) // the parent carries on normally
        finish(3)
    }

    @Test
    fun allFailuresSurfaceTogetherInOrder() = runTest {
        val e = runCatching {
            taskGroup { tg ->
                tg.createTask<Unit> { sleep(0.1); throw IllegalStateException("first") }
                tg.createTask<Unit> {
                    try {
                        sleep(10.0)
                    } finally {
                        throw IllegalArgumentException("second, while cancelled")
                    }
                }
            }
        }.exceptionOrNull() as ExceptionGroup
        assertEquals(listOf("first", "second, while cancelled"), e.exceptions().map { it.message })
        assertEquals("unhandled errors in a TaskGroup (2 sub-exceptions)", e.message)
    }

    @Test
    fun aFailingBodyCancelsTheChildrenAndJoinsTheErrors() = runTest {
        var child: Task<*>? = null
        val e = runCatching {
            taskGroup { tg ->
                child = tg.createTask { sleep(10.0) }
                sleep(0.1)
                throw IllegalArgumentException("body failed")
            }
        }.exceptionOrNull() as ExceptionGroup
        assertTrue(child!!.cancelled())
        assertEquals(listOf("body failed"), e.exceptions().map { it.message })
    }

    @Test
    fun externalCancellationCancelsEveryChildAndPropagates() = runTest {
        val children = ArrayList<Task<*>>()
        val parent = createTask {
            taskGroup { tg ->
                children += tg.createTask { sleep(10.0) }
                children += tg.createTask { sleep(20.0) }
                sleep(30.0)
            }
        }
        sleep(1.0)
        parent.cancel()
        assertInstanceOf(CancelledError::class.java, runCatching { parent.await() }.exceptionOrNull())
        assertTrue(parent.cancelled())
        assertTrue(children.all { it.cancelled() })
        assertEquals(1.0, loop.time(), 1e-9)
    }

    @Test
    fun externalCancellationWhileWaitingForChildren() = runTest {
        val children = ArrayList<Task<*>>()
        val parent = createTask {
            taskGroup { tg -> children += tg.createTask { sleep(10.0) } } // body done, the group waits
        }
        sleep(1.0)
        parent.cancel()
        assertInstanceOf(CancelledError::class.java, runCatching { parent.await() }.exceptionOrNull())
        assertTrue(children[0].cancelled())
    }

    @Test
    fun nestedGroupsNestTheirErrors() = runTest {
        val e = runCatching {
            taskGroup { outer ->
                outer.createTask { sleep(10.0) }
                taskGroup { inner ->
                    inner.createTask<Unit> { sleep(0.1); throw IllegalStateException("deep") }
                }
            }
        }.exceptionOrNull() as ExceptionGroup
        assertEquals(1, e.exceptions().size)
        val nested = e.exceptions()[0] as ExceptionGroup
        assertEquals("deep", nested.exceptions()[0].message)
        assertEquals(listOf("deep"), e.leaves(IllegalStateException::class.java).map { it.message })
    }

    @Test
    fun createTaskChecksTheGroupState() = runTest {
        val group = TaskGroup()
        assertTrue(assertThrows(IllegalStateException::class.java) { group.createTask { 1 } }.message!!.endsWith("has not been entered"))
        var saved: TaskGroup? = null
        taskGroup { tg -> saved = tg }
        assertTrue(assertThrows(IllegalStateException::class.java) { saved!!.createTask { 1 } }.message!!.endsWith("is finished"))
        runCatching {
            taskGroup { tg ->
                tg.createTask<Unit> { throw IllegalStateException("x") }
                try {
                    sleep(1.0)
                } catch (c: CancelledError) {
                    val refused = assertThrows(IllegalStateException::class.java) { tg.createTask { 1 } }
                    assertTrue(refused.message!!.endsWith("is shutting down"))
                    throw c
                }
            }
        }
    }

    @Test
    fun childCancelledAloneIsNotAnError() = runTest {
        val r = taskGroup { tg ->
            val c = tg.createTask { sleep(10.0) }
            sleep(0.1)
            c.cancel()
            "ok"
        }
        assertEquals("ok", r)
    }

    @Test
    fun needsAParentTask() {
        val l = newLoop()
        l.runUntilComplete(l.createFuture<Unit>().also { f ->
            l.callSoon {
                val e = assertThrows(IllegalStateException::class.java) { TaskGroup().enter() }
                assertTrue(e.message!!.endsWith("cannot determine the parent task"))
                f.setResult(Unit)
            }
        })
        l.close()
    }

    @Test
    fun anErrorAfterAnExternalCancelStillSurfaces() = runTest {
        val parent = createTask {
            taskGroup { tg ->
                tg.createTask<Unit> {
                    try {
                        sleep(10.0)
                    } finally {
                        throw IllegalStateException("cleanup failed")
                    }
                }
                sleep(10.0)
            }
        }
        sleep(1.0)
        parent.cancel()
        val e = runCatching { parent.await() }.exceptionOrNull()
        assertInstanceOf(ExceptionGroup::class.java, e)
        assertFalse(parent.cancelled())
    }
}
