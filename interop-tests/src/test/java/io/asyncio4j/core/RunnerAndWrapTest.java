package io.asyncio4j.core;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** asyncio.run/Runner life cycle, run_until_complete corner cases, wrap_future/ensure_future, swallowed cancellation. */
@ExtendWith(AsyncioTestExtension.class)
class RunnerAndWrapTest {

    @Test
    void asyncioRunCancelsLeftoverTasksAndRunsTheirCleanup(Ordering o) {
        AtomicReference<Task<Void>> bg = new AtomicReference<>();
        int r = Asyncio.run(() -> {
            o.expect(1);
            bg.set(createTask(() -> sleep(100).whenComplete((x, e) -> o.expect(3)))); // finally: cleanup
            return sleep(0).thenApply(x -> {
                o.expect(2);
                return 1;
            });
        });
        assertEquals(1, r);
        assertTrue(bg.get().cancelled());
        assertTrue(bg.get().getLoop().isClosed());
        o.finish(4);
    }

    @Test
    void asyncioRunWithDebug(Ordering o) {
        assertTrue(Asyncio.run(() -> {
            o.expect(1);
            return CompletableFuture.completedFuture(Asyncio.getRunningLoop().getDebug());
        }, true));
        o.finish(2);
    }

    @Test
    void runnerReusesItsLoopAndRefusesAfterClose() {
        Runner runner = new Runner(null, () -> new EventLoop(io.asyncio4j.engine.loop.Clock.virtual()));
        EventLoop first;
        try (runner) {
            first = runner.getLoop();
            assertEquals(1, runner.run(() -> sleep(10, 1)));
            assertEquals(2, runner.run(() -> sleep(10, 2)));
            assertSame(first, runner.getLoop());
            assertEquals(20.0, first.time());
        }
        assertTrue(first.isClosed());
        assertEquals("Runner is closed", assertThrows(IllegalStateException.class,
                () -> runner.run(() -> CompletableFuture.completedFuture(1))).getMessage());
    }

