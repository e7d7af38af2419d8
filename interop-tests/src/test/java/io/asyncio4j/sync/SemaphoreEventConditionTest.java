package io.asyncio4j.sync;

import io.asyncio4j.engine.exceptions.BrokenBarrierError;
import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.sync.Barrier;
import io.asyncio4j.engine.sync.BoundedSemaphore;
import io.asyncio4j.engine.sync.Condition;
import io.asyncio4j.engine.sync.Event;
import io.asyncio4j.engine.sync.Lock;
import io.asyncio4j.engine.sync.Semaphore;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.testing.Ordering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.asyncio4j.Asyncio.*;
import static io.asyncio4j.sync.SyncTestSupport.runVirtual;
import static io.asyncio4j.sync.SyncTestSupport.yieldTimes;
import static org.junit.jupiter.api.Assertions.*;

/** Semaphore, BoundedSemaphore, Event, Condition and Barrier, after CPython's test_locks.py. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreEventConditionTest {
    private static Task<Boolean> acquirer(Semaphore sem) {
        return createTask(() -> sem.acquire());
    }

    /** CPython test_acquire_cancel_before_awoken. */
    @Test
    void semaphoreCancelBeforeAwoken() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Boolean> t1 = acquirer(sem), t2 = acquirer(sem), t3 = acquirer(sem), t4 = acquirer(sem);
            return sleep(0).thenCompose(x -> {
                t1.cancel();
                t2.cancel();
                sem.release();
                return yieldTimes(2);
            }).thenApply(x -> {
                assertTrue(t3.done(), "the unit goes to the first waiter not cancelled");
                assertFalse(t4.done());
                t4.cancel();
                return null;
            }).thenCompose(x -> sleep(0));
        });
    }

    /** CPython test_acquire_hang: a waiter woken and then cancelled gives its unit to the next. */
    @Test
    void semaphoreWokenThenCancelledPassesTheUnitOn() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Boolean> t1 = acquirer(sem), t2 = acquirer(sem);
            return sleep(0).thenCompose(x -> {
                sem.release(); // t1's future done, unit reserved for it
                t1.cancel();   // cancelled before it resumes
                return yieldTimes(2);
            }).thenApply(x -> {
                assertTrue(t1.cancelled());
                assertTrue(t2.done() && t2.join());
                assertTrue(sem.locked());
                return null;
            });
        });
    }

    @Test
    void semaphoreIsFifoEvenWhenUnitsAreFree() {
        Ordering o = new Ordering();
        runVirtual(() -> {
            Semaphore sem = new Semaphore(2);
            return sem.acquire().thenCompose(x -> sem.acquire()).thenCompose(x -> {
                o.expect(1);
                List<Task<Void>> ts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    ts.add(createTask(() -> sem.acquire().thenRun(() -> o.expect(3 + id))));
                }
                return sleep(0).thenCompose(y -> {
                    o.expect(2);
                    sem.release();
                    sem.release();
                    // Two units free but two woken waiters not yet run: a newcomer must wait (FIFO).
                    assertTrue(sem.locked());
                    assertFalse(sem.acquire().toCompletableFuture().isDone());
                    sem.release(); // for t2
                    return gather(ts);
                });
            }).thenApply(x -> {
                o.finish(6);
                return null;
            });
        });
    }

    @Test
    void boundedSemaphoreRejectsOverRelease() {
        runVirtual(() -> {
            BoundedSemaphore sem = new BoundedSemaphore(1);
            return sem.acquire().thenApply(x -> {
                sem.release();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, sem::release);
                assertEquals("BoundedSemaphore released too many times", e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
                return null;
            });
        });
    }

    @Test
    void semaphoreWithPermitReleasesOnFailure() {
        runVirtual(() -> {
            Semaphore sem = new Semaphore(1);
            return sem.<Integer>withPermit(() -> CompletableFuture.failedFuture(new IllegalStateException("x")))
                    .handle((v, e) -> unwrap(e))
                    .thenApply(e -> {
                        assertEquals("x", e.getMessage());
                        assertFalse(sem.locked());
                        return null;
                    });
        });
    }

    @Test
    void eventWakesAllWaitersAndWaitOnSetEventIsImmediate() {
        Ordering o = new Ordering();
        runVirtual(() -> {
            Event ev = new Event();
            List<Task<Boolean>> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int id = i;
                ts.add(createTask(() -> ev.await().thenApply(v -> {
                    o.expect(2 + id);
                    return v;
                })));
            }
            return sleep(0).thenCompose(x -> {
                o.expect(1);
                assertEquals("<Event [unset, waiters:3]>", ev.toString());
                ev.set();
                assertTrue(ev.isSet());
                return gather(ts);
            }).thenCompose(r -> {
                o.expect(5);
                assertEquals(List.of(true, true, true), r);
                assertTrue(ev.await().toCompletableFuture().isDone());
                ev.clear();
                Task<Boolean> t = createTask(() -> ev.await());
                return sleep(0).thenCompose(y -> {
                    t.cancel();
                    return sleep(0);
                }).thenApply(y -> {
                    assertTrue(t.cancelled());
                    assertEquals("<Event [unset]>", ev.toString());
                    o.finish(6);
                    return null;
                });
            });
        });
    }

    @Test
    void conditionNotifyWakesInFifoOrderAndWaitersReacquire() {
        Ordering o = new Ordering();
        runVirtual(() -> {
            Condition cond = new Condition();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int id = i;
                ts.add(createTask(() -> cond.withLock(() -> cond.await().thenRun(() -> {
                    assertTrue(cond.locked(), "wait() returns holding the lock");
                    o.expect(3 + id);
                }))));
            }
            return sleep(0).thenCompose(x -> {
                o.expect(1);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cond.notify(1));
                assertEquals("cannot notify on un-acquired lock", e.getMessage());
                return cond.withLock(() -> {
                    cond.notify(1);
                    return sleep(0).thenRun(() -> {
                        o.expect(2); // the notified task cannot run before we release the lock
                        cond.notifyAllWaiters();
                    });
                });
            }).thenCompose(x -> gather(ts)).thenApply(x -> {
                o.finish(6);
                return null;
            });
        });
    }

    @Test
    void conditionWaitWithoutTheLockFails() {
        runVirtual(() -> new Condition().await().handle((v, e) -> {
            assertEquals("cannot wait on un-acquired lock", unwrap(e).getMessage());
            return null;
        }));
    }

    @Test
    void cancelledConditionWaitStillReacquiresTheLock() {
        runVirtual(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            boolean[] heldOnCancel = {false};
            Task<Boolean> t = createTask(() -> cond.acquire().thenCompose(x -> cond.await()).handle((v, e) -> {
                heldOnCancel[0] = lock.locked();
                cond.release();
                throw (RuntimeException) unwrap(e);
            }));
            return sleep(0).thenCompose(x -> lock.acquire()).thenCompose(x -> {
                t.cancel(); // its wait is cancelled, but it must re-acquire the lock we hold first
                return sleep(0).thenCompose(y -> sleep(0));
            }).thenCompose(x -> {
                assertFalse(t.done(), "waits for the lock before raising");
                lock.release();
                return t.handle((v, e) -> unwrap(e));
            }).thenApply(e -> {
                assertInstanceOf(CancelledError.class, e);
                assertTrue(heldOnCancel[0]);
                assertFalse(lock.locked());
                return null;
            });
        });
    }

    /** CPython 3.13 test_cancelled_wakeup (gh-112202): a notify racing a cancel is not lost. */
    @Test
    void notifiedWaiterCancelledAtWakeupPassesTheNotificationOn() {
        runVirtual(() -> {
            Condition cond = new Condition();
            int[] state = {0};
            List<Task<Void>> consumers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                consumers.add(createTask(() -> cond.withLock(() -> consume(cond, state))));
            }
            return sleep(0).thenCompose(x -> cond.withLock(() -> {
                state[0] += 1;
                cond.notify(1);
                consumers.get(0).cancel(); // cancelled while its wakeup is pending
                return cond.waitFor(() -> state[0] == 0).thenCompose(y -> {
                    assertEquals(0, state[0], "the item was consumed by the other consumer");
                    state[0] = -1;
                    cond.notifyAllWaiters();
                    return CompletableFuture.completedFuture(null);
                });
            })).thenCompose(x -> consumers.get(1)).thenApply(x -> {
                assertTrue(consumers.get(0).cancelled());
                return null;
            });
        });
    }

    private static CompletionStage<Void> consume(Condition cond, int[] state) {
        return cond.waitFor(() -> state[0] != 0).thenCompose(x -> {
            if (state[0] < 0) return CompletableFuture.completedFuture(null);
            state[0] -= 1;
            cond.notifyAllWaiters();
            return consume(cond, state);
        });
    }

    @Test
    void barrierReleasesAllPartiesWithDistinctIndices() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(3);
            List<Task<Integer>> ts = new ArrayList<>();
            for (int i = 0; i < 2; i++) ts.add(createTask(() -> barrier.await()));
            return sleep(0).thenCompose(x -> {
                assertEquals(2, barrier.nWaiting());
                assertEquals("<Barrier [filling, waiters:2/3]>", barrier.toString());
                ts.add(createTask(() -> barrier.await()));
                return gather(ts);
            }).thenCompose(indices -> {
                assertEquals(List.of(0, 1, 2), indices);
                assertEquals(0, barrier.nWaiting());
                assertEquals(3, barrier.parties());
                assertFalse(barrier.broken());
                // reusable: a second round
                List<Task<Integer>> again = new ArrayList<>();
                for (int i = 0; i < 3; i++) again.add(createTask(() -> barrier.await()));
                return gather(again);
            }).thenApply(indices -> {
                assertEquals(List.of(0, 1, 2), indices);
                return null;
            });
        });
    }

    @Test
    void barrierAbortAndResetBreakWaiters() {
        runVirtual(() -> {
            Barrier barrier = new Barrier(3);
            Task<Integer> t1 = createTask(() -> barrier.await());
            Task<Integer> t2 = createTask(() -> barrier.await());
            return sleep(0).thenCompose(x -> {
                assertEquals(2, barrier.nWaiting());
                return barrier.reset();
            }).thenCompose(x -> t1.handle((v, e) -> unwrap(e))).thenCompose(e -> {
                assertInstanceOf(BrokenBarrierError.class, e);
                assertEquals("Abort or reset of barrier", e.getMessage());
                return t2.handle((v, e2) -> unwrap(e2));
            }).thenCompose(e -> {
                assertInstanceOf(BrokenBarrierError.class, e);
                assertFalse(barrier.broken());
                assertEquals(0, barrier.nWaiting());
                return barrier.abort();
            }).thenCompose(x -> {
                assertTrue(barrier.broken());
                return barrier.await().handle((v, e) -> unwrap(e));
            }).thenApply(e -> {
                assertInstanceOf(BrokenBarrierError.class, e);
                assertEquals("Barrier aborted", e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
                return null;
            });
        });
    }
}
