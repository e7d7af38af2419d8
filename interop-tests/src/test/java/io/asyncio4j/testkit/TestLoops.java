package io.asyncio4j.testkit;

import io.asyncio4j.engine.loop.Clock;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loops of one test, made and watched by {@link AsyncioTestExtension} (inject it as a {@code TestLoops}
 * parameter).
 *
 * <ul>
 *   <li>{@link #loop()} is the virtual-time loop also injected as an {@code EventLoop} parameter. The teardown
 *       closes it (failing if it is still running); a task still pending then is reported as
 *       "Task was destroyed but it is pending!", which fails the test like any other loop error.</li>
 *   <li>{@link #newLoop()} / {@link #newRealTimeLoop()} make more loops; <b>the test must close them</b>, the
 *       teardown fails on one left open (and closes it).</li>
 *   <li>Every loop made here has an exception handler that records each context it receives. The teardown fails
 *       the test if any were recorded; a test that expects loop errors takes them with {@link #takeLoopErrors()}
 *       and asserts on them. A test that installs its own handler on a kit loop takes over that loop's errors.</li>
 * </ul>
 */
public final class TestLoops {
    private final List<EventLoop> loops = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> errors = Collections.synchronizedList(new ArrayList<>());
    private EventLoop main;

    TestLoops() {
    }

    /** The test's virtual-time loop (made on first use; closed by the teardown). */
    public synchronized EventLoop loop() {
        if (main == null) {
            main = track(new EventLoop(Clock.virtual()));
        }
        return main;
    }

    /** Runs {@code coro} in a task on {@link #loop()} until it is done (loop.runUntilComplete). */
    public <T> T run(Coroutine<T> coro) {
        return loop().runUntilComplete(coro);
    }

    /** Another virtual-time loop; the test must close it. */
    public EventLoop newLoop() {
        return track(new EventLoop(Clock.virtual()));
    }

    /** A loop on the real monotonic clock (for thread wake-up tests); the test must close it. */
    public EventLoop newRealTimeLoop() {
        return track(new EventLoop(Clock.monotonic()));
    }

    /** The exception-handler contexts recorded so far, and forgets them (they no longer fail the test). */
    public List<Map<String, Object>> takeLoopErrors() {
        synchronized (errors) {
            List<Map<String, Object>> taken = new ArrayList<>(errors);
            errors.clear();
            return taken;
        }
    }

    /** The recorded contexts, without taking them. */
    public List<Map<String, Object>> loopErrors() {
        synchronized (errors) {
            return new ArrayList<>(errors);
        }
    }

    private EventLoop track(EventLoop loop) {
        loop.setExceptionHandler((l, context) -> errors.add(new LinkedHashMap<>(context)));
        loops.add(loop);
        return loop;
    }

    /** Teardown: closes the main loop, closes (and reports) loops the test left open; returns the problems. */
    List<AssertionError> closeAll() {
        List<AssertionError> problems = new ArrayList<>();
        List<EventLoop> all;
        synchronized (loops) {
            all = new ArrayList<>(loops);
        }
        for (EventLoop l : all) {
            if (l.isRunning()) {
                problems.add(new AssertionError("event loop still running at the end of the test: " + l));
                l.stop();
                continue;
            }
            if (l == main) {
                l.close(); // reports pending tasks to the recording handler
            } else if (!l.isClosed()) {
                problems.add(new AssertionError("event loop left unclosed by the test: " + l));
                l.close();
            }
        }
        List<Map<String, Object>> left = takeLoopErrors();
        if (!left.isEmpty()) {
            AssertionError e = new AssertionError(left.size() + " unexpected error(s) reached a loop's exception "
                    + "handler (take expected ones with TestLoops.takeLoopErrors()): " + describe(left));
            for (Map<String, Object> context : left) {
                if (context.get("exception") instanceof Throwable t) {
                    e.addSuppressed(t);
                }
            }
            problems.add(e);
        }
        return problems;
    }

    static String describe(List<Map<String, Object>> contexts) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> c : contexts) {
            sb.append("\n  ").append(c.get("message"));
            if (c.get("exception") != null) {
                sb.append(" [").append(c.get("exception")).append(']');
            }
        }
        return sb.toString();
    }
}
