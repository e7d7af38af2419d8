package io.asyncio4j.waiting;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.ExceptionGroup;
import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.sync.Condition;
import io.asyncio4j.engine.sync.Lock;
import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.asyncio4j.Asyncio.asCompleted;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.shield;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.taskGroup;
import static io.asyncio4j.Asyncio.timeout;
import static io.asyncio4j.Asyncio.unwrap;
import static io.asyncio4j.Asyncio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corner cases of issue 3/4 written as Java chains (the Java side has its own machinery: a task learns what
 * it waits on from the continuations chained while it is current), in virtual time.
 */
@ExtendWith(AsyncioTestExtension.class)
class WaitingJavaCornerCasesTest {

    private static <T> Throwable failureOf(TestLoops loops, Coroutine<T> coro) {
        return loops.run(() -> coro.start().handle((v, e) -> e == null ? null : unwrap(e)));
    }

    /** test_wait_for_cancel_suppressed: an inner task that swallows the deadline's cancellation gives its value. */
    @Test
    void waitForReturnsTheValueOfAnInnerTaskThatSuppressedTheCancellation(EventLoop loop, TestLoops loops) {
        Integer r = loops.run(() -> {
            Task<Integer> inner = createTask(() -> sleep(10).handle((v, e) -> unwrap(e) instanceof CancelledError ? 42 : 0));
            return waitFor(inner, 0.1).thenApply(v -> {
                assertEquals(0, currentTask().cancelling());
                return v;
            });
        });
        assertEquals(42, r);
        assertEquals(0.1, loop.time(), 1e-9);
    }

    /** test_timeout_in_block: waitFor(condition.await(), t) re-acquires the lock before raising TimeoutError. */
    @Test
    void waitForOfAConditionWaitTimesOutHoldingTheLockAgain(EventLoop loop, TestLoops loops) {
        Condition cond = new Condition();
        Throwable e = failureOf(loops, () -> cond.acquire()
                .thenCompose(x -> waitFor(cond.await(), 0.5))
                .whenComplete((v, x) -> {
                    assertTrue(cond.locked());
                    cond.release();
                }));
        assertInstanceOf(TimeoutError.class, e);
        assertInstanceOf(CancelledError.class, e.getCause());
        assertFalse(cond.locked());
        assertEquals(0.5, loop.time(), 1e-9);
    }

    /** test_wait_for_waits_for_task_cancellation: an external cancel also waits until the inner task finished. */
    @Test
    void externalCancelOfWaitForWaitsForTheInnerCleanup(Ordering o, EventLoop loop, TestLoops loops) {
        loops.run(() -> {
            Task<Void> inner = createTask(() -> sleep(10).exceptionallyCompose(c -> {
                o.expect(2);
                return sleep(0.5).thenCompose(x -> {
                    o.expect(3);
                    return CompletableFuture.<Void>failedFuture(unwrap(c));
                });
            }));
            Task<Void> waiter = createTask(() -> waitFor(inner, 5.0));
            return sleep(0.1).thenCompose(x -> {
                o.expect(1);
                waiter.cancel();
                return waiter.handle((v, e) -> {
                    o.expect(4);
                    assertInstanceOf(CancelledError.class, unwrap(e));
                    assertTrue(inner.cancelled());
                    return null;
                });
            });
        });
        assertEquals(0.6, loop.time(), 1e-9);
        o.finish(5);
    }

    /** A Java body that recovers from the deadline keeps its value; the scope still reports expired(). */
    @Test
    void timeoutBodyRecoveringFromTheDeadlineKeepsItsValue(EventLoop loop, TestLoops loops) {
        List<io.asyncio4j.engine.task.Timeout> scope = new ArrayList<>();
        String r = loops.run(() -> timeout(1.0, cm -> {
            scope.add(cm);
            return sleep(10, "late").exceptionally(e -> unwrap(e) instanceof CancelledError ? "recovered" : "other");
        }));
        assertEquals("recovered", r);
        assertTrue(scope.get(0).expired());
        assertEquals(1.0, loop.time(), 1e-9);
    }

    /** test_cancellation (taskgroups): an external cancel reaches every Java child and propagates with its message. */
    @Test
    void externalCancelOfATaskGroupCancelsEveryChild(EventLoop loop, TestLoops loops) {
        List<Task<?>> children = new ArrayList<>();
        Throwable e = failureOf(loops, () -> {
            Task<Void> runner = createTask(() -> taskGroup(tg -> {
                for (int i = 0; i < 3; i++) {
                    children.add(tg.createTask(() -> sleep(5)));
                }
                return CompletableFuture.completedFuture(null);
            }));
            return sleep(0.1).thenCompose(x -> {
                runner.cancel("test");
                return runner;
            });
        });
        assertInstanceOf(CancelledError.class, e);
        assertEquals("test", e.getMessage());
        assertEquals(3, children.size());
        for (Task<?> c : children) {
            assertTrue(c.cancelled());
        }
        assertEquals(0.1, loop.time(), 1e-9);
    }

