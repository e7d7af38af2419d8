package io.asyncio4j.engine.task

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.testkit.TestBase
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** asyncio.shield and asyncio.as_completed, in virtual time. */
class ShieldAsCompletedTest : TestBase() {

    @Test
    fun cancellingTheCallerDoesNotCancelTheShieldedTask() = runTest {
        val inner = createTask { sleep(1.0); "inner" }
        val caller = createTask { shield(inner) }
        sleep(0.1)
        caller.cancel()
        assertInstanceOf(CancelledError::class.java, runCatching { caller.await() }.exceptionOrNull())
        assertFalse(inner.done())
        assertEquals("inner", inner.await())
    }

    @Test
    fun cancellingTheInnerCancelsTheOuter() = runTest {
        val inner = createTask { sleep(1.0); "inner" }
        val outer = shieldOf(inner)
        sleep(0.1)
        inner.cancel()
        assertInstanceOf(CancelledError::class.java, runCatching { outer.await() }.exceptionOrNull())
        assertTrue(outer.cancelled())
    }

    @Test
    fun outcomeAndDoneFutureAreForwarded() = runTest {
        val done = loop.createFuture<Int>()
        done.setResult(1)
        assertSame(done, shieldOf(done))
        val failing = createTask<Int> { sleep(0.1); throw IllegalStateException("x") }
        assertEquals("x", runCatching { shield(failing) }.exceptionOrNull()!!.message)
    }

    @Test
    fun asCompletedYieldsOutcomesInCompletionOrder() = runTest {
        val slow = createTask { sleep(0.3); "slow" }
        val fast = createTask { sleep(0.1); "fast" }
        val bad = createTask<String> { sleep(0.2); throw IllegalStateException("bad") }
        val got = ArrayList<String>()
        for (f in asCompleted(listOf(slow, fast, bad))) {
            got += try {
                f.await()
            } catch (e: IllegalStateException) {
                "error ${e.message}"
            }
            got += "t=${loop.time()}"
        }
        assertEquals(listOf("fast", "t=0.1", "error bad", "t=0.2", "slow", "t=0.3"), got)
    }

    @Test
    fun asCompletedTimesOutWithoutCancelling() = runTest {
        val a = createTask { sleep(0.1); "a" }
        val b = createTask { sleep(0.3); "b" }
        val it = asCompleted(listOf(a, b), timeout = 0.2).iterator()
        assertEquals("a", it.next().await())
        assertInstanceOf(TimeoutError::class.java, runCatching { it.next().await() }.exceptionOrNull())
        assertEquals(0.2, loop.time(), 1e-9)
        assertFalse(it.hasNext())
        assertFalse(b.done())
        assertEquals("b", b.await())
    }

    @Test
    fun theOriginalTasksInCompletionOrder() = runTest {
        val slow = createTask(name = "slow") { sleep(0.3); 3 }
        val fast = createTask(name = "fast") { sleep(0.1); 1 }
        val order = ArrayList<Future<Int>>()
        val ac = asCompleted(listOf(slow, fast))
        while (ac.hasNext()) order += ac.next().await()
        assertEquals(listOf<Future<Int>>(fast, slow), order)
    }

    @Test
    fun forEachCompletedWaitsForTheActionsStage() = runTest {
        val a = createTask(name = "a") { sleep(0.1); 1 }
        val b = createTask(name = "b") { sleep(0.2); 2 }
        val seen = ArrayList<String>()
        asCompleted(listOf(b, a)).forEachCompletedCompose(java.util.function.Function { f ->
            seen += "${(f as Task<*>).getName()} at ${loop.time()}"
            sleepOn(loop, 0.5, null) // handling takes 0.5 s
        }).awaitInline()
        assertEquals(listOf("a at 0.1", "b at 0.6"), seen)
    }

    /** test_as_completed_duplicate / reverse wait: duplicates count once; futures taken early follow completion order. */
    @Test
    fun asCompletedDuplicatesCountOnceAndEarlyTakenFuturesFollowCompletionOrder() = runTest {
        val a = loop.createFuture<String>()
        val b = loop.createFuture<String>()
        val it = asCompleted(listOf(a, b, a)).iterator()
        val fs = listOf(it.next(), it.next())
        assertFalse(it.hasNext())
        b.setResult("b")
        a.setResult("a")
        assertEquals(listOf("b", "a"), fs.map { it.await() })
    }

    /** Inputs already done come out in input order, exceptions included (CPython 3.11.7). */
    @Test
    fun asCompletedOfDoneInputs() = runTest {
        val c = loop.createFuture<Int>().also { it.setResult(1) }
        val d = loop.createFuture<Int>().also { it.setException(IllegalArgumentException("x")) }
        val out = ArrayList<Any>()
        for (f in asCompleted(listOf(c, d))) {
            out += try {
                f.await()
            } catch (e: IllegalArgumentException) {
                "IllegalArgumentException"
            }
        }
        assertEquals(listOf<Any>(1, "IllegalArgumentException"), out)
    }
}
