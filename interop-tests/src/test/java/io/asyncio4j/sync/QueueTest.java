package io.asyncio4j.sync;

import io.asyncio4j.engine.exceptions.QueueEmpty;
import io.asyncio4j.engine.exceptions.QueueFull;
import io.asyncio4j.engine.exceptions.QueueShutDown;
import io.asyncio4j.engine.sync.LifoQueue;
import io.asyncio4j.engine.sync.PriorityQueue;
import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.testing.Ordering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.asyncio4j.Asyncio.*;
import static io.asyncio4j.sync.SyncTestSupport.runVirtual;
import static io.asyncio4j.sync.SyncTestSupport.yieldTimes;
import static org.junit.jupiter.api.Assertions.*;

/** asyncio.Queue family, after CPython's test_queues.py (3.13 with shutdown). */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueTest {
    @Test
    void nowaitFormsAndSizes() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(2);
            assertTrue(q.empty());
            assertThrows(QueueEmpty.class, q::getNowait);
            q.putNowait(1);
            q.putNowait(2);
            assertTrue(q.full());
            assertEquals(2, q.qsize());
            assertEquals(2, q.maxsize());
            assertThrows(QueueFull.class, () -> q.putNowait(3));
            assertEquals("<Queue maxsize=2 _queue=[1, 2] tasks=2>", q.toString());
            assertEquals(1, q.getNowait());
            assertFalse(new Queue<Integer>().full());
            return sleep(0);
        });
    }

    @Test
    void orderOfTheThreeQueues() {
        runVirtual(() -> {
            LifoQueue<Integer> lifo = new LifoQueue<>();
            PriorityQueue<Integer> prio = new PriorityQueue<>();
            PriorityQueue<String> byLength = new PriorityQueue<>(Comparator.comparingInt(String::length));
            for (int x : new int[]{3, 1, 2}) {
                lifo.putNowait(x);
                prio.putNowait(x);
            }
            for (String s : new String[]{"ccc", "a", "bb"}) byLength.putNowait(s);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                out.add(lifo.getNowait());
                out.add(prio.getNowait());
                out.add(byLength.getNowait());
            }
            assertEquals(List.of(2, 1, "a", 1, 2, "bb", 3, 3, "ccc"), out);
            return sleep(0);
        });
    }

    @Test
    void blockedGettersAreServedInFifoOrder() {
        Ordering o = new Ordering();
        runVirtual(() -> {
            Queue<String> q = new Queue<>();
            List<Task<String>> getters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int id = i;
                getters.add(createTask(() -> q.get().thenApply(item -> {
                    o.expect(2 + id);
                    return item + id;
                })));
            }
            return sleep(0).thenCompose(x -> {
                o.expect(1);
                q.putNowait("a");
                q.putNowait("b");
                q.putNowait("c");
                return gather(getters);
            }).thenApply(r -> {
                o.finish(5);
                assertEquals(List.of("a0", "b1", "c2"), r);
                return null;
            });
        });
    }

    @Test
    void putWaitsWhileFull() {
        Ordering o = new Ordering();
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(1);
            return q.put(1).thenCompose(x -> {
                Task<Void> putter = createTask(() -> q.put(2).thenRun(() -> o.expect(2)));
                return sleep(0).thenCompose(y -> {
                    assertFalse(putter.done());
                    o.expect(1);
                    return q.get();
                }).thenCompose(item -> {
                    assertEquals(1, item);
                    return putter;
                }).thenCompose(y -> q.get());
            }).thenApply(item -> {
                o.finish(3);
                assertEquals(2, item);
                return null;
            });
        });
    }

    /** CPython test_get_cancelled_race: a cancelled getter leaves no stale future; the next getter gets the item. */
    @Test
    void cancelledGetterLeavesTheQueueConsistent() {
        runVirtual(() -> {
            Queue<String> q = new Queue<>();
            Task<String> t1 = createTask(() -> q.get());
            Task<String> t2 = createTask(() -> q.get());
            return sleep(0).thenCompose(x -> {
                t1.cancel();
                return sleep(0);
            }).thenCompose(x -> {
                assertTrue(t1.cancelled());
                return q.put("a");
            }).thenCompose(x -> t2).thenApply(item -> {
                assertEquals("a", item);
                assertEquals("<Queue maxsize=0 tasks=1>", q.toString());
                return null;
            });
        });
    }

    /** A getter woken by put_nowait and cancelled before it runs hands the item to the next getter. */
    @Test
    void getterCancelledAtItsWakeupPassesTheItemOn() {
        runVirtual(() -> {
            Queue<String> q = new Queue<>();
            Task<String> t1 = createTask(() -> q.get());
            Task<String> t2 = createTask(() -> q.get());
            return sleep(0).thenCompose(x -> {
                q.putNowait("a"); // wakes t1
                t1.cancel();      // ...which is cancelled before it resumes
                return t2;
            }).thenApply(item -> {
                assertTrue(t1.cancelled());
                assertEquals("a", item);
                assertTrue(q.empty());
                return null;
            });
        });
    }

    /** A putter woken by get_nowait and cancelled before it runs hands the slot to the next putter. */
    @Test
    void putterCancelledAtItsWakeupPassesTheSlotOn() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(0);
            Task<Void> p1 = createTask(() -> q.put(1));
            Task<Void> p2 = createTask(() -> q.put(2));
            return sleep(0).thenCompose(x -> {
                assertEquals(0, q.getNowait()); // wakes p1
                p1.cancel();
                return p2;
            }).thenApply(x -> {
                assertTrue(p1.cancelled());
                assertEquals(2, q.getNowait());
                assertTrue(q.empty());
                return null;
            });
        });
    }

    @Test
    void taskDoneAndJoin() {
        Ordering o = new Ordering();
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>();
            assertTrue(q.join().toCompletableFuture().isDone(), "join of a fresh queue does not wait");
            q.putNowait(1);
            q.putNowait(2);
            Task<Void> joiner = createTask(() -> q.join().thenRun(() -> o.expect(3)));
            return sleep(1).thenCompose(x -> {
                o.expect(1);
                q.getNowait();
                q.getNowait();
                q.taskDone();
                return sleep(1);
            }).thenCompose(x -> {
                assertFalse(joiner.done());
                o.expect(2);
                q.taskDone();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, q::taskDone);
                assertEquals("task_done() called too many times", e.getMessage());
                return joiner;
            }).thenApply(x -> {
                o.finish(4);
                return null;
            });
        });
    }

    @Test
    void shutdownFailsPutsAndLetsGettersDrainTheQueue() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Task<Void> putter = createTask(() -> q.put(2));
            return sleep(0).thenCompose(x -> {
                q.shutdown();
                assertThrows(QueueShutDown.class, () -> q.putNowait(3));
                return putter.handle((v, e) -> unwrap(e));
            }).thenCompose(e -> {
                assertInstanceOf(QueueShutDown.class, e, "a blocked putter wakes and fails");
                return q.get(); // items left can still be taken
            }).thenCompose(item -> {
                assertEquals(1, item);
                assertThrows(QueueShutDown.class, q::getNowait);
                return q.get().handle((v, e) -> unwrap(e));
            }).thenApply(e -> {
                assertInstanceOf(QueueShutDown.class, e);
                return null;
            });
        });
    }

    @Test
    void immediateShutdownDropsItemsAndWakesGettersAndJoiners() {
        runVirtual(() -> {
            Queue<Integer> q = new Queue<>();
            Queue<Integer> other = new Queue<>();
            q.putNowait(1);
            q.putNowait(2);
            Task<Void> joiner = createTask(() -> q.join());
            Task<Integer> getter = createTask(() -> other.get());
            return sleep(0).thenCompose(x -> {
                q.shutdown(true);
                other.shutdown(true);
                assertTrue(q.empty());
                return joiner;
            }).thenCompose(x -> getter.handle((v, e) -> unwrap(e))).thenApply(e -> {
                assertInstanceOf(QueueShutDown.class, e);
                return null;
            });
        });
    }
}
