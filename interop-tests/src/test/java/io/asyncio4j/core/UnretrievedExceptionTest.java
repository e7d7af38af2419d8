package io.asyncio4j.core;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the garbage collector tells the loop (asyncio's Future.__del__ / Task.__del__): an exception nobody
 * retrieved is reported to the exception handler once its future is collected.
 */
@ExtendWith(AsyncioTestExtension.class)
class UnretrievedExceptionTest {
    /**
     * How long collection and the Cleaner thread's report may take. A count of attempts alone (100 x 10 ms) is about
     * a second of wall time, which a loaded machine can use up before the Cleaner thread even gets the CPU.
     */
    private static final long GC_WAIT_SECONDS = 30;

    @Test
    void taskExceptionNeverRetrievedIsReportedAfterCollection(EventLoop loop, TestLoops loops) throws InterruptedException {
        startFailingTask(loop, "lost in a task");
        loop.runUntilComplete(() -> io.asyncio4j.Asyncio.sleep(1)); // the task fails meanwhile; nobody looks
        Map<String, Object> report = collectUntilReported(loop, loops,
                c -> "Task exception was never retrieved".equals(c.get("message")));
        assertEquals("lost in a task", ((Throwable) report.get("exception")).getMessage());
        // asyncio's context keys: message, exception, future (also for a task)
        assertEquals(java.util.Set.of("message", "exception", "future"), report.keySet());
        assertTrue(String.valueOf(report.get("future")).startsWith("<Task finished exception="), report.toString());
        // Not a bare String: a documented object with what a handler needs (the future itself is collected).
        io.asyncio4j.engine.future.CollectedFuture collected =
                assertInstanceOf(io.asyncio4j.engine.future.CollectedFuture.class, report.get("future"));
        assertTrue(collected.isTask());
        assertEquals("lost in a task", collected.exception().getMessage());
        assertTrue(collected.name() != null && collected.repr().contains("name='" + collected.name() + "'"),
                collected.repr());
    }

    @Test
    void futureExceptionNeverRetrievedIsReportedButARetrievedOneIsNot(EventLoop loop, TestLoops loops)
            throws InterruptedException {
        WeakReference<?> seen = failFutures(loop);
        Map<String, Object> report = collectUntilReported(loop, loops,
                c -> "Future exception was never retrieved".equals(c.get("message")));
        assertEquals("never looked at", ((Throwable) report.get("exception")).getMessage());
        // The retrieved one became garbage at the same time; it must not be reported.
        collectAndSettle(loop, seen);
        for (Map<String, Object> c : loops.takeLoopErrors()) {
            fail("unexpected report: " + c);
        }
    }

    @Test
    void exceptionSeenThroughARawJdkDependentIsNotReported(EventLoop loop, TestLoops loops) throws InterruptedException {
        // CompletableFuture.allOf hangs on the task's JDK side (not a CompletionStage method we route): the
        // caller gets the exception from runUntilComplete, so it was retrieved and must not be reported.
        WeakReference<?> task = seenThroughAllOf(loop);
        collectAndSettle(loop, task);
        assertEquals(List.of(), loops.takeLoopErrors());
    }

    private static WeakReference<?> seenThroughAllOf(EventLoop loop) {
        io.asyncio4j.engine.task.Task<Object> t = loop.createTask(() -> io.asyncio4j.Asyncio.sleep(1).thenApply(x -> {
            throw new IllegalStateException("seen by allOf's caller");
        }));
        CompletableFuture<Void> all = CompletableFuture.allOf(t);
        Throwable e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(all));
        assertEquals("seen by allOf's caller", e.getMessage());
        return new WeakReference<>(t);
    }

    /**
     * Collects until {@code ref} is cleared, then gives the Cleaner thread a bounded time (2 s) to post a report,
     * running the loop so a posted report would reach the handler. Absence can only be checked this way.
     */
    static void collectAndSettle(EventLoop loop, WeakReference<?> ref) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GC_WAIT_SECONDS);
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(null, ref.get(), "the future was never collected");
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(100);
            loop.stop();
            loop.runForever();
        }
    }

    private static void startFailingTask(EventLoop loop, String message) {
        loop.createTask(() -> CompletableFuture.failedFuture(new IllegalStateException(message)));
    }

    private static WeakReference<?> failFutures(EventLoop loop) {
        Future<Integer> lost = loop.createFuture();
        lost.setException(new IllegalArgumentException("never looked at"));
        Future<Integer> seen = loop.createFuture();
        seen.setException(new IllegalArgumentException("looked at"));
        seen.exception();
        return new WeakReference<>(seen);
    }

    /** System.gc() in a bounded loop, running the loop between attempts so the posted report is delivered. */
    static Map<String, Object> collectUntilReported(EventLoop loop, TestLoops loops, Predicate<Map<String, Object>> which)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GC_WAIT_SECONDS);
        int attempt = 0;
        while (System.nanoTime() < deadline || attempt < 100) {
            attempt++;
            System.gc();
            Thread.sleep(10); // the Cleaner thread posts the report with callSoonThreadsafe
            loop.stop();
            loop.runForever(); // one iteration delivers what was posted
            List<Map<String, Object>> errors = loops.loopErrors();
            for (Map<String, Object> c : errors) {
                if (which.test(c)) {
                    loops.takeLoopErrors().remove(c);
                    return c;
                }
            }
        }
        throw new AssertionError("no report after " + attempt + " collections in " + GC_WAIT_SECONDS + " s; recorded: "
                + loops.loopErrors());
    }
}
