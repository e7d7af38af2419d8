package io.asyncio4j.core;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.Events;
import io.asyncio4j.engine.loop.Handle;
import io.asyncio4j.engine.loop.TimerHandle;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** asyncio's BaseEventLoop rules (test_base_events.py), each schedule written as expect(n) steps. */
@ExtendWith(AsyncioTestExtension.class)
class EventLoopTest {

    @Test
    void callSoonIsFifo(Ordering o, EventLoop loop) {
        o.expect(1);
        loop.callSoon(() -> o.expect(3));
        loop.callSoon(() -> {
            o.expect(4);
            loop.callSoon(() -> o.expect(7)); // scheduled during the batch: next iteration, after 5 and 6
        });
        loop.callSoon(() -> o.expect(5));
        loop.callSoon(() -> o.expect(6));
        loop.callSoon(() -> loop.callSoon(loop::stop));
        o.expect(2);
        loop.runForever();
        o.finish(8);
    }

    @Test
    void timersRunInDeadlineOrderWithTiesInSchedulingOrder(Ordering o, EventLoop loop) {
        double t0 = loop.time();
        loop.callLater(2, () -> o.expect(5));
        loop.callLater(1, () -> o.expect(2));
        loop.callAt(t0 + 1, () -> o.expect(3)); // same deadline as the previous one: scheduled later, runs later
        loop.callLater(1, () -> o.expect(4));
        loop.callAt(t0 + 0.5, () -> o.expect(1));
        loop.callLater(3, () -> {
            o.expect(6);
            assertEquals(t0 + 3, loop.time());
            loop.stop();
        });
        loop.runForever();
        o.finish(7);
    }

    @Test
    void readyCallbacksRunBeforeDueTimers(Ordering o, EventLoop loop) {
        // CPython: call_later(0, a); call_soon(b); call_at(past, c) -> b, c, a (due timers join the ready
        // queue after what is already in it, in deadline order).
        loop.callLater(0, () -> o.expect(3));
        loop.callSoon(() -> o.expect(1));
        loop.callAt(loop.time() - 1, () -> o.expect(2));
        loop.callLater(0, () -> {
            loop.stop();
            o.expect(4);
        });
        loop.runForever();
        o.finish(5);
    }

