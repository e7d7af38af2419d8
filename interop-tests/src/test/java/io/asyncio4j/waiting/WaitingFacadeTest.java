package io.asyncio4j.waiting;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.contextvars.ContextVar;
import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.ExceptionGroup;
import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.AsCompleted;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.WaitResult;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static io.asyncio4j.Asyncio.FIRST_COMPLETED;
import static io.asyncio4j.Asyncio.asCompleted;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.runCoroutineThreadsafe;
import static io.asyncio4j.Asyncio.shield;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.taskGroup;
import static io.asyncio4j.Asyncio.timeout;
import static io.asyncio4j.Asyncio.timeoutAt;
import static io.asyncio4j.Asyncio.toThread;
import static io.asyncio4j.Asyncio.unwrap;
import static io.asyncio4j.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java shapes of wait, waitFor, shield, asCompleted, timeout, TaskGroup and the thread functions. */
@ExtendWith(AsyncioTestExtension.class)
class WaitingFacadeTest {

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** Runs {@code coro} on the test loop and returns what the stage failed with (unwrapped), or null. */
    private static <T> Throwable failureOf(TestLoops loops, io.asyncio4j.engine.task.Coroutine<T> coro) {
        return loops.run(() -> coro.start().handle((v, e) -> e == null ? null : unwrap(e)));
    }

    @Test
    void waitReturnsDoneAndPendingSets(Ordering o, EventLoop loop, TestLoops loops) {
        WaitResult<String> r = loops.run(() -> {
            Task<String> a = createTask(() -> sleep(0.1, "a"));
            Task<String> b = createTask(() -> sleep(0.3, "b"));
            o.expect(1);
            return Asyncio.wait(List.of(a, b), FIRST_COMPLETED).thenApply(res -> {
                o.expect(2);
                assertEquals(Set.of(a), res.done());
                assertEquals(Set.of(b), res.pending());
                b.cancel();
                return res;
            });
        });
        assertEquals(1, r.done().size());
        assertEquals(0.1, loop.time(), 1e-9);
        o.finish(3);
    }

    @Test
    void waitWithTimeoutNeverRaises(EventLoop loop, TestLoops loops) {
        WaitResult<Object> r = loops.run(() -> {
            Future<Object> never = getRunningLoop().createFuture();
            return Asyncio.wait(List.of(never), 2); // an int timeout compiles
        });
        assertEquals(1, r.pending().size());
        assertEquals(2.0, loop.time(), 1e-9);
    }

    @Test
    void waitForRaisesTimeoutErrorCausedByCancelledErrorAfterTheInnerTaskFinished(EventLoop loop, TestLoops loops) {
        List<Task<?>> inner = new ArrayList<>();
        Throwable e = failureOf(loops, () -> {
            Task<Void> t = createTask(() -> sleep(10).exceptionallyCompose(c -> sleep(0.5) // slow cleanup, re-raise
                    .thenCompose(x -> CompletableFuture.<Void>failedFuture(unwrap(c)))));
            inner.add(t);
            return waitFor(t, 1);
        });
        assertInstanceOf(TimeoutError.class, e);
        assertInstanceOf(CancelledError.class, e.getCause());
        assertTrue(inner.get(0).done());
        assertEquals(1.5, loop.time(), 1e-9);
    }

    @Test
    void waitForOfACoroutineWithZeroTimeoutNeverStartsIt(TestLoops loops) {
        boolean[] started = {false};
        Throwable e = failureOf(loops, () -> waitFor(() -> {
            started[0] = true;
            return done(1);
        }, 0));
        assertInstanceOf(TimeoutError.class, e);
        assertFalse(started[0]);
    }

    @Test
    void waitForInTimeAndWithoutLimit(EventLoop loop, TestLoops loops) {
        assertEquals("ok", loops.run(() -> waitFor(() -> sleep(0.5, "ok"), 1.0)));
        assertEquals("no limit", loops.run(() -> waitFor(sleep(100, "no limit"), (Double) null)));
        assertEquals(100.5, loop.time(), 1e-9);
    }

    @Test
    void shieldKeepsTheInnerRunning(Ordering o, TestLoops loops) {
        String r = loops.run(() -> {
            Task<String> inner = createTask(() -> sleep(1, "inner"));
            Task<String> caller = createTask(() -> shield(inner));
            return sleep(0.1).thenCompose(x -> {
                o.expect(1);
                caller.cancel();
                return caller.handle((v, e) -> {
                    o.expect(2);
                    assertInstanceOf(CancelledError.class, unwrap(e));
                    assertFalse(inner.done());
                    return null;
                });
            }).thenCompose(x -> inner);
        });
        assertEquals("inner", r);
        o.finish(3);
    }

    @Test
    void asCompletedTwoWays(EventLoop loop, TestLoops loops) {
        List<String> got = loops.run(() -> {
            List<String> out = new ArrayList<>();
            Task<String> slow = createTask(() -> sleep(0.3, "slow"), "slow");
            Task<String> fast = createTask(() -> sleep(0.1, "fast"), "fast");
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            for (Future<String> f : asCompleted(List.of(slow, fast)).futures()) { // futures of results, in completion order
                chain = chain.thenCompose(x -> f).thenAccept(out::add);
            }
            return chain.thenCompose(x -> {
                Task<String> a = createTask(() -> sleep(0.2, "a"), "a");
                Task<String> b = createTask(() -> sleep(0.1, "b"), "b");
                AsCompleted<String> tasks = asCompleted(List.of(a, b)); // the original tasks, in completion order
                return tasks.forEachCompleted(t -> out.add(((Task<?>) t).getName() + "=" + t.result()));
            }).thenApply(x -> out);
        });
        assertEquals(List.of("fast", "slow", "b=b", "a=a"), got);
        assertEquals(0.5, loop.time(), 1e-9);
    }