    @Test
    void runUntilCompleteStoppedEarly(EventLoop loop) {
        Future<Integer> f = loop.createFuture();
        loop.callSoon(loop::stop);
        assertEquals("Event loop stopped before Future completed.",
                assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(f)).getMessage());
        f.cancel();
    }

    @Test
    void outerTaskGoesOnWhenTheTaskItAwaitsSwallowsTheCancellation(Ordering o, EventLoop loop) {
        AtomicReference<Task<String>> innerRef = new AtomicReference<>();
        Task<String> outer = loop.createTask(() -> {
            Task<String> inner = createTask(() -> sleep(10).thenApply(x -> "slept")
                    .exceptionally(e -> {
                        o.expect(2);
                        return "inner swallowed";
                    }));
            innerRef.set(inner);
            return inner.thenApply(r -> {
                o.expect(3);
                return "outer got " + r;
            });
        });
        loop.runUntilComplete(() -> sleep(0).thenCompose(x -> sleep(0)));
        o.expect(1);
        assertTrue(outer.cancel());
        assertEquals(1, innerRef.get().cancelling());
        assertEquals(1, outer.cancelling());
        // CPython: the outer task is not cancelled: the awaited task swallowed it and returned a value
        assertEquals("outer got inner swallowed", loop.runUntilComplete(outer));
        assertFalse(outer.cancelled());
        o.finish(4);
    }

    @Test
    void wrapFutureCompletesOnTheLoopThread(Ordering o, EventLoop loop) throws InterruptedException {
        CompletableFuture<String> jdk = new CompletableFuture<>();
        Future<String> wrapped = Asyncio.wrapFuture(jdk, loop);
        assertTrue(Asyncio.isFuture(wrapped));
        assertFalse(Asyncio.isFuture(jdk));
        assertSame(wrapped, Asyncio.wrapFuture(wrapped, loop), "an asyncio future of this loop is returned as is");
        Thread producer = new Thread(() -> jdk.complete("from a thread"));
        String r = loop.runUntilComplete(() -> {
            producer.start();
            return wrapped.thenApply(x -> {
                o.expect(1);
                assertSame(loop, Asyncio.getRunningLoop());
                return x;
            });
        });
        producer.join();
        assertEquals("from a thread", r);

        CompletableFuture<String> source = new CompletableFuture<>();
        Future<String> w2 = Asyncio.wrapFuture(source, loop);
        assertTrue(w2.cancel());
        assertTrue(source.isCancelled(), "cancelling the wrapper cancels the JDK future");

        o.finish(2);
    }

    @Test
    void ensureFutureAndGatherOfTheSameAwaitableTwice(EventLoop loop) {
        List<Integer> r = loop.runUntilComplete(() -> {
            Task<Integer> t = Asyncio.ensureFuture(() -> sleep(1, 3));
            assertSame(t, Asyncio.ensureFuture(t));
            return Asyncio.gather(t, t, sleep(2, 4));
        });
        assertEquals(List.of(3, 3, 4), r);
    }

    @Test
    void taskCannotAwaitItself(EventLoop loop) {
        AtomicReference<Task<?>> self = new AtomicReference<>();
        Task<Object> t = loop.createTask(() -> {
            @SuppressWarnings("unchecked")
            Task<Object> me = (Task<Object>) Asyncio.currentTask();
            self.set(me);
            return me;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
        assertTrue(e.getMessage().startsWith("Task cannot await on itself"), e.getMessage());
    }

    @Test
    void runnerWithALoopFactoryLeavesTheThreadsCurrentLoopAlone(EventLoop loop) {
        // asyncio.Runner only resets the thread's current loop if it set it itself (no loop_factory).
        Asyncio.setEventLoop(loop);
        try {
            try (Runner runner = new Runner(null, () -> new EventLoop(io.asyncio4j.engine.loop.Clock.virtual()))) {
                assertEquals(1, runner.run(() -> sleep(5, 1)));
            }
            assertSame(loop, Asyncio.getEventLoop());
        } finally {
            Asyncio.setEventLoop(null);
        }
    }

    @Test
    void runnerClosedBeforeUseStaysUsableAsInAsyncio() {
        Runner runner = new Runner(null, () -> new EventLoop(io.asyncio4j.engine.loop.Clock.virtual()));
        runner.close(); // never initialised: a no-op in asyncio
        try (runner) {
            assertEquals(5, runner.run(() -> sleep(0, 5)));
        }
        assertThrows(IllegalStateException.class, () -> runner.run(() -> sleep(0, 5)));
    }

    @Test
    void runnerRefusesToRunInsideARunningLoop(EventLoop loop) {
        try (Runner runner = new Runner(null, () -> new EventLoop(io.asyncio4j.engine.loop.Clock.virtual()))) {
            String message = loop.runUntilComplete(() -> CompletableFuture.completedFuture(
                    assertThrows(IllegalStateException.class, () -> runner.run(() -> sleep(0))).getMessage()));
            assertEquals("Runner.run() cannot be called from a running event loop", message);
        }
    }

    @Test
    void asyncioRunReportsAnExceptionOfATaskCancelledAtShutdown(Ordering o) {
        // asyncio.runners._cancel_all_tasks: a leftover task that answers its cancellation with another
        // exception is reported as "unhandled exception during asyncio.run() shutdown".
        java.util.List<java.util.Map<String, Object>> reports = new java.util.ArrayList<>();
        Asyncio.run(() -> {
            Asyncio.getRunningLoop().setExceptionHandler((l, c) -> reports.add(new java.util.LinkedHashMap<>(c)));
            createTask(() -> sleep(100).exceptionally(e -> {
                o.expect(2);
                throw new IllegalStateException("cleanup failed");
            }));
            return sleep(0).thenRun(() -> o.expect(1));
        });
        assertEquals(1, reports.size(), reports.toString());
        assertEquals("unhandled exception during asyncio.run() shutdown", reports.get(0).get("message"));
        assertEquals("cleanup failed", ((Throwable) reports.get(0).get("exception")).getMessage());
        assertTrue(reports.get(0).get("task") instanceof Task<?>);
        o.finish(3);
    }

    @Test
    void asyncioRunShutsDownTheDefaultExecutor() throws InterruptedException {
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicReference<EventLoop> used = new AtomicReference<>();
        Asyncio.run(() -> {
            used.set(Asyncio.getRunningLoop());
            return Asyncio.toThread(() -> worker.set(Thread.currentThread()));
        });
        worker.get().join(10_000); // bounded: asyncio.run already waited for the executor to finish
        assertFalse(worker.get().isAlive(), "the default executor's thread ended with asyncio.run");
        assertTrue(used.get().isClosed());
    }
}
