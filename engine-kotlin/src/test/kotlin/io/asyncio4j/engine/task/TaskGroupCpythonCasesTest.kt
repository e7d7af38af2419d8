package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.exceptions.ExceptionGroup
import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.testkit.TestBase
import io.asyncio4j.engine.sync.wait
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * Corner cases of CPython's test_taskgroups.py ported as virtual-time tests; where CPython 3.11.7 (the local oracle)
 * disagrees with the test file's expectation (timing races in real time), the oracle's result is asserted.
 */
class TaskGroupCpythonCasesTest : TestBase() {
    private class Foo : RuntimeException("foo")

    @Test
    fun externalCancelKeepsItsMessageAndCancelsEveryChild() = runTest {
        var num = 0
        val r = createTask {
            taskGroup { g ->
                repeat(5) { g.createTask { try { sleep(5.0) } catch (c: CancelledError) { num++; throw c } } }
            }
        }
        sleep(0.1)
        r.cancel("test")
        val e = runCatching { r.await() }.exceptionOrNull()
        assertInstanceOf(CancelledError::class.java, e)
        assertEquals("test", e!!.message)
        assertEquals(5, num)
    }

    @Test
    fun childErrorsAndAnExternalCancelInTheSameIterationGiveTheGroup() = runTest {
        val r = createTask {
            taskGroup { g ->
                repeat(5) { g.createTask<Unit> { sleep(0.1); throw ArithmeticException() } }
                sleep(10.0)
            }
        }
        sleep(0.1)
        r.cancel("test")
        val e = runCatching { r.await() }.exceptionOrNull()
        assertInstanceOf(ExceptionGroup::class.java, e)
    }

    @Test
    fun nestedGroupsErrorsDependOnWhichFailsFirst() = runTest {
        val e13 = runCatching {
            taskGroup { g1 ->
                g1.createTask<Unit> { sleep(0.1); throw IllegalArgumentException("0.1") }
                taskGroup { g2 -> g2.createTask<Unit> { sleep(10.0); throw IllegalArgumentException("10") } }
            }
        }.exceptionOrNull() as ExceptionGroup
        assertEquals(listOf(IllegalArgumentException::class.java), e13.exceptions().map { it.javaClass })
        val e14 = runCatching {
            taskGroup { g1 ->
                g1.createTask<Unit> { sleep(10.0); throw IllegalArgumentException("10") }
                taskGroup { g2 -> g2.createTask<Unit> { sleep(0.1); throw IllegalArgumentException("0.1") } }
            }
        }.exceptionOrNull() as ExceptionGroup
        assertEquals(listOf(ExceptionGroup::class.java), e14.exceptions().map { it.javaClass })
    }

    @Test
    fun childFailingDuringTheBodysCleanupStillSurfaces() = runTest {
        val r = createTask {
            taskGroup { g1 ->
                g1.createTask<Unit> { sleep(0.3); throw ArithmeticException() }
                try { sleep(10.0) } catch (c: CancelledError) { sleep(0.5); throw c }
            }
        }
        sleep(0.1)
        r.cancel()
        assertInstanceOf(ExceptionGroup::class.java, runCatching { r.await() }.exceptionOrNull())
        val r2 = createTask {
            createTask {
                taskGroup { g1 ->
                    g1.createTask<Unit> { sleep(0.3); throw ArithmeticException() }
                    try { sleep(10.0) } catch (c: CancelledError) { sleep(0.5); throw c }
                }
            }.await()
        }
        sleep(0.1)
        r2.cancel()
        assertInstanceOf(ExceptionGroup::class.java, runCatching { r2.await() }.exceptionOrNull())
    }

    @Test
    fun bodyTurningItsCancellationIntoAnErrorGivesAGroup() = runTest {
        val r = createTask {
            taskGroup<Unit> { try { sleep(10.0) } catch (c: CancelledError) { throw Foo() } }
        }
        sleep(0.1)
        r.cancel()
        val e = runCatching { r.await() }.exceptionOrNull()
        assertInstanceOf(ExceptionGroup::class.java, e)
        assertEquals(listOf(Foo::class.java), (e as ExceptionGroup).exceptions().map { it.javaClass })
    }

    @Test
    fun childErrorThenExternalCancelKeepsTheCancelCount() = runTest {
        val ev = io.asyncio4j.engine.sync.Event()
        val t = createTask {
            try {
                taskGroup { tg ->
                    tg.createTask<Unit> { ev.set(); sleep(0.0); throw IllegalStateException() }
                    sleep(1.0)
                    expectUnreached()
                }
            } catch (e: ExceptionGroup) {
                assertEquals(1, currentTask()!!.cancelling())
            }
            assertEquals(1, currentTask()!!.cancelling())
            sleep(1.0)
            expectUnreached()
        }
        ev.wait()
        assertEquals(0, t.cancelling())
        t.cancel()
        assertEquals(1, t.cancelling())
        assertInstanceOf(CancelledError::class.java, runCatching { t.await() }.exceptionOrNull())
        assertTrue(t.cancelled())
    }

    @Test
    fun cancelRequestedBeforeEnteringCancelsTheGroup() = runTest {
        // 3.13 test_taskgroup_cancel_before_enter
        var child: Task<Unit>? = null
        val t = createTask {
            currentTask()!!.cancel()
            taskGroup { tg ->
                child = tg.createTask { sleep(10.0) }
                sleep(1.0)
                expectUnreached()
            }
        }
        assertInstanceOf(CancelledError::class.java, runCatching { t.await() }.exceptionOrNull())
        assertTrue(child!!.cancelled())
        assertEquals(0.0, loop.time())
    }

    @Test
    fun theGroupsOwnCancellationDoesNotLeakOut() = runTest {
        assertEquals(0, currentTask()!!.cancelling())
        runCatching { taskGroup { tg -> tg.createTask<Unit> { throw Foo() } } }
        assertEquals(0, currentTask()!!.cancelling())
        sleep(0.0)
    }
}
