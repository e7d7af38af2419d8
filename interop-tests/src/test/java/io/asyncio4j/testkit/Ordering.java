package io.asyncio4j.testkit;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The step counter of an ordering test, in the style of kotlinx-coroutines' {@code TestBase}: every step of the
 * schedule calls {@link #expect(int)} with its position, so the numbers in a test <em>are</em> the schedule.
 *
 * <pre>{@code
 * @ExtendWith(AsyncioTestExtension.class)
 * class CallSoonTest {
 *     @Test void fifo(Ordering o, EventLoop loop) {
 *         o.expect(1);
 *         loop.callSoon(() -> o.expect(3));
 *         loop.callSoon(() -> { loop.stop(); o.expect(4); }); // stop first: a failing step must not hang the loop
 *         o.expect(2);
 *         loop.runForever();
 *         o.finish(5);
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #expect(int)}: this step must be number {@code n} (steps count from 1). A wrong number throws an
 *       AssertionError <em>and</em> is remembered, so it fails the test even when it was thrown inside a loop
 *       callback whose exception the loop swallowed.</li>
 *   <li>{@link #finish(int)}: the last step; the teardown of {@link AsyncioTestExtension} fails a test that
 *       called {@code expect} but never {@code finish}.</li>
 *   <li>{@link #expectUnreached()}: a place the schedule must never reach.</li>
 * </ul>
 * Thread-safe (steps may run on a loop thread other than the test's).
 */
public final class Ordering {
    private final AtomicInteger actionIndex = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicReference<Throwable> error = new AtomicReference<>();

    /** Asserts that this is step {@code index} of the schedule (1-based) and advances the counter. */
    public void expect(int index) {
        int wasIndex = actionIndex.incrementAndGet();
        if (index != wasIndex) {
            throw record(new AssertionError("Expecting action index " + index + " but it is actually " + wasIndex));
        }
    }

    /** The last step: {@link #expect(int)}, once per test. */
    public void finish(int index) {
        expect(index);
        if (finished.getAndSet(true)) {
            throw record(new AssertionError("Should call 'finish(...)' at most once"));
        }
    }

    /** Fails: the schedule must never get here. */
    public void expectUnreached() {
        throw record(new AssertionError("Should not be reached, current action index is " + actionIndex.get()));
    }

    /** The number of steps taken so far. */
    public int current() {
        return actionIndex.get();
    }

    public boolean isFinished() {
        return finished.get();
    }

    /** The first ordering failure seen, even if it was thrown (and swallowed) inside a loop callback. */
    public Throwable firstError() {
        return error.get();
    }

    /**
     * What the teardown checks: the first remembered failure, else "finish not invoked" if steps were taken.
     * Returns null when the schedule is complete (or no step was taken at all).
     */
    public AssertionError verifyComplete() {
        Throwable e = error.get();
        if (e != null) {
            return e instanceof AssertionError a ? a : new AssertionError("ordering failed: " + e, e);
        }
        int index = actionIndex.get();
        if (index != 0 && !finished.get()) {
            return new AssertionError("Expecting that 'finish(" + (index + 1) + ")' was invoked, but it was not");
        }
        return null;
    }

    private AssertionError record(AssertionError e) {
        error.compareAndSet(null, e);
        return e;
    }

    @Override
    public String toString() {
        return "Ordering(step=" + actionIndex.get() + (finished.get() ? ", finished" : "") + ")";
    }
}
