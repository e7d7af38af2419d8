package io.asyncio4j.core;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.InvalidStateError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** asyncio.Future semantics (test_futures.py) and its CompletableFuture face. */
@ExtendWith(AsyncioTestExtension.class)
class FutureTest {

    @Test
    void pendingFutureRefusesResultAndException(EventLoop loop) {
        Future<Integer> f = loop.createFuture();
        assertFalse(f.done());
        assertEquals("Result is not set.", assertThrows(InvalidStateError.class, f::result).getMessage());
        assertEquals("Exception is not set.", assertThrows(InvalidStateError.class, f::exception).getMessage());
        assertSame(loop, f.getLoop());
        assertEquals("<Future pending>", f.toString());
    }

    @Test
    void resultAndExceptionAreSetOnce(EventLoop loop) {
        Future<Integer> f = loop.createFuture();
        f.setResult(1);
        assertTrue(f.done());
        assertEquals(1, f.result());
        assertNull(f.exception());
        InvalidStateError twice = assertThrows(InvalidStateError.class, () -> f.setResult(2));
        assertTrue(twice.getMessage().contains("FINISHED"), twice.getMessage());
        assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel("too late"));
        assertEquals(1, f.result());

        Future<Integer> g = loop.createFuture();
        IllegalArgumentException bad = new IllegalArgumentException("bad");
        g.setException(bad);
        assertSame(bad, g.exception());
        assertSame(bad, assertThrows(IllegalArgumentException.class, g::result));
        assertThrows(InvalidStateError.class, () -> g.setResult(3));
    }

    @Test
    void cancelWithMessage(EventLoop loop) {
        Future<Integer> f = loop.createFuture();
        assertTrue(f.cancel("stop it"));
        assertTrue(f.cancelled());
        assertTrue(f.done());
        assertFalse(f.cancel("again"));
        assertEquals("stop it", assertThrows(CancelledError.class, f::result).getMessage());
        assertEquals("stop it", assertThrows(CancelledError.class, f::exception).getMessage());
        assertThrows(InvalidStateError.class, () -> f.setResult(1));
        Future<Integer> g = loop.createFuture();
        assertTrue(g.cancel());
        assertNull(assertThrows(CancelledError.class, g::result).getMessage());
    }

    @Test
    void callbacksAndContinuationsRunOnALaterIterationInRegistrationOrder(Ordering o, EventLoop loop) {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(x -> o.expect(4));
        f.thenApply(x -> {
            o.expect(5);
            return x;
        });
        f.whenComplete((x, e) -> o.expect(6));
        f.addDoneCallback(x -> o.expect(7));
        f.handle((x, e) -> {
            o.expect(8);
            return x;
        });
        loop.callSoon(() -> {
            o.expect(1);
            loop.callSoon(() -> o.expect(3)); // scheduled before setResult: runs before the callbacks
            f.setResult("v");
            o.expect(2); // nothing ran inline
            loop.callSoon(() -> {
                loop.stop();
                o.expect(9); // scheduled after setResult: runs after them
            });
        });
        loop.runForever();
        o.finish(10);
    }

    @Test
    void thenApplyStageCompletesAsTheJdkChainDid(Ordering o, EventLoop loop) {
        // A stage derived by thenApply from a pending future: fn runs one iteration after the outcome, and the
        // stage's own continuations fire in the order they did when it was a JDK UniApply stage (registration
        // order, for one as for several); failures arrive wrapped in one CompletionException.
        Future<String> f = loop.createFuture();
        CompletableFuture<String> one = f.thenApply(x -> {
            o.expect(2);
            return x + "1";
        });
        one.thenRun(() -> o.expect(3));
        CompletableFuture<String> several = f.thenApply(x -> {
            o.expect(4);
            return x + "2";
        });
        several.thenRun(() -> o.expect(5));
        several.thenRun(() -> o.expect(6));
        several.thenRun(() -> o.expect(7));
        Future<String> g = loop.createFuture();
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> failed = g.thenApply(x -> {
            o.expectUnreached();
            return x;
        });
        CompletableFuture<String> throwing = f.thenApply(x -> {
            throw boom;
        });
        CompletableFuture<String> early = f.thenApply(x -> {
            o.expectUnreached(); // completed by hand first: fn is skipped, as for a JDK dependent
            return x;
        });
        assertTrue(early.complete("by hand"));
        loop.callSoon(() -> {
            o.expect(1);
            f.setResult("v");
            g.setException(new IllegalArgumentException("bad"));
        });
        loop.callSoon(() -> loop.callSoon(loop::stop));
        loop.runForever();
        assertEquals("v1", one.join());
        assertEquals("v2", several.join());
        assertEquals("by hand", early.join());
        CompletionException wrapped = assertThrows(CompletionException.class, failed::join);
        assertInstanceOf(IllegalArgumentException.class, wrapped.getCause());
        assertSame(boom, assertThrows(CompletionException.class, throwing::join).getCause());
        ExecutionException viaGet = assertThrows(ExecutionException.class, () -> throwing.get(1, TimeUnit.SECONDS));
        assertSame(boom, viaGet.getCause());
        o.finish(8);
    }

    @Test
    void addDoneCallbackOnADoneFutureIsStillScheduled(Ordering o, EventLoop loop) {
        Future<String> f = loop.createFuture();
        f.setResult("x");
        loop.callSoon(() -> {
            o.expect(1);
            f.addDoneCallback(x -> o.expect(3));
            o.expect(2);
            loop.callSoon(loop::stop);
        });
        loop.runForever();
        o.finish(4);
    }

    @Test
    void removeDoneCallbackReturnsTheCount(Ordering o, EventLoop loop) {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> twice = x -> o.expectUnreached();
        Consumer<Future<String>> kept = x -> o.expect(1);
        f.addDoneCallback(twice);
        f.addDoneCallback(kept);
        f.addDoneCallback(twice);
        assertEquals(2, f.removeDoneCallback(twice));
        assertEquals(0, f.removeDoneCallback(twice));
        Future<String> single = loop.createFuture();
        single.addDoneCallback(twice);
        assertEquals(1, single.removeDoneCallback(twice));
        single.cancel();
        f.setResult("x");
        loop.callSoon(() -> loop.callSoon(loop::stop));
        loop.runForever();
        o.finish(2);
    }

    @Test
    void exceptionInADoneCallbackGoesToTheHandlerAndLaterCallbacksStillRun(Ordering o, EventLoop loop,
                                                                          io.asyncio4j.engine.testing.TestLoops loops) {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(x -> {
            o.expect(1);
            throw new IllegalStateException("cb failed");
        });
        f.addDoneCallback(x -> {
            loop.stop();
            o.expect(2);
        });
        f.setResult("x");
        loop.runForever();
        var errors = loops.takeLoopErrors();
        assertEquals(1, errors.size());
        assertEquals("cb failed", ((Throwable) errors.get(0).get("exception")).getMessage());
        o.finish(3);
    }

    @Test
    void jdkQueriesFollowTheAsyncioStateAtOnce(EventLoop loop) {
        Future<Integer> f = loop.createFuture();
        assertEquals(-1, f.getNow(-1));
        assertFalse(f.isDone());
        assertTrue(f.complete(7)); // on the loop thread: acts at once
        assertTrue(f.isDone());
        assertFalse(f.isCompletedExceptionally());
        assertEquals(7, f.getNow(-1));
        assertEquals(7, f.join());
        assertFalse(f.complete(8));
        assertEquals(7, f.result());

        Future<Integer> g = loop.createFuture();
        assertTrue(g.completeExceptionally(new ArithmeticException("div")));
        assertTrue(g.isCompletedExceptionally());
        assertInstanceOf(ArithmeticException.class, g.exception());
        CompletionException ce = assertThrows(CompletionException.class, g::join);
        assertInstanceOf(ArithmeticException.class, ce.getCause());
        ExecutionException ee = assertThrows(ExecutionException.class, g::get);
        assertInstanceOf(ArithmeticException.class, ee.getCause());

        Future<Integer> h = loop.createFuture();
        assertTrue(h.cancel(true));
        assertTrue(h.isCancelled());
        assertTrue(h.cancelled());
        assertTrue(h.isCompletedExceptionally());
        assertThrows(CancellationException.class, h::join);
        assertThrows(CancelledError.class, () -> h.getNow(0));
        assertFalse(h.cancel(false));
        assertThrows(UnsupportedOperationException.class, () -> h.obtrudeValue(1));
    }

    @Test
    void joinAndGetFromAnotherThreadWhileTheLoopRuns(Ordering o, EventLoop loop) throws InterruptedException {
        Future<Integer> f = loop.createFuture();
        Future<Integer> g = loop.createFuture();
        AtomicReference<Object> joined = new AtomicReference<>();
        AtomicReference<Object> got = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            joined.set(f.join());
            try {
                g.get(30, TimeUnit.SECONDS);
            } catch (Throwable e) {
                got.set(e);
            }
        }, "blocked-waiter");
        loop.runUntilComplete(() -> {
            o.expect(1);
            waiter.start();
            awaitBlocked(waiter); // the other thread really waits on the pending future
            f.setResult(42);
            return f.thenCompose(x -> {
                o.expect(2);
                awaitBlocked(waiter); // now blocked in g.get()
                g.setException(new IllegalStateException("g failed"));
                return g.exceptionally(e -> null);
            });
        });
        waiter.join(10_000);
        assertEquals(42, joined.get());
        assertInstanceOf(ExecutionException.class, got.get());
        assertEquals("g failed", ((Throwable) got.get()).getCause().getMessage());
        o.finish(3);
    }

    @Test
    void completeAndCancelFromAnotherThreadHopToTheLoop(Ordering o, EventLoop loop) throws InterruptedException {
        Future<Integer> f = loop.createFuture();
        Future<Integer> c = loop.createFuture();
        AtomicReference<Boolean> completed = new AtomicReference<>();
        int r = loop.runUntilComplete(() -> {
            Thread t = new Thread(() -> {
                completed.set(f.complete(5));
                c.cancel(true);
            });
            t.start();
            return f.thenApply(x -> {
                o.expect(1);
                assertSame(loop, io.asyncio4j.engine.loop.Events.getRunningLoop()); // continuation on the loop thread
                return x;
            }).thenCompose(x -> c.handle((v, e) -> {
                o.expect(2);
                assertInstanceOf(CancellationException.class, io.asyncio4j.Asyncio.unwrap(e));
                return x;
            }));
        });
        assertEquals(5, r);
        assertTrue(completed.get());
        assertTrue(c.cancelled());
        o.finish(3);
    }

    @Test
    void blockingOnAPendingFutureFromItsLoopThreadFailsAtOnce(Ordering o, EventLoop loop) {
        Future<Integer> f = loop.createFuture();
        loop.runUntilComplete(() -> {
            o.expect(1);
            IllegalStateException e = assertThrows(IllegalStateException.class, f::join);
            assertTrue(e.getMessage().startsWith("join() on a pending future from its event loop's own thread"), e.getMessage());
            assertThrows(IllegalStateException.class, f::get);
            assertThrows(IllegalStateException.class, () -> f.get(1, TimeUnit.SECONDS));
            f.setResult(1);
            assertEquals(1, f.join()); // done: no blocking, fine
            return CompletableFuture.completedFuture(null);
        });
        o.finish(2);
    }

    @Test
    void awaitingADoneFutureContinuesInTheSameStep(Ordering o, EventLoop loop) {
        Future<String> done = loop.createFuture();
        done.setResult("ready");
        loop.runUntilComplete(() -> {
            o.expect(1);
            loop.callSoon(() -> o.expect(4)); // would run in between if awaiting yielded
            CompletableFuture<String> next = done.thenApply(x -> {
                o.expect(2);
                return x + "!";
            });
            o.expect(3);
            assertTrue(next.isDone());
            return next.thenCompose(x -> io.asyncio4j.Asyncio.sleep(0));
        });
        o.finish(5);
    }

    @Test
    void awaitingAPendingFutureResumesOneIterationAfterItCompletes(Ordering o, EventLoop loop) {
        Future<String> f = loop.createFuture();
        loop.runUntilComplete(() -> {
            o.expect(1);
            loop.callSoon(() -> {
                o.expect(2);
                f.setResult("x");
                loop.callSoon(() -> o.expect(4));
            });
            return f.thenRun(() -> o.expect(3));
        });
        o.finish(5);
    }

    @Test
    // Bounded: without the fix the chain ended off the loop and the loop waited forever.
    @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void asyncContinuationsWithoutAnExecutorRunOnTheLoopOneIterationLater(Ordering o, EventLoop loop) {
        // thenApplyAsync(fn) & co. must not run fn in the JDK's common pool (fn could not use the loop there, and
        // the task's chain used to end off the loop and hang): fn is a loop callback, one iteration later, with
        // the task current.
        Thread loopThread = Thread.currentThread();
        String r = loop.runUntilComplete(() -> {
            io.asyncio4j.engine.task.Task<?> self = io.asyncio4j.Asyncio.currentTask();
            o.expect(1);
            return io.asyncio4j.Asyncio.sleep(0).thenApply(x -> {
                o.expect(2);
                loop.callSoon(() -> o.expect(3)); // scheduled before the async hop: runs first
                return "a";
            }).thenApplyAsync(x -> {
                o.expect(4);
                assertSame(loopThread, Thread.currentThread());
                assertSame(self, io.asyncio4j.Asyncio.currentTask());
                return x + "b";
            }).thenComposeAsync(x -> io.asyncio4j.Asyncio.sleep(1, x + "c"))
                    .exceptionallyAsync(e -> "not reached")
                    .thenCombineAsync(io.asyncio4j.Asyncio.sleep(2, "d"), String::concat);
        });
        assertEquals("abcd", r);
        assertEquals(2.0, loop.time());
        o.finish(5);
    }

    @Test
    // Bounded: without the fix the chain ended off the loop and the loop waited forever.
    @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void asyncContinuationOnAnExecutorStillEndsTheTaskOnTheLoop(Ordering o, EventLoop loop) throws InterruptedException {
        Thread loopThread = Thread.currentThread();
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "side-pool"));
        try {
            io.asyncio4j.engine.task.Task<String> t = loop.createTask(() -> io.asyncio4j.Asyncio.sleep(1)
                    .thenApplyAsync(x -> {
                        o.expect(1);
                        assertEquals("side-pool", Thread.currentThread().getName());
                        return "off the loop";
                    }, pool));
            t.addDoneCallback(f -> {
                o.expect(2);
                assertSame(loopThread, Thread.currentThread(), "the task completes on its loop's thread");
            });
            assertEquals("off the loop", loop.runUntilComplete(t));
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        o.finish(3);
    }

    @Test
    // Bounded: without the fix the chain ended off the loop and the loop waited forever.
    @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void cancellingATaskReachesAFutureAwaitedThroughAnAsyncCompose(Ordering o, EventLoop loop) {
        Future<String> inner = loop.createFuture();
        io.asyncio4j.engine.task.Task<String> t = loop.createTask(() -> io.asyncio4j.Asyncio.sleep(0)
                .thenComposeAsync(x -> {
                    o.expect(1);
                    return inner;
                }));
        loop.runUntilComplete(() -> io.asyncio4j.Asyncio.sleep(0).thenCompose(x -> io.asyncio4j.Asyncio.sleep(0)));
        assertTrue(t.cancel("stop"));
        assertTrue(inner.cancelled(), "the task waits on the future its async compose returned");
        assertEquals("stop", assertThrows(CancelledError.class, () -> loop.runUntilComplete(t)).getMessage());
        o.finish(2);
    }

    static void awaitBlocked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("thread never blocked: " + t.getState());
            }
            Thread.onSpinWait();
        }
    }
}
