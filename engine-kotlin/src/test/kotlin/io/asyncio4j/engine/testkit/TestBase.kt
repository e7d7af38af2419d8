package io.asyncio4j.engine.testkit

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.testing.Ordering
import io.asyncio4j.engine.testing.TestLoops
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach

/**
 * Base class of the engine's ordering tests, in the style of kotlinx-coroutines' `TestBase`: every step of the
 * schedule calls [expect] with its position, so the numbers in a test *are* the schedule.
 *
 * ```
 * class SleepTest : TestBase() {
 *     @Test fun sleepZeroYieldsOnce() = runTest {
 *         expect(1)
 *         loop.callSoon { expect(2) }
 *         sleep(0.0)
 *         finish(3)
 *     }
 * }
 * ```
 *  - [expect]`(n)`: this step must be number n (1-based). A wrong number throws AssertionError *and* is
 *    remembered, so it fails the test even when the loop swallowed it (thrown inside a callback).
 *  - [finish]`(n)`: the last step; teardown fails a test that took steps but never called finish.
 *  - [expectUnreached]: a place the schedule must never reach.
 *  - [runTest]`{ }`: runs the block as a Kotlin task on a fresh virtual-time loop ([loop] inside the block),
 *    then closes the loop. [newLoop]/[newRealTimeLoop] give more loops, which the test must close itself.
 *  - The teardown is the published kit's ([TestLoops.verify], the machinery of `runAsyncioTest`): it fails on
 *    a task left pending, an exception never retrieved, a transport left open, a recorded loop error the test
 *    did not take with [takeLoopErrors], a kit loop left unclosed or running, and non-daemon threads started by
 *    the test that are still alive after a 5 s grace period. This class only adds the JUnit lifecycle and
 *    `runTest`'s loop-per-call for the engine's own tests.
 */
public abstract class TestBase {
    private var ordering = Ordering()
    private var loops = TestLoops()
    private var currentLoop: EventLoop? = null

    /** The loop of the running [runTest]. */
    protected val loop: EventLoop
        get() = currentLoop ?: error("loop is only available inside runTest { }")

    /** Asserts that this is step [index] of the schedule and advances the counter ([Ordering.expect]). */
    public fun expect(index: Int): Unit = ordering.expect(index)

    /** The last step: [expect], once per test. */
    public fun finish(index: Int): Unit = ordering.finish(index)

    /** Fails: the schedule must never get here. */
    public fun expectUnreached(): Nothing = ordering.expectUnreached()

    /**
     * Runs [block] as a Kotlin task on a new virtual-time loop until it is done, then closes the loop with the
     * kit's leak checks. Returns Unit on purpose: `fun x() = runTest { ... }` must be a void method, or JUnit
     * skips it silently (TestMethodsReturnVoidTest checks every test).
     */
    public fun runTest(block: suspend () -> Unit) {
        val l = newLoop()
        currentLoop = l
        try {
            l.runUntilComplete(l.createTask(name = "runTest", block = block))
        } finally {
            currentLoop = null
            if (!l.isRunning()) loops.close(l)
        }
    }

    /** A virtual-time loop with a recording exception handler; the test must close it. */
    public fun newLoop(): EventLoop = loops.newLoop()

    /** A loop on the real monotonic clock (thread wake-up tests); the test must close it. */
    public fun newRealTimeLoop(): EventLoop = loops.newRealTimeLoop()

    /** The exception-handler contexts recorded so far, forgotten once taken (they no longer fail the test). */
    public fun takeLoopErrors(): List<Map<String, Any?>> = loops.takeLoopErrors()

    @BeforeEach
    public fun testBaseSetUp() {
        ordering = Ordering()
        loops = TestLoops()
    }

    @AfterEach
    public fun testBaseTearDown() {
        loops.verifyOrThrow(ordering)
    }
}