    @Test
    void timeoutScopeReadsLikeAsyncWith(EventLoop loop, TestLoops loops) {
        Throwable e = failureOf(loops, () -> timeout(1, () -> sleep(10)));
        assertInstanceOf(TimeoutError.class, e);
        assertInstanceOf(CancelledError.class, e.getCause());
        assertEquals(1.0, loop.time(), 1e-9);

        String r = loops.run(() -> timeout(1.0, cm -> {
            cm.reschedule(getRunningLoop().time() + 5);
            return sleep(3, "rescheduled");
        }));
        assertEquals("rescheduled", r);

        Throwable past = failureOf(loops, () -> timeoutAt(getRunningLoop().time() - 1).run(() -> sleep(10)));
        assertInstanceOf(TimeoutError.class, past);
    }

    @Test
    void nestedTimeoutsOnlyTheOutermostConverts(TestLoops loops) {
        List<Throwable> innerSaw = new ArrayList<>();
        Throwable e = failureOf(loops, () -> {
            double deadline = getRunningLoop().time() + 0.5;
            return timeoutAt(deadline, () -> timeoutAt(deadline, () -> sleep(10))
                    .whenComplete((v, x) -> innerSaw.add(unwrap(x))));
        });
        assertInstanceOf(TimeoutError.class, e);
        assertInstanceOf(CancelledError.class, innerSaw.get(0));
    }

    @Test
    void taskGroupCollectsFailuresAndCancelsTheRest(Ordering o, EventLoop loop, TestLoops loops) {
        List<Task<?>> children = new ArrayList<>();
        Throwable e = failureOf(loops, () -> taskGroup(tg -> {
            children.add(tg.createTask(() -> sleep(10)));
            children.add(tg.createTask(() -> sleep(0.1).thenRun(() -> {
                o.expect(1);
                throw new IllegalStateException("child failed");
            })));
            return sleep(10).whenComplete((v, x) -> {
                o.expect(2); // the body is cancelled too
                assertInstanceOf(CancelledError.class, unwrap(x));
            });
        }));
        o.expect(3);
        ExceptionGroup group = assertInstanceOf(ExceptionGroup.class, e);
        assertEquals(1, group.exceptions().size());
        assertEquals("child failed", group.exceptions().get(0).getMessage());
        assertTrue(children.get(0).cancelled());
        assertEquals(0.1, loop.time(), 1e-9);
        o.finish(4);
    }

    @Test
    void taskGroupReturnsTheBodyValueAfterAllChildren(EventLoop loop, TestLoops loops) {
        List<Task<Integer>> children = new ArrayList<>();
        Integer r = loops.run(() -> taskGroup(tg -> {
            children.add(tg.createTask(() -> sleep(0.2, 2)));
            children.add(tg.createTask(() -> sleep(0.1, 1)));
            return done(0);
        }));
        assertEquals(0, r);
        assertEquals(0.2, loop.time(), 1e-9);
        assertEquals(3, children.get(0).result() + children.get(1).result());
    }

    @Test
    void toThreadCarriesContextVariables(TestLoops loops) {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        List<Object> r = loops.run(() -> {
            Thread loopThread = Thread.currentThread();
            var.set("caller");
            return toThread(() -> {
                String seen = var.get();
                var.set("thread");
                return List.<Object>of(seen, Thread.currentThread() != loopThread);
            }).thenApply(x -> List.of(x.get(0), x.get(1), var.get(), Thread.currentThread() == loopThread));
        });
        assertEquals(List.of("caller", true, "caller", true), r);
    }

    @Test
    void runCoroutineThreadsafeFromAnotherThread(TestLoops loops) throws Exception {
        EventLoop background = loops.newRealTimeLoop();
        Thread thread = new Thread(background::runForever, "background");
        thread.setDaemon(true);
        thread.start();
        try {
            CompletableFuture<String> f = runCoroutineThreadsafe(() -> sleep(0.01, "hello"), background);
            assertEquals("hello", f.get(5, TimeUnit.SECONDS));
            CompletableFuture<String> slow = runCoroutineThreadsafe(() -> sleep(10, "late"), background);
            assertThrows(java.util.concurrent.TimeoutException.class, () -> slow.get(50, TimeUnit.MILLISECONDS));
            assertTrue(slow.cancel(true));
            assertTrue(runCoroutineThreadsafe(() -> sleep(0.01).thenApply(x ->
                    Asyncio.allTasks().isEmpty() || Asyncio.allTasks().size() == 1), background)
                    .get(5, TimeUnit.SECONDS));
        } finally {
            background.callSoonThreadsafe(background::stop);
            thread.join(5000);
            background.close();
        }
        assertNotSame(Thread.currentThread(), thread);
    }

    @Test
    void waitRejectsBadInput(TestLoops loops) {
        loops.run(() -> {
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                    () -> Asyncio.wait(List.<CompletionStage<Integer>>of()));
            assertEquals("Set of Tasks/Futures is empty.", empty.getMessage());
            return done(null);
        });
    }
}
