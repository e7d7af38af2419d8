package io.asyncio4j.engine.testing

import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/**
 * The step counter of a schedule test, in the style of kotlinx-coroutines' `TestBase`: every step calls
 * [expect] with its position, so the numbers in a test *are* the schedule.
 *
 * ```java
 * @AsyncioTest
 * void callSoonIsFifo(Ordering o, EventLoop loop) {
 *     o.expect(1);
 *     loop.callSoon(() -> o.expect(3));
 *     loop.callSoon(() -> { loop.stop(); o.expect(4); });
 *     o.expect(2);
 *     loop.runForever();
 *     o.finish(5);
 * }
 * ```
 *  - [expect]`(n)`: this step must be number n (1-based). A wrong number throws AssertionError *and* is
 *    remembered, so it fails the test even when thrown inside a loop callback whose exception the loop swallowed.
 *  - [finish]`(n)`: the last step; the kit's teardown fails a test that took steps but never called finish.
 *  - [expectUnreached]: a place the schedule must never reach.
 *
 * Thread-safe: steps may run on a loop thread other than the test's.
 */
public class Ordering {
    private val actionIndex = AtomicInteger()
    private val finished = AtomicBoolean()
    private val error = AtomicReference<Throwable?>()

    /** Asserts that this is step [index] of the schedule (1-based) and advances the counter. */
    public fun expect(index: Int) {
        val wasIndex = actionIndex.incrementAndGet()
        if (index != wasIndex) throw record(AssertionError("Expecting action index $index but it is actually $wasIndex"))
    }

    /** The last step: [expect], at most once per test. */
    public fun finish(index: Int) {
        expect(index)
        if (finished.getAndSet(true)) throw record(AssertionError("Should call 'finish(...)' at most once"))
    }

    /** Fails (and is remembered): the schedule must never get here. */
    public fun expectUnreached(): Nothing =
        throw record(AssertionError("Should not be reached, current action index is ${actionIndex.get()}"))

    /** The number of steps taken so far. */
    public fun current(): Int = actionIndex.get()

    /** True once [finish] was called. */
    public fun isFinished(): Boolean = finished.get()

    /** The first ordering failure seen, even one thrown (and swallowed) inside a loop callback; or null. */
    public fun firstError(): Throwable? = error.get()

    /**
     * What the teardown checks: the first remembered failure, else "finish not invoked" if steps were taken;
     * null when the schedule is complete or no step was taken at all.
     */
    public fun verifyComplete(): AssertionError? {
        val e = error.get()
        if (e != null) return e as? AssertionError ?: AssertionError("ordering failed: $e", e)
        val index = actionIndex.get()
        if (index != 0 && !finished.get()) {
            return AssertionError("Expecting that 'finish(${index + 1})' was invoked, but it was not")
        }
        return null
    }

    private fun record(e: AssertionError): AssertionError {
        error.compareAndSet(null, e)
        return e
    }

    override fun toString(): String = "Ordering(step=${actionIndex.get()}${if (finished.get()) ", finished" else ""})"
}
