package io.asyncio4j.sync;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.sync.Lock;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.testkit.Ordering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.asyncio4j.Asyncio.*;
import static io.asyncio4j.sync.SyncTestSupport.runVirtual;
import static io.asyncio4j.sync.SyncTestSupport.yieldTimes;
import static org.junit.jupiter.api.Assertions.*;

/** asyncio.Lock semantics, ported from CPython's test_locks.py LockTests. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LockTest {
    @Test
    void uncontendedAcquireCompletesAtOnceAndReleaseUnlocks() {
        runVirtual(() -> {
            Lock lock = new Lock();
            assertFalse(lock.locked());
            var stage = lock.acquire().toCompletableFuture();
            assertTrue(stage.isDone(), "acquire of a free lock does not wait");
            assertTrue(stage.join());
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
            IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
            assertEquals("Lock is not acquired.", e.getMessage());
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void waitersGetTheLockInFifoOrder() {
        Ordering o = new Ordering();
        runVirtual(() -> {
            Lock lock = new Lock();
            return lock.acquire().thenCompose(x -> {
                o.expect(1);
                List<Task<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    tasks.add(createTask(() -> lock.acquire().thenApply(y -> {
                        o.expect(3 + id);
                        lock.release();
                        return id;
                    })));
                }
                return sleep(0).thenCompose(y -> {
                    o.expect(2);
                    assertEquals("<Lock [locked, waiters:3]>", lock.toString());
                    lock.release();
                    return gather(tasks);
                });
            }).thenApply(results -> {
                o.finish(6);
                assertEquals(List.of(0, 1, 2), results);
                return null;
            });
        });
    }

    @Test
    void newcomerDoesNotJumpTheQueueWhileAWokenWaiterHasNotRun() {
        Ordering o = new Ordering();
        runVirtual(() -> {
            Lock lock = new Lock();
            return lock.acquire().thenCompose(x -> {
                Task<Boolean> waiter = createTask(() -> lock.acquire().thenApply(y -> {
                    o.expect(3);
                    return true;
                }));
                return sleep(0).thenCompose(y -> {
                    o.expect(1);
                    lock.release(); // wakes `waiter`, which has not run yet
                    assertFalse(lock.locked());
                    // A newcomer must queue behind the woken waiter (fairness).
                    Task<Boolean> late = createTask(() -> lock.acquire().thenApply(z -> {
                        o.expect(4);
                        return true;
                    }));
                    o.expect(2);
                    return waiter.thenCompose(z -> {
                        assertFalse(late.done());
                        lock.release();
                        return late;
                    });
                });
            }).thenApply(x -> {
                o.finish(5);
                return null;
            });
        });
    }

    @Test
    void cancelledWaiterLeavesTheQueue() {
        runVirtual(() -> {
            Lock lock = new Lock();
            return lock.acquire().thenCompose(x -> {
                Task<Boolean> t = createTask(() -> lock.acquire());
                return sleep(0).thenCompose(y -> {
                    t.cancel();
                    return yieldTimes(1);
                }).thenApply(y -> {
                    assertTrue(t.cancelled());
                    assertEquals("<Lock [locked]>", lock.toString());
                    lock.release();
                    assertFalse(lock.locked());
                    return null;
                });
            });
        });
    }

    /** CPython test_cancel_race: a cancelled waiter in the middle does not block those after it. */
    @Test
    void cancelRace() {
        runVirtual(() -> {
            Lock lock = new Lock();
            List<String> got = new ArrayList<>();
            return lock.acquire().thenCompose(x -> {
                Task<Boolean> ta = createTask(() -> lock.acquire().thenApply(y -> got.add("a")));
                Task<Boolean> tb = createTask(() -> lock.acquire().thenApply(y -> got.add("b")));
                Task<Boolean> tc = createTask(() -> lock.acquire().thenApply(y -> got.add("c")));
                return sleep(0).thenCompose(y -> {
                    tb.cancel();
                    lock.release();
                    return ta;
                }).thenCompose(y -> {
                    assertTrue(lock.locked());
                    assertTrue(tb.cancelled());
                    lock.release();
                    return tc;
                }).thenApply(y -> {
                    assertEquals(List.of("a", "c"), got);
                    assertTrue(lock.locked());
                    return null;
                });
            });
        });
    }

    /** CPython test_cancel_release_race (bpo-32734): cancelling the woken waiter hands the lock to the next. */
    @Test
    void waiterCancelledAtItsWakeupPassesTheLockOn() {
        runVirtual(() -> {
            Lock lock = new Lock();
            int[] lockCount = {0};
            int[] callCount = {0};
            return lock.acquire().thenCompose(x -> {
                List<Task<Void>> ts = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    ts.add(createTask(() -> {
                        callCount[0]++;
                        return lock.acquire().thenRun(() -> lockCount[0]++);
                    }));
                }
                return sleep(0).thenCompose(y -> {
                    getRunningLoop().callSoon(() -> {
                        ts.get(0).cancel(); // cancel first, then release: t1's wakeup must go to t2
                        lock.release();
                    });
                    return ts.get(0).handle((v, e) -> unwrap(e));
                }).thenCompose(e -> {
                    assertInstanceOf(CancelledError.class, e);
                    assertEquals(1, lockCount[0], "exactly one lock taken");
                    assertEquals(3, callCount[0]);
                    assertTrue(ts.get(0).cancelled() && ts.get(1).done());
                    ts.get(2).cancel();
                    return sleep(0);
                }).thenApply(y -> {
                    assertTrue(ts.get(2).cancelled());
                    return null;
                });
            });
        });
    }

    /** CPython test_finished_waiter_cancelled: the first waiter is woken, then cancelled; the second gets it. */
    @Test
    void finishedWaiterCancelled() {
        runVirtual(() -> {
            Lock lock = new Lock();
            return lock.acquire().thenCompose(x -> {
                Task<Boolean> ta = createTask(() -> lock.acquire());
                return sleep(0).thenCompose(y -> {
                    assertTrue(lock.locked());
                    Task<Boolean> tb = createTask(() -> lock.acquire());
                    return sleep(0).thenCompose(z -> {
                        assertEquals("<Lock [locked, waiters:2]>", lock.toString());
                        lock.release(); // ta's future is done...
                        ta.cancel();    // ...and ta is cancelled before it runs
                        return sleep(0);
                    }).thenCompose(z -> sleep(0)).thenApply(z -> {
                        assertTrue(ta.cancelled());
                        assertTrue(tb.done() && tb.join());
                        assertTrue(lock.locked());
                        return null;
                    });
                });
            });
        });
    }

    @Test
    void withLockReleasesOnResultFailureAndCancellation() {
        runVirtual(() -> {
            Lock lock = new Lock();
            return lock.withLock(() -> {
                assertTrue(lock.locked());
                return sleep(0.5, 42);
            }).thenCompose(r -> {
                assertEquals(42, r);
                assertFalse(lock.locked());
                return lock.<Integer>withLock(() -> {
                    throw new IllegalArgumentException("boom");
                }).handle((v, e) -> unwrap(e));
            }).thenCompose(e -> {
                assertEquals("boom", e.getMessage());
                assertFalse(lock.locked());
                Task<Integer> t = createTask(() -> lock.withLock(() -> sleep(10, 1)));
                return sleep(1).thenCompose(y -> {
                    assertTrue(lock.locked());
                    t.cancel();
                    return t.handle((v, e2) -> unwrap(e2));
                });
            }).thenApply(e -> {
                assertInstanceOf(CancelledError.class, e);
                assertFalse(lock.locked(), "cancelled body released the lock");
                return null;
            });
        });
    }

    @Test
    void boundToTheFirstLoopThatWaits() {
        Lock lock = new Lock();
        runVirtual(() -> lock.acquire().thenCompose(x -> {
            Task<Boolean> t = createTask(() -> lock.acquire()); // binds to this loop
            return sleep(0).thenApply(y -> {
                lock.release();
                return t;
            });
        }).thenCompose(t -> t));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runVirtual(() -> {
            lock.release(); // held by the task of the first loop
            lock.acquire();
            return lock.acquire(); // must wait: binds... to a different loop
        }));
        assertEquals("<Lock [locked]> is bound to a different event loop", e.getMessage());
    }
}