    /** test_taskgroup_14: the inner group fails first, so the outer group holds the inner group. */
    @Test
    void nestedJavaGroupsNestTheirErrors(TestLoops loops) {
        Throwable e = failureOf(loops, () -> taskGroup(g1 -> {
            g1.createTask(() -> sleep(10).thenRun(() -> { throw new IllegalArgumentException("10"); }));
            return taskGroup(g2 -> {
                g2.createTask(() -> sleep(0.1).thenRun(() -> { throw new IllegalArgumentException("0.1"); }));
                return CompletableFuture.completedFuture(null);
            });
        }));
        ExceptionGroup outer = assertInstanceOf(ExceptionGroup.class, e);
        assertEquals(1, outer.exceptions().size());
        ExceptionGroup inner = assertInstanceOf(ExceptionGroup.class, outer.exceptions().get(0));
        assertEquals("0.1", inner.exceptions().get(0).getMessage());
    }

    /** shield of a Java coroutine: cancelling the inner task cancels the outer future. */
    @Test
    void cancellingTheShieldedTaskCancelsTheOuter(TestLoops loops) {
        Throwable e = failureOf(loops, () -> {
            Future<String> outer = shield(() -> sleep(1, "x"));
            return sleep(0.1).thenCompose(x -> {
                for (Task<?> t : Asyncio.allTasks()) {
                    if (t != currentTask()) {
                        t.cancel();
                    }
                }
                return outer;
            });
        });
        assertInstanceOf(CancelledError.class, e);
    }

    /** asCompleted with a timeout: the remaining futures fail with TimeoutError; the inputs are not cancelled. */
    @Test
    void asCompletedTimeoutFailsTheRestWithoutCancelling(EventLoop loop, TestLoops loops) {
        List<String> got = loops.run(() -> {
            Task<String> fast = createTask(() -> sleep(0.1, "fast"));
            Task<String> slow = createTask(() -> sleep(5, "slow"));
            List<String> out = new ArrayList<>();
            CompletionStage<Void> chain = sleep(0);
            for (Future<String> f : asCompleted(List.of(slow, fast), 1.0).futures()) {
                chain = chain.thenCompose(x -> f.handle((v, err) -> {
                    out.add(err == null ? v : unwrap(err).getClass().getSimpleName());
                    return null;
                }));
            }
            return chain.thenApply(x -> {
                out.add("slow cancelled=" + slow.cancelled());
                slow.cancel();
                return out;
            });
        });
        assertEquals(List.of("fast", "TimeoutError", "slow cancelled=false"), got);
        assertEquals(1.0, loop.time(), 1e-9);
    }

    /** A getter cancelled by a deadline leaves the queue consistent: the next item goes to the next getter. */
    @Test
    void queueGetterTimedOutLeavesTheQueueConsistent(TestLoops loops) {
        Queue<String> q = new Queue<>();
        List<Object> r = loops.run(() -> {
            Task<String> second = createTask(() -> sleep(0.5).thenCompose(x -> q.get()));
            return waitFor(q.get(), 0.1)
                    .handle((v, e) -> unwrap(e))
                    .thenCompose(e -> sleep(1).thenCompose(x -> {
                        q.putNowait("item");
                        return second.thenApply(v -> List.of(e.getClass().getSimpleName(), v, q.qsize()));
                    }));
        });
        assertEquals(List.of("TimeoutError", "item", 0), r);
    }

    /** A lock waiter cancelled by a deadline does not lose the lock for the waiter behind it. */
    @Test
    void lockWaiterTimedOutDoesNotLoseTheLock(TestLoops loops) {
        Lock lock = new Lock();
        String r = loops.run(() -> lock.acquire().thenCompose(x -> {
            Task<Throwable> first = createTask(() -> waitFor(lock.acquire(), 0.1).handle((v, e) -> unwrap(e)));
            Task<String> second = createTask(() -> lock.withLock(() -> sleep(0, "second")));
            return sleep(0.1).thenCompose(y -> {
                lock.release(); // in the iteration the deadline fires
                return first.thenCompose(e -> second.thenApply(s -> e.getClass().getSimpleName() + " " + s));
            });
        }));
        assertEquals("TimeoutError second", r);
        assertFalse(lock.locked());
    }
}
