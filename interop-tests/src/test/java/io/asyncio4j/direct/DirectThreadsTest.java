package io.asyncio4j.direct;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.testing.AsyncioTestExtension;
import io.asyncio4j.engine.testing.Ordering;
import io.asyncio4j.engine.testing.TestLoops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** await outside a direct coroutine, blocking calls, and the threads of abandoned bodies. */
@ExtendWith(AsyncioTestExtension.class)
class DirectThreadsTest {

    @Test
    void awaitOutsideADirectCoroutineFailsAtOnceSayingWhatToDo(Ordering o, EventLoop loop, TestLoops loops) throws Exception {
        CompletableFuture<Integer> done = CompletableFuture.completedFuture(1);
        IllegalStateException onThisThread = assertThrows(IllegalStateException.class, () -> await(done));
        assertTrue(onThisThread.getMessage().contains("which runs no event loop: start one with run("),
                onThisThread.getMessage());
        AtomicReference<Throwable> inCallback = new AtomicReference<>();
        loops.run(() -> {
            loop.callSoon(() -> inCallback.set(assertThrows(IllegalStateException.class, () -> await(done))));
            // chain-style code (a Coroutine lambda), on the loop thread
            IllegalStateException inChain = assertThrows(IllegalStateException.class, () -> await(done));
            assertTrue(inChain.getMessage().contains("chain on the stage with thenApply/thenCompose"), inChain.getMessage());
            o.expect(1);
            return sleep(0);
        });
        assertTrue(inCallback.get().getMessage().startsWith(
                "await() called outside a direct-style coroutine, on the event loop's thread"), inCallback.get().getMessage());
        // A thread the body starts is not the coroutine: it cannot await.
        loops.run(async(() -> {
            AtomicReference<Throwable> fromThread = new AtomicReference<>();
            Thread t = new Thread(() -> fromThread.set(assertThrows(IllegalStateException.class, () -> await(done))));
            t.start();
            t.join(TimeUnit.SECONDS.toMillis(5));
            assertTrue(fromThread.get().getMessage().contains("runCoroutineThreadsafe"), fromThread.get().getMessage());
            o.expect(2);
        }));
        o.finish(3);
    }

    @Test
    void whileTheBodyRunsItsThreadIsTheLoopsThreadForTheThreadChecks(EventLoop loop, TestLoops loops) {
        loops.run(async(() -> {
            AtomicReference<Throwable> fromThread = new AtomicReference<>();
            Thread t = new Thread(() -> fromThread.set(assertThrows(IllegalStateException.class,
                    () -> loop.callSoon(() -> { }))));
            t.start();
            t.join(TimeUnit.SECONDS.toMillis(5)); // blocks the loop meanwhile: the body holds it
            String m = fromThread.get().getMessage();
            assertTrue(m.startsWith("Non-thread-safe operation invoked on an event loop other than the current one"), m);
            assertTrue(m.contains("while the loop runs in thread 'VirtualThread[#"), m);
            loop.callSoon(() -> { }); // from the body itself: allowed
        }));
    }

    @Test
    void aBlockingCallInTheBodyBlocksTheLoopAndDebugModeReportsIt(Ordering o, EventLoop loop, TestLoops loops) {
        Logger logger = Logger.getLogger("asyncio");
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { messages.add(r.getMessage()); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        boolean parents = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        logger.addHandler(h);
        try {
            loop.setDebug(true);
            loop.setSlowCallbackDuration(0.05);
            loops.run(async(() -> {
                getRunningLoop().callSoon(() -> o.expect(2)); // cannot run while the body blocks
                o.expect(1);
                Thread.sleep(100); // like time.sleep in a coroutine: the whole loop waits
                await(sleep(0));
                o.expect(3);
            }));
        } finally {
            logger.removeHandler(h);
            logger.setUseParentHandlers(parents);
            loop.setDebug(false);
        }
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Executing ") && m.contains(" took ")), messages.toString());
        o.finish(4);
    }

    @Test
    void aBodySuspendedWhenItsLoopClosesEndsAndItsThreadWithIt(Ordering o, TestLoops loops) throws Exception {
        EventLoop loop = loops.newLoop();
        AtomicReference<Thread> thread = new AtomicReference<>();
        loop.runUntilComplete(async(() -> {
            createTask(() -> {
                thread.set(Thread.currentThread());
                try {
                    await(getRunningLoop().createFuture()); // never completes
                } catch (Exception e) {
                    o.expectUnreached(); // not an Exception: catch (Exception) lets it through, as GeneratorExit
                } finally {
                    o.expect(2);
                }
            });
            await(sleep(0));
            o.expect(1);
        }));
        loop.close();
        List<Map<String, Object>> errors = loops.takeLoopErrors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("Task was destroyed but it is pending!", errors.get(0).get("message"));
        thread.get().join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(thread.get().isAlive());
        o.finish(3);
    }

    @Test
    void runCancelsTheTasksLeftOverAndTheirThreadsEnd(Ordering o) throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        String r = run(() -> {
            createTask(() -> {
                thread.set(Thread.currentThread());
                try {
                    await(sleep(3600));
                } catch (CancelledError e) {
                    o.expect(2);
                    throw e;
                }
            });
            await(sleep(0));
            o.expect(1);
            return "main done";
        });
        assertEquals("main done", r);
        thread.get().join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(thread.get().isAlive());
        o.finish(3);
    }

    @Test
    void runPropagatesTheBodysExceptionAsItIs() {
        // A body that always throws fits Coroutine too (the more specific overload): async(...) says it is direct.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(async(() -> {
            await(sleep(0));
            throw new IllegalArgumentException("bad");
        })));
        assertEquals("bad", e.getMessage());
        assertThrows(IllegalStateException.class, () -> run(() -> run(() -> 1)));
    }

    @Test
    void anExceptionNobodyRetrievedIsReportedLikeAChainTasks(EventLoop loop, TestLoops loops) throws Exception {
        WeakReference<Task<?>> lost = failUnseen(loop);
        Map<String, Object> report = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (report == null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            loop.stop();
            loop.runForever();
            for (Map<String, Object> c : loops.takeLoopErrors()) {
                if ("Task exception was never retrieved".equals(c.get("message"))) report = c;
            }
        }
        assertNotNull(report, "no report");
        assertEquals("lost in a direct task", ((Throwable) report.get("exception")).getMessage());
    }

    private static WeakReference<Task<?>> failUnseen(EventLoop loop) {
        Task<Object> t = loop.createTask(async(() -> {
            await(sleep(0));
            throw new IllegalStateException("lost in a direct task");
        }));
        loop.runUntilComplete(async(() -> await(sleep(1))));
        assertTrue(t.done());
        return new WeakReference<>(t);
    }
}
