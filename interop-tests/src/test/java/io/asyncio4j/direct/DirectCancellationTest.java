package io.asyncio4j.direct;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.ExceptionGroup;
import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.TaskGroup;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Cancellation of direct-style tasks: delivery at the pending await, suppression, timeouts, task groups. */
@ExtendWith(AsyncioTestExtension.class)
class DirectCancellationTest {

    @Test
    void aTaskMaySuppressItsCancellationAndGoOn(Ordering o, TestLoops loops) {
        String r = loops.run(async(() -> {
            Task<String> t = createTask(() -> {
                try {
                    await(sleep(10));
                } catch (CancelledError e) {
                    o.expect(2);
                    assertEquals("why", e.getMessage());
                    assertEquals(1, currentTask().cancelling());
                    assertEquals(0, currentTask().uncancel());
                }
                await(sleep(1)); // a new wait after the suppressed cancellation works as usual
                o.expect(3);
                return "carried on";
            });
            await(sleep(0));
            o.expect(1);
            t.cancel("why");
            return await(t);
        }));
        assertEquals("carried on", r);
        o.finish(4);
    }

    @Test
    void cancelBeforeTheFirstStepNeverStartsTheBody(Ordering o, TestLoops loops) {
        loops.run(async(() -> {
            Task<Void> t = createTask(() -> o.expectUnreached());
            t.cancel();
            o.expect(1);
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.cancelled());
        }));
        o.finish(2);
    }

    @Test
    void cancelWhileAwaitingADoneFutureIsDeliveredAtTheNextRealWait(Ordering o, TestLoops loops) {
        loops.run(async(() -> {
            Task<Void> self = (Task<Void>) currentTask();
            self.cancel();
            // Awaiting a done future does not suspend, so the request waits for the next real suspension.
            assertEquals(5, (int) await(java.util.concurrent.CompletableFuture.completedFuture(5)));
            o.expect(1);
            assertThrows(CancelledError.class, () -> await(sleep(0)));
            o.expect(2);
            self.uncancel();
        }));
        o.finish(3);
    }

    @Test
    void timeoutScopeTurnsTheCancellationIntoTimeoutError(Ordering o, TestLoops loops) {
        loops.run(async(() -> {
            double start = getRunningLoop().time();
            TimeoutError e = assertThrows(TimeoutError.class, () -> asyncWith(timeout(1.0), cm -> {
                try {
                    await(sleep(10));
                } finally {
                    o.expect(1);
                }
            }));
            assertInstanceOf(CancelledError.class, e.getCause());
            assertEquals(1.0, getRunningLoop().time() - start, 1e-6);
            assertEquals(0, currentTask().cancelling());
            int v = asyncWith(timeout(5.0), cm -> {
                await(sleep(1));
                return 42;
            });
            assertEquals(42, v);
            o.expect(2);
        }));
        o.finish(3);
    }

    @Test
    void waitForAndTimeoutRunANestedBodyInlineOnTheCallersThread(TestLoops loops) {
        loops.run(async(() -> {
            Thread mine = Thread.currentThread();
            Task<?> task = currentTask();
            int r = await(waitFor(() -> {
                assertSame(mine, Thread.currentThread()); // no new thread for a coroutine that is not a task
                assertSame(task, currentTask());
                await(sleep(1));
                return 7;
            }, 2.0));
            assertEquals(7, r);
            assertThrows(TimeoutError.class, () -> await(waitFor(() -> {
                await(sleep(3));
                return 0;
            }, 2.0)));
            assertThrows(TimeoutError.class, () -> await(timeout(0.5, () -> await(sleep(1, "late")))));
            assertEquals("x", await(timeout(2.0, () -> await(sleep(1, "x")))));
        }));
    }

    @Test
    void taskGroupWithAFailingChildCancelsTheOthers(Ordering o, TestLoops loops) {
        List<String> log = new ArrayList<>();
        loops.run(async(() -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> asyncWith(new TaskGroup(), tg -> {
                tg.createTask(async(() -> {
                    try {
                        await(sleep(10));
                    } finally {
                        log.add("sibling cleaned up");
                    }
                }));
                tg.createTask(async(() -> {
                    await(sleep(1));
                    throw new IllegalStateException("child failed");
                }));
                try {
                    await(sleep(5)); // the body is cancelled too
                } catch (CancelledError e) {
                    log.add("body cancelled");
                    throw e;
                }
            }));
            assertEquals(1, eg.exceptions().size());
            assertEquals("child failed", eg.exceptions().get(0).getMessage());
            o.expect(1);
            int n = asyncWith(new TaskGroup(), tg -> {
                Task<Integer> a = tg.createTask(async(() -> await(sleep(1, 20))));
                Task<Integer> b = tg.createTask(async(() -> await(sleep(2, 22))));
                return 0;
            });
            assertEquals(0, n);
        }));
        assertEquals(List.of("sibling cleaned up", "body cancelled"), log); // as CPython 3.12 orders them
        o.finish(2);
    }

    @Test
    void shieldedDirectBodyFinishesAfterTheCancelOfItsAwaiter(Ordering o, TestLoops loops) {
        loops.run(async(() -> {
            io.asyncio4j.engine.future.Future<String> outer = shield(() -> {
                await(sleep(2));
                o.expect(2);
                return "done";
            });
            Task<String> waiter = createTask(() -> await(outer));
            await(sleep(1));
            waiter.cancel();
            assertThrows(CancelledError.class, () -> await(waiter));
            o.expect(1);
            assertTrue(outer.cancelled()); // the outer future was cancelled, the shielded body runs on
            await(sleep(2));
            o.expect(3);
        }));
        o.finish(4);
    }
}
