package io.asyncio4j.testkit;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.Events;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * JUnit 5 extension for asyncio4j tests: injects the ordering counter and a virtual-time loop, and checks at
 * teardown what a test must not leave behind.
 *
 * <pre>{@code
 * @ExtendWith(AsyncioTestExtension.class)
 * class SleepTest {
 *     @Test void sleepZeroYieldsOnce(Ordering o, EventLoop loop, TestLoops loops) {
 *         loops.run(() -> {
 *             o.expect(1);
 *             loop.callSoon(() -> o.expect(2));
 *             return Asyncio.sleep(0).thenRun(() -> o.expect(3));
 *         });
 *         o.finish(4);
 *     }
 * }
 * }</pre>
 *
 * Parameters it resolves (one instance of each per test method):
 * <ul>
 *   <li>{@link Ordering}: {@code expect(n)} / {@code finish(n)} step counter;</li>
 *   <li>{@link EventLoop}: a virtual-time loop ({@code new EventLoop(Clock.virtual())}) with a recording
 *       exception handler; the teardown closes it;</li>
 *   <li>{@link TestLoops}: that loop again ({@code loop()}), more loops ({@code newLoop()},
 *       {@code newRealTimeLoop()}: the test closes those), {@code run(coro)}, and {@code takeLoopErrors()}.</li>
 * </ul>
 * The teardown FAILS a test that passed otherwise when:
 * <ul>
 *   <li>a loop made by the kit is left unclosed (other than the injected one) or is still running;</li>
 *   <li>an error reached a kit loop's exception handler and the test did not take it with
 *       {@code takeLoopErrors()} (including "Task was destroyed but it is pending!" when the injected loop is
 *       closed with a task pending);</li>
 *   <li>an {@code expect} step failed (even inside a callback whose exception the loop swallowed), or steps were
 *       taken but {@code finish} was never called;</li>
 *   <li>a non-daemon thread started during the test is still alive (after a bounded 5 s grace period);</li>
 *   <li>the test thread still has a running loop registered.</li>
 * </ul>
 * When the test itself failed, the teardown only cleans up (closes loops) and adds nothing.
 */
public final class AsyncioTestExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AsyncioTestExtension.class);
    private static final long THREAD_GRACE_MILLIS = 5_000;

    @Override
    public void beforeEach(ExtensionContext context) {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        context.getStore(NS).put("threads", before);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == Ordering.class || type == EventLoop.class || type == TestLoops.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Ordering.class) {
            return ordering(extension);
        }
        if (type == TestLoops.class) {
            return loops(extension);
        }
        if (type == EventLoop.class) {
            return loops(extension).loop();
        }
        throw new ParameterResolutionException("AsyncioTestExtension cannot resolve " + type);
    }

    /** The Ordering of the running test (for helpers that are not test parameters). */
    public static Ordering ordering(ExtensionContext extension) {
        return extension.getStore(NS).getOrComputeIfAbsent("ordering", k -> new Ordering(), Ordering.class);
    }

    public static TestLoops loops(ExtensionContext extension) {
        return extension.getStore(NS).getOrComputeIfAbsent("loops", k -> new TestLoops(), TestLoops.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        List<AssertionError> problems = new ArrayList<>();

        TestLoops loops = store.get("loops", TestLoops.class);
        if (loops != null) {
            problems.addAll(loops.closeAll());
        }
        Ordering ordering = store.get("ordering", Ordering.class);
        if (ordering != null) {
            AssertionError e = ordering.verifyComplete();
            if (e != null) {
                problems.add(e);
            }
        }
        EventLoop running = Events.getRunningLoopOrNull();
        if (running != null) {
            problems.add(new AssertionError("a loop is still registered as running in the test thread: " + running));
        }
        @SuppressWarnings("unchecked")
        Set<Thread> before = store.get("threads", Set.class);
        if (before != null) {
            List<Thread> leaked = leakedThreads(before);
            if (!leaked.isEmpty()) {
                problems.add(new AssertionError("non-daemon thread(s) started by the test still alive: " + leaked));
            }
        }

        if (problems.isEmpty() || context.getExecutionException().isPresent()) {
            return;
        }
        AssertionError first = problems.get(0);
        if (problems.size() == 1) {
            throw first;
        }
        AssertionError all = new AssertionError("asyncio test teardown found " + problems.size() + " problems: "
                + problems.stream().map(Throwable::getMessage).toList());
        problems.forEach(all::addSuppressed);
        throw all;
    }

    /** Non-daemon threads that did not exist before the test, after waiting up to the grace period for them. */
    static List<Thread> leakedThreads(Set<Thread> before) {
        long deadline = System.nanoTime() + THREAD_GRACE_MILLIS * 1_000_000;
        List<Thread> leaked = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (before.contains(t) || t.isDaemon() || !t.isAlive() || t == Thread.currentThread()) {
                continue;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left > 0) {
                try {
                    t.join(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (t.isAlive()) {
                leaked.add(t);
            }
        }
        return leaked;
    }
}