    @Test
    void timerHandleWhenIsTheAbsoluteDeadline(EventLoop loop) {
        double now = loop.time();
        TimerHandle later = loop.callLater(2.5, () -> { });
        TimerHandle at = loop.callAt(now + 7, () -> { });
        assertEquals(now + 2.5, later.when());
        assertEquals(now + 7, at.when());
        later.cancel();
        at.cancel();
        assertThrows(IllegalArgumentException.class, () -> loop.callLater(Double.NaN, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> loop.callAt(Double.NaN, () -> { }));
    }

    @Test
    void cancelledHandlesNeverRun(Ordering o, EventLoop loop) {
        Handle soon = loop.callSoon(o::expectUnreached);
        TimerHandle timer = loop.callLater(1, o::expectUnreached);
        loop.callSoon(() -> {
            o.expect(1);
            timer.cancel(); // cancelled while in the heap
        });
        soon.cancel();
        assertTrue(soon.cancelled());
        soon.cancel(); // idempotent
        TimerHandle dueNow = loop.callLater(0, o::expectUnreached);
        loop.callSoon(dueNow::cancel); // cancelled after it was made ready: still skipped
        loop.callLater(2, () -> {
            loop.stop();
            o.expect(2);
        });
        loop.runForever();
        assertTrue(timer.cancelled());
        o.finish(3);
    }

    @Test
    void callSoonThreadsafeWakesAnIdleLoop(Ordering o, TestLoops loops) throws InterruptedException {
        EventLoop loop = loops.newRealTimeLoop();
        try {
            wakeIdleLoopFromAnotherThread(o, loop, () -> loop.callSoonThreadsafe(() -> {
                loop.stop();
                o.expect(3);
            }));
            o.finish(4);
        } finally {
            loop.close();
        }
    }

    /**
     * Runs [loop] until another thread, once the loop is idle (parked, only a far watchdog timer left), calls
     * [wake] (step 2; the loop's first callback is step 1). A lost wakeup leaves the loop asleep until the
     * watchdog, which fails the test (bounded).
     */
    private static void wakeIdleLoopFromAnotherThread(Ordering o, EventLoop loop, Runnable wake) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                assertTrue(running.await(10, TimeUnit.SECONDS));
                Thread.sleep(50); // let the loop go idle
                o.expect(2);
                wake.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "waker");
        TimerHandle watchdog = loop.callLater(30, () -> {
            loop.stop();
            o.expectUnreached(); // the wakeup was lost
        });
        loop.callSoon(() -> {
            o.expect(1);
            running.countDown();
        });
        other.start();
        loop.runForever();
        other.join(10_000);
        assertNull(failure.get());
        watchdog.cancel();
    }

    @Test
    void callSoonAndCallSoonThreadsafeShareOneFifoBeforeTheLoopRuns(Ordering o, EventLoop loop) {
        // Set-up thread, loop not running yet: asyncio appends both to the same ready queue, in call order.
        loop.callSoonThreadsafe(() -> o.expect(1));
        loop.callSoon(() -> o.expect(2));
        loop.callSoonThreadsafe(() -> o.expect(3));
        loop.callSoon(() -> {
            loop.stop();
            o.expect(4);
        });
        loop.runForever();
        o.finish(5);
    }

    @Test
    void callSoonThreadsafeBeforeTheLoopRunsIsKept(Ordering o, EventLoop loop) throws InterruptedException {
        Thread t = new Thread(() -> loop.callSoonThreadsafe(() -> {
            loop.stop();
            o.expect(1);
        }));
        t.start();
        t.join();
        loop.runForever();
        o.finish(2);
    }

    @Test
    void stopLetsTheCurrentBatchFinish(Ordering o, EventLoop loop) {
        loop.callSoon(() -> {
            loop.stop();
            o.expect(1);
        });
        loop.callSoon(() -> {
            o.expect(2); // same batch: still runs
            loop.callSoon(() -> o.expect(4)); // next batch: only when the loop runs again
        });
        loop.runForever();
        o.expect(3);
        assertFalse(loop.isRunning());
        loop.callSoon(loop::stop);
        loop.runForever();
        o.finish(5);
    }

    @Test
    void stopBeforeRunForeverRunsOneIteration(Ordering o, EventLoop loop) {
        loop.callSoon(() -> {
            o.expect(1);
            loop.callSoon(() -> o.expect(3));
        });
        loop.stop();
        loop.runForever(); // one iteration, then stops
        o.expect(2);
        loop.callSoon(loop::stop);
        loop.runForever();
        o.finish(4);
    }

    @Test
    void closedLoopRefusesEverythingWithAsyncioWording(TestLoops loops) {
        EventLoop loop = loops.newLoop();
        loop.close();
        loop.close(); // idempotent
        assertTrue(loop.isClosed());
        assertMessage("Event loop is closed", assertThrows(IllegalStateException.class, loop::runForever));
        assertMessage("Event loop is closed", assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(CompletableFuture.completedFuture(1))));
        assertMessage("Event loop is closed", assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(() -> CompletableFuture.completedFuture(1))));
        assertMessage("Event loop is closed", assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { })));
        assertMessage("Event loop is closed", assertThrows(IllegalStateException.class,
                () -> loop.callSoonThreadsafe(() -> { })));
        assertMessage("Event loop is closed", assertThrows(IllegalStateException.class, () -> loop.callLater(1, () -> { })));
        assertMessage("Event loop is closed", assertThrows(IllegalStateException.class, () -> loop.callAt(1, () -> { })));
        assertMessage("Event loop is closed", assertThrows(IllegalStateException.class,
                () -> loop.createTask(() -> CompletableFuture.completedFuture(1))));
    }

    @Test
    void runningARunningLoopFails(Ordering o, EventLoop loop, TestLoops loops) {
        EventLoop other = loops.newLoop();
        try {
            loop.runUntilComplete(() -> {
                o.expect(1);
                assertMessage("This event loop is already running", assertThrows(IllegalStateException.class, loop::runForever));
                assertMessage("This event loop is already running", assertThrows(IllegalStateException.class,
                        () -> loop.runUntilComplete(CompletableFuture.completedFuture(1))));
                assertMessage("This event loop is already running", assertThrows(IllegalStateException.class,
                        () -> loop.runUntilComplete(() -> CompletableFuture.completedFuture(1))));
                // one running loop per thread
                assertMessage("Cannot run the event loop while another loop is running",
                        assertThrows(IllegalStateException.class, other::runForever));
                assertMessage("asyncio.run() cannot be called from a running event loop",
                        assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> CompletableFuture.completedFuture(1))));
                assertThrows(IllegalStateException.class, loop::close, "a running loop cannot be closed");
                assertSame(loop, Events.getRunningLoop());
                assertSame(loop, Asyncio.getEventLoop());
                return CompletableFuture.completedFuture(null);
            });
        } finally {
            other.close();
        }
        assertFalse(loop.isRunning());
        o.finish(2);
    }

    @Test
    void sameLoopCannotRunInTwoThreads(EventLoop loop) throws InterruptedException {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        loop.runUntilComplete(() -> {
            Thread t = new Thread(() -> {
                try {
                    loop.runForever();
                } catch (Throwable e) {
                    seen.set(e);
                }
            });
            t.start();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return CompletableFuture.completedFuture(null);
        });
        assertNotNull(seen.get());
        assertMessage("This event loop is already running", seen.get());
    }

    @Test
    void runningLoopLookups(EventLoop loop) {
        assertMessage("no running event loop", assertThrows(IllegalStateException.class, Events::getRunningLoop));
        assertMessage("no running event loop", assertThrows(IllegalStateException.class, Asyncio::getRunningLoop));
        assertNull(Events.getRunningLoopOrNull());
        Asyncio.setEventLoop(loop);
        try {
            assertSame(loop, Asyncio.getEventLoop());
        } finally {
            Asyncio.setEventLoop(null);
        }
        assertThrows(IllegalStateException.class, Asyncio::getEventLoop);
        assertThrows(IllegalStateException.class, Asyncio::currentTask, "current_task() outside a running loop");
    }

    @Test
    void exceptionEscapingACallbackReachesTheHandlerAndTheLoopGoesOn(Ordering o, EventLoop loop, TestLoops loops) {
        RuntimeException boom = new RuntimeException("boom");
        Runnable failing = () -> {
            o.expect(1);
            throw boom;
        };
        Handle h = loop.callSoon(failing);
        loop.callSoon(() -> {
            loop.stop();
            o.expect(2);
        });
        loop.runForever();
        List<Map<String, Object>> errors = loops.takeLoopErrors();
        assertEquals(1, errors.size());
        Map<String, Object> context = errors.get(0);
        assertSame(boom, context.get("exception"));
        assertSame(h, context.get("handle"));
        assertTrue(String.valueOf(context.get("message")).startsWith("Exception in callback"), context.toString());
        o.finish(3);
    }

    @Test
    void exceptionHandlerApi(Ordering o, TestLoops loops) {
        EventLoop loop = loops.newLoop();
        try {
            loop.setExceptionHandler(null);
            assertNull(loop.getExceptionHandler());
            AtomicReference<Object> got = new AtomicReference<>();
            io.asyncio4j.engine.loop.ExceptionHandler handler = (l, context) -> {
                o.expect(1);
                assertSame(loop, l);
                got.set(context.get("message"));
            };
            loop.setExceptionHandler(handler);
            assertSame(handler, loop.getExceptionHandler());
            loop.callExceptionHandler(Map.of("message", "hello"));
            assertEquals("hello", got.get());

            // The default handler logs through System.Logger "asyncio" at ERROR, with the other keys.
            loop.setExceptionHandler(null);
            try (LogCapture log = new LogCapture()) {
                loop.callExceptionHandler(Map.of("message", "by default", "exception", new RuntimeException("x")));
                loop.defaultExceptionHandler(Map.of("message", "called directly", "extra", 7));
                List<java.util.logging.LogRecord> records = log.records();
                assertEquals(2, records.size());
                assertEquals("by default", records.get(0).getMessage());
                assertEquals(Level.SEVERE, records.get(0).getLevel());
                assertEquals("x", records.get(0).getThrown().getMessage());
                assertEquals("called directly\nextra: 7", records.get(1).getMessage());
            }

            // A failing handler does not propagate: the default handler reports it and the loop goes on.
            loop.setExceptionHandler((l, context) -> {
                o.expect(2);
                throw new IllegalStateException("handler broke");
            });
            try (LogCapture log = new LogCapture()) {
                loop.callSoon(() -> {
                    throw new RuntimeException("first");
                });
                loop.callSoon(() -> {
                    loop.stop();
                    o.expect(3);
                });
                loop.runForever();
                assertEquals(1, log.messages().size());
                String m = log.messages().get(0);
                assertTrue(m.startsWith("Unhandled error in exception handler\ncontext: {message=Exception in callback"), m);
                assertEquals("handler broke", log.records().get(0).getThrown().getMessage());
            }
        } finally {
            loop.close();
        }
        o.finish(4);
    }

    @Test
    void debugModeLogsSlowCallbacks(Ordering o, EventLoop loop) {
        assertFalse(loop.getDebug());
        assertEquals(0.1, loop.getSlowCallbackDuration());
        assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(-1));
        loop.setDebug(true);
        assertTrue(loop.getDebug());
        try (LogCapture log = new LogCapture()) {
            loop.setSlowCallbackDuration(1000); // nothing takes that long
            loop.callSoon(() -> o.expect(1));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertEquals(List.of(), log.messages());

            loop.setSlowCallbackDuration(0); // every callback counts as slow: deterministic
            Runnable named = new Runnable() {
                @Override
                public void run() {
                    o.expect(2);
                }

                @Override
                public String toString() {
                    return "the-slow-one";
                }
            };
            loop.callSoon(named);
            loop.callSoon(loop::stop);
            loop.runForever();
            List<java.util.logging.LogRecord> records = log.records();
            assertEquals(2, records.size(), log.messages().toString());
            assertEquals(Level.WARNING, records.get(0).getLevel());
            String m = records.get(0).getMessage();
            assertTrue(m.startsWith("Executing <Handle the-slow-one> took ") && m.endsWith(" seconds"), m);
        }
        o.finish(3);
    }

    @Test
    void debugModeFromTheSystemProperty(TestLoops loops) {
        String before = System.getProperty("asyncio4j.debug");
        System.setProperty("asyncio4j.debug", "true");
        try {
            EventLoop loop = loops.newLoop();
            assertTrue(loop.getDebug(), "asyncio4j.debug=true, like PYTHONASYNCIODEBUG");
            loop.close();
        } finally {
            if (before == null) {
                System.clearProperty("asyncio4j.debug");
            } else {
                System.setProperty("asyncio4j.debug", before);
            }
        }
        EventLoop plain = loops.newLoop();
        assertEquals(before != null && before.equals("true"), plain.getDebug());
        plain.close();
    }

    @Test
    void nonThreadsafeCallsFromAnotherThreadFail(Ordering o, EventLoop loop) {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        loop.runUntilComplete(() -> {
            o.expect(1);
            Thread t = new Thread(() -> {
                try {
                    loop.callSoon(o::expectUnreached);
                } catch (Throwable e) {
                    seen.set(e);
                }
            }, "intruder");
            t.start();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return CompletableFuture.completedFuture(null);
        });
        Throwable e = seen.get();
        assertTrue(e instanceof IllegalStateException, String.valueOf(e));
        assertTrue(e.getMessage().startsWith("Non-thread-safe operation invoked on an event loop other than the current "
                + "one: callSoon() called from thread 'intruder'"), e.getMessage());
        o.finish(2);
    }

    @Test
    void virtualTimeJumpsOverLongSleeps(Ordering o, EventLoop loop) {
        double t0 = loop.time();
        long wall = System.nanoTime();
        String r = loop.runUntilComplete(() -> {
            o.expect(1);
            return Asyncio.sleep(3600, "slept").thenApply(x -> {
                o.expect(2);
                assertEquals(t0 + 3600, loop.time());
                return x;
            });
        });
        assertEquals("slept", r);
        assertEquals(t0 + 3600, loop.time());
        // An hour of virtual time took (far) less than an hour of real time.
        assertTrue(System.nanoTime() - wall < TimeUnit.MINUTES.toNanos(10));
        o.finish(3);
    }

    @Test
    void asyncioRunRunsOnANewLoopAndClosesIt(Ordering o) {
        AtomicReference<EventLoop> used = new AtomicReference<>();
        int r = Asyncio.run(() -> {
            o.expect(1);
            used.set(Asyncio.getRunningLoop());
            return Asyncio.sleep(0, 5);
        });
        assertEquals(5, r);
        assertTrue(used.get().isClosed());
        assertNull(Events.getRunningLoopOrNull());
        o.finish(2);
    }

    @Test
    void badArgumentsFailAtOnceNamingTheArgument(EventLoop loop) {
        assertNamesArgument("callback", assertThrows(NullPointerException.class, () -> loop.callSoon(null)));
        assertNamesArgument("callback", assertThrows(NullPointerException.class, () -> loop.callSoonThreadsafe(null)));
        assertNamesArgument("callback", assertThrows(NullPointerException.class, () -> loop.callLater(1, null)));
        assertNamesArgument("callback", assertThrows(NullPointerException.class, () -> loop.callAt(1, null)));
        assertNamesArgument("coro", assertThrows(NullPointerException.class, () -> loop.createTask(null)));
        assertNamesArgument("coro", assertThrows(NullPointerException.class, () -> Asyncio.run((io.asyncio4j.engine.task.Coroutine<Object>) null)));
        assertMessage("delay must not be NaN",
                assertThrows(IllegalArgumentException.class, () -> loop.callLater(Double.NaN, () -> { })));
        assertMessage("when must not be NaN",
                assertThrows(IllegalArgumentException.class, () -> loop.callAt(Double.NaN, () -> { })));
    }

    @Test
    void negativeDelaysAreDueAtOnceAfterTheReadyCallbacks(Ordering o, EventLoop loop) {
        // asyncio accepts a negative delay: the timer is already due, so it runs on the next iteration after
        // the callbacks that were ready before it (no error, no clock movement).
        // CPython: call_later(-5, a); call_soon(s); call_later(-10, c); call_soon(stop) -> s, c, a
        loop.callLater(-5, () -> o.expect(3));
        loop.callSoon(() -> o.expect(1));
        loop.callLater(-10, () -> o.expect(2)); // the earlier deadline first, whatever the scheduling order
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(0.0, loop.time());
        o.finish(4);
    }

    @Test
    void everyNonThreadsafeCallFromAnotherThreadFailsNamingTheMethod(EventLoop loop) {
        io.asyncio4j.engine.future.Future<Integer> f = loop.createFuture();
        java.util.Map<String, Throwable> seen = new java.util.LinkedHashMap<>();
        loop.runUntilComplete(() -> {
            Thread t = new Thread(() -> {
                record(seen, "callLater", () -> loop.callLater(1, () -> { }));
                record(seen, "callAt", () -> loop.callAt(1, () -> { }));
                record(seen, "createTask", () -> loop.createTask(() -> CompletableFuture.completedFuture(1)));
                record(seen, "Task", () -> new io.asyncio4j.engine.task.Task<>(loop,
                        () -> CompletableFuture.completedFuture(1)));
                record(seen, "setResult", () -> f.setResult(1));
                record(seen, "cancel", () -> f.cancel("no"));
                record(seen, "addDoneCallback", () -> f.addDoneCallback(x -> { }));
                record(seen, "runInExecutor", () -> loop.runInExecutor(null, () -> 1));
            }, "intruder");
            t.start();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return CompletableFuture.completedFuture(null);
        });
        assertEquals(8, seen.size(), seen.toString());
        seen.forEach((method, e) -> {
            assertInstanceOf(IllegalStateException.class, e, method);
            assertTrue(e.getMessage().startsWith("Non-thread-safe operation invoked on an event loop other than the "
                    + "current one: " + method + "() called from thread 'intruder'"), e.getMessage());
        });
        assertFalse(f.done(), "nothing reached the future");
        assertEquals(java.util.Set.of(), loop.allTasks(), "no task was registered");
        f.cancel();
    }

    private static void record(java.util.Map<String, Throwable> seen, String method, Runnable call) {
        try {
            call.run();
            seen.put(method, new AssertionError(method + " was accepted from another thread"));
        } catch (Throwable e) {
            seen.put(method, e);
        }
    }

    private static void assertNamesArgument(String argument, Throwable e) {
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains(argument), e.getMessage());
    }

    @Test
    void stopFromAnotherThreadWakesAnIdleLoop(Ordering o, TestLoops loops) throws InterruptedException {
        EventLoop loop = loops.newRealTimeLoop();
        try {
            wakeIdleLoopFromAnotherThread(o, loop, loop::stop);
            o.finish(3);
        } finally {
            loop.close();
        }
    }

    static void assertMessage(String expected, Throwable e) {
        assertEquals(expected, e.getMessage());
    }

    /** A default handler that itself fails is reported through System.Logger "asyncio", as asyncio's logger.error. */
    @Test
    void failingDefaultHandlerIsLoggedNotPrinted() {
        EventLoop loop = new EventLoop();
        Object unprintable = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no repr");
            }
        };
        try (LogCapture log = new LogCapture()) {
            loop.callExceptionHandler(Map.of("message", "m", "extra", unprintable));
            List<java.util.logging.LogRecord> records = log.records();
            assertEquals(1, records.size());
            assertEquals("Exception in default exception handler", records.get(0).getMessage());
            assertEquals("no repr", records.get(0).getThrown().getMessage());
        } finally {
            loop.close();
        }
    }
}
