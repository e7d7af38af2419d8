package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.exceptions.ExceptionGroup
import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * Corner cases of CPython's test_timeouts.py ported as virtual-time tests; where CPython 3.11.7 (the local oracle)
 * disagrees with the test file's expectation (timing races in real time), the oracle's result is asserted.
 */
class TimeoutCpythonCasesTest : TestBase() {
    private class Foo : RuntimeException("foo")

    @Test
    fun timeoutInsideCleanupAfterAHandledCancellation() = runTest {
        try {
            currentTask()!!.cancel()
            sleep(1.0)
        } catch (c: CancelledError) {
        }
        val e = runCatching { timeout(0.0) { sleep(1.0) } }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
        val e2 = runCatching { timeout(1.0) { currentTask()!!.cancel(); sleep(2.0) } }.exceptionOrNull()
        assertInstanceOf(CancelledError::class.java, e2)
    }

    @Test
    fun nestedTimeoutInFinally() = runTest {
        val e = runCatching {
            timeout(0.01) {
                try { sleep(1.0) } finally {
                    val inner = runCatching { timeout(0.01) { sleep(10.0) } }.exceptionOrNull()
                    assertInstanceOf(TimeoutError::class.java, inner)
                }
            }
        }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
    }

    @Test
    fun zeroAndPastDeadlinesExpireAtTheNextWait() = runTest {
        var cm: Timeout? = null
        val e = runCatching { timeout(0.0) { cm = it; sleep(0.0) } }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e)
        assertTrue(cm!!.expired())
        val e2 = runCatching { timeout(-11.0) { sleep(0.0) } }.exceptionOrNull()
        assertInstanceOf(TimeoutError::class.java, e2)
    }

    @Test
    fun anExceptionRaisedWhileExpiringWins() = runTest {
        val e = runCatching { timeout(0.01) { try { sleep(1.0) } finally { throw Foo() } } }.exceptionOrNull()
        assertInstanceOf(Foo::class.java, e)
    }
}
