package io.asyncio4j.core;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.sync.Condition;
import io.asyncio4j.engine.sync.Event;
import io.asyncio4j.engine.sync.Lock;
import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.sync.Semaphore;
import io.asyncio4j.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Behaviours checked against CPython 3.12/3.13 (issue 12): asCompleted's "next completion when awaited", the
 * number of Condition.waitFor predicate calls and its value form, loop-bound methods refusing a foreign thread
 * before they change anything, and completing a future of a closed loop.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FidelityTest {

    private static <T> CompletionStage<T> after(double delay, T value) {
        return sleep(delay).thenApply(x -> value);
    }

    /**
     * CPython: {@code its = list(as_completed([slow, fast])); print(await its[1], await its[0])} prints
     * "fast slow": the iterator's second item, awaited first, gets the first completion.
     */
    @Test
    void asCompletedGivesTheNextCompletionToWhicheverIsAwaitedFirst() {
        EventLoop loop = newVirtualTimeEventLoop();
        try {
            String out = loop.runUntilComplete(() -> {
                Task<String> slow = createTask(() -> after(0.2, "slow"));
                Task<String> fast = createTask(() -> after(0.1, "fast"));
                List<Future<String>> its = new ArrayList<>();
                for (Future<String> f : asCompleted(List.of(slow, fast)).futures()) {
                    its.add(f);
                }
                return its.get(1).thenCompose(second -> its.get(0).thenApply(first -> second + " " + first));
            });
            assertEquals("fast slow", out);
        } finally {
            loop.close();
        }
    }

    /** The 3.13 async-iteration form (next()) is lazy the same way; a cancelled wait takes nothing. */
    @Test
    void asCompletedNextIsLazyAndACancelledWaitLeavesItsCompletionToTheNext() {
        EventLoop loop = newVirtualTimeEventLoop();
        try {
            String out = loop.runUntilComplete(() -> {
                Task<String> a = createTask(() -> after(0.1, "a"));
                Task<String> b = createTask(() -> after(0.2, "b"));
                var ac = asCompleted(List.of(a, b));
                Future<Future<String>> n1 = ac.next();
                Future<Future<String>> n2 = ac.next();
                n1.cancel(); // never awaited: takes nothing
                return n2.thenCompose(f -> b.thenApply(x -> f.result()));
            });
            assertEquals("a", out);
        } finally {
            loop.close();
        }
    }

    /**
     * CPython: wait_for with a predicate None, then False, then 'x' calls it 3 times and returns 'x'. (Java's
     * truthiness here: not null and not Boolean.FALSE; a 0 counts as true.)
     */
    @Test
    void waitForCallsThePredicateOnceBeforeWaitingAndOncePerWakeUpAndReturnsItsValue() {
        EventLoop loop = newVirtualTimeEventLoop();
        try {
            Condition cond = new Condition();
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<Object> state = new AtomicReference<>();
            Supplier<Object> predicate = () -> {
                calls.incrementAndGet();
                return state.get();
            };
            Object result = loop.runUntilComplete(() -> {
                createTask(() -> setLater(cond, state, Boolean.FALSE).thenCompose(x -> setLater(cond, state, "x")));
                return cond.withLock(() -> cond.waitFor(predicate));
            });
            assertEquals("x", result);
            assertEquals(3, calls.get());

            // The BooleanSupplier form counts the same: false, false, true.
            calls.set(0);
            state.set(null);
            Boolean done = loop.runUntilComplete(() -> {
                createTask(() -> setLater(cond, state, Boolean.FALSE).thenCompose(x -> setLater(cond, state, "x")));
                return cond.withLock(() -> cond.waitFor(() -> {
                    calls.incrementAndGet();
                    return "x".equals(state.get());
                }));
            });
            assertTrue(done);
            assertEquals(3, calls.get());
            // Boolean.FALSE does not count as true; the value form completes with the first truthy value.
            state.set(Boolean.FALSE);
            Object value = loop.runUntilComplete(() -> {
                createTask(() -> setLater(cond, state, Boolean.TRUE));
                return cond.withLock(() -> cond.waitFor((Supplier<Object>) state::get));
            });
            assertEquals(Boolean.TRUE, value);
        } finally {
            loop.close();
        }
    }

    private static CompletionStage<Void> setLater(Condition cond, AtomicReference<Object> state, Object value) {
        return sleep(0.01).thenCompose(x -> cond.withLock(() -> {
            state.set(value);
            cond.notifyAllWaiters();
            return sleep(0);
        }));
    }

    /** ReturnWhen is a Java enum; asyncio's spelling parses, anything else gets asyncio.wait's ValueError wording. */
    @Test
    void returnWhenIsAJavaEnumWithAsyncioWording() {
        assertTrue(io.asyncio4j.engine.task.ReturnWhen.class.isEnum());
        assertTrue(io.asyncio4j.engine.subprocess.Stdio.class.isEnum());
        assertEquals(io.asyncio4j.engine.task.ReturnWhen.FIRST_EXCEPTION,
                io.asyncio4j.engine.task.ReturnWhen.of("FIRST_EXCEPTION"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> io.asyncio4j.engine.task.ReturnWhen.of("bogus"));
        assertEquals("Invalid return_when value: bogus", e.getMessage()); // CPython 3.12/3.13: ValueError(...)
        assertEquals("returnWhen must not be null", assertThrows(NullPointerException.class,
                () -> io.asyncio4j.engine.task.ReturnWhen.of(null)).getMessage());
        assertEquals("returnWhen must not be null", assertThrows(NullPointerException.class,
                () -> Asyncio.wait(List.of(), (io.asyncio4j.engine.task.ReturnWhen) null)).getMessage());
    }

    /** What a foreign thread gets when it calls a loop-bound method: the exception, nothing changed. */
    private static String fromAnotherThread(Runnable call) throws Exception {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                call.run();
            } catch (Throwable e) {
                error.set(e);
            }
        });
        t.start();
        t.join(5000);
        assertFalse(t.isAlive());
        assertNotNull(error.get(), "the call from another thread was refused");
        assertInstanceOf(IllegalStateException.class, error.get());
        return error.get().getMessage();
    }

    /**
     * Event.set, Queue.putNowait, Lock.release, Semaphore.release from a foreign thread: refused before any
     * state change, so the waiter is still waiting and a later correct (thread-safe) call wakes it.
     */
    @Test
    void loopBoundMethodsRefuseAForeignThreadBeforeChangingState() {
        EventLoop loop = newEventLoop();
        try {
            String out = loop.runUntilComplete(() -> {
                Event event = new Event();
                Queue<String> queue = new Queue<>();
                Lock lock = new Lock();
                Semaphore sem = new Semaphore(0);
                Task<Boolean> eventWaiter = createTask(() -> event.await());
                Task<String> getter = createTask(() -> queue.get());
                Task<Boolean> semWaiter = createTask(() -> sem.acquire());
                return lock.acquire().thenCompose(x -> {
                    Task<Boolean> lockWaiter = createTask(() -> lock.acquire());
                    return sleep(0).thenCompose(y -> toThread(() -> {
                        String m1 = fromAnotherThread(event::set);
                        String m2 = fromAnotherThread(() -> queue.putNowait("item"));
                        String m3 = fromAnotherThread(lock::release);
                        String m4 = fromAnotherThread(sem::release);
                        assertTrue(m1.startsWith("Non-thread-safe operation invoked on an event loop other than"
                                + " the current one: Event.set()"), m1);
                        assertTrue(m2.contains("Queue.putNowait()"), m2);
                        assertTrue(m3.contains("Lock.release()"), m3);
                        assertTrue(m4.contains("Semaphore.release()"), m4);
                        return null;
                    })).thenCompose(y -> {
                        // Nothing changed...
                        assertFalse(event.isSet());
                        assertEquals(0, queue.qsize());
                        assertTrue(lock.locked());
                        assertFalse(eventWaiter.done() || getter.done() || semWaiter.done() || lockWaiter.done());
                        // ...and the correct calls wake every waiter.
                        event.set();
                        queue.putNowait("item");
                        lock.release();
                        sem.release();
                        return gather(eventWaiter, getter, semWaiter, lockWaiter);
                    }).thenApply(results -> results.toString());
                });
            });
            assertEquals("[true, item, true, true]", out);
        } finally {
            loop.close();
        }
    }

    /** asyncio: set_result on a future of a closed loop raises RuntimeError('Event loop is closed') when it has callbacks. */
    @Test
    void completingAFutureOfAClosedLoopFailsLikeCallSoon() {
        EventLoop loop = newEventLoop();
        Future<Integer> quiet = new Future<>(loop);
        Future<Integer> withCallback = new Future<>(loop);
        Future<Integer> withCallback2 = new Future<>(loop);
        Future<Integer> withCallback3 = new Future<>(loop);
        withCallback.addDoneCallback(f -> { });
        withCallback2.addDoneCallback(f -> { });
        withCallback3.addDoneCallback(f -> { });
        loop.close();
        quiet.setResult(1); // no callback to schedule: accepted, as in asyncio
        assertEquals(1, quiet.result());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> withCallback.setResult(1));
        assertEquals("Event loop is closed", e.getMessage());
        assertTrue(withCallback.done(), "asyncio changes the state, then call_soon refuses");
        assertEquals("Event loop is closed",
                assertThrows(IllegalStateException.class, () -> withCallback2.setException(new RuntimeException())).getMessage());
        assertEquals("Event loop is closed",
                assertThrows(IllegalStateException.class, () -> withCallback3.cancel()).getMessage());
        assertEquals("Event loop is closed",
                assertThrows(IllegalStateException.class, () -> quiet.addDoneCallback(f -> { })).getMessage());
    }
}
