package io.asyncio4j.sync;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.sync.Lock;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.testing.Ordering;
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

    /**
     * Contended withLock: bodies run in FIFO order, each with its own task current, one iteration after the
     * release that woke it (as `async with lock:` in CPython); the body's stage may be an asyncio future, a
     * derived stage or a completed JDK future, and each result comes back from its own withLock.
     */
    @Test
    void contendedWithLockRunsBodiesInOrderInTheirTasks() {
        Ordering o = new Ordering();
        runVirtual(() -> {
            Lock lock = new Lock();
            return lock.acquire().thenCompose(x -> {
                o.expect(1);
                List<Task<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    tasks.add(createTask(() -> lock.withLock(() -> {
                        o.expect(3 + id);
                        assertSame(tasks.get(id), currentTask(), "the body runs in the task that waited");
                        assertTrue(lock.locked());
                        return switch (id) {
                            case 0 -> sleep(0, 10);                                   // an asyncio future
                            case 1 -> sleep(0).thenApply(y -> 11);                    // a derived stage
                            default -> CompletableFuture.completedFuture(12);         // `return x`
                        };
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
                assertEquals(List.of(10, 11, 12), results);
                assertFalse(lock.locked());
                return null;
            });
        });
    }

    /** withLock cancelled while waiting: the body never runs, the lock is not lost, the next waiter gets it. */
    @Test
    void withLockCancelledWhileWaitingPassesTheLockOn() {
        runVirtual(() -> {
            Lock lock = new Lock();
            List<String> ran = new ArrayList<>();
            return lock.acquire().thenCompose(x -> {
                Task<String> a = createTask(() -> lock.withLock(() -> {
                    ran.add("a");
                    return sleep(0, "a");
                }));
                Task<String> b = createTask(() -> lock.withLock(() -> {
                    ran.add("b");
                    return sleep(0, "b");
                }));
                return sleep(0).thenCompose(y -> {
                    getRunningLoop().callSoon(() -> {
                        lock.release(); // a's waiter is woken...
                        a.cancel();     // ...and a is cancelled before it runs: b must get the lock
                    });
                    return a.handle((v, e) -> unwrap(e));
                }).thenCompose(e -> {
                    assertInstanceOf(CancelledError.class, e);
                    return b;
                }).thenApply(r -> {
                    assertEquals("b", r);
                    assertEquals(List.of("b"), ran);
                    assertFalse(lock.locked());
                    assertEquals("<Lock [unlocked]>", lock.toString());
                    return null;
                });
            });
        });
    }

    /** A body that releases the lock itself: the `finally: release()` error replaces its result. */
    @Test
    void withLockBodyThatReleasesFailsWithTheReleaseError() {
        runVirtual(() -> {
            Lock lock = new Lock();
            return lock.withLock(() -> {
                lock.release();
                return sleep(0, 1);
            }).handle((v, e) -> {
                assertNull(v);
                Throwable cause = unwrap(e);
                assertInstanceOf(IllegalStateException.class, cause);
                assertEquals("Lock is not acquired.", cause.getMessage());
                return null;
            }).thenCompose(x -> lock.<Integer>withLock(() -> null).handle((v, e) -> {
                Throwable cause = unwrap(e);
                assertInstanceOf(NullPointerException.class, cause);
                assertEquals("withLock body returned null instead of a CompletionStage", cause.getMessage());
                assertFalse(lock.locked(), "released after a null body");
                return null;
            }));
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
