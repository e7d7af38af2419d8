package io.asyncio4j.waiting;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.toThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default executor's lifecycle under Asyncio.run, and runInExecutor with a plain JDK Executor. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExecutorsFacadeTest {

    /** asyncio.run shuts the lazily made default executor down: its threads are gone when run() returns. */
    @Test
    void asyncioRunShutsTheDefaultExecutorDown() throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        String name = Asyncio.run(() -> toThread(() -> {
            synchronized (workers) {
                workers.add(Thread.currentThread());
            }
            return Thread.currentThread().getName();
        }));
        assertTrue(name.startsWith("asyncio_"), name);
        Thread worker = workers.get(0);
        worker.join(10_000);
        assertFalse(worker.isAlive(), "the default executor's thread outlived Asyncio.run");
        // A second run makes a new default executor.
        Thread second = Asyncio.run(() -> toThread(Thread::currentThread));
        assertNotSame(worker, second);
    }

    /** Any Executor works; the loop does not own one passed explicitly (no shutdown), and results come back. */
    @Test
    void runInExecutorWithAPlainExecutor() {
        AtomicInteger started = new AtomicInteger();
        Executor perCall = r -> {
            started.incrementAndGet();
            Thread t = new Thread(r, "per-call");
            t.setDaemon(true);
            t.start();
        };
        List<Object> r = Asyncio.run(() -> {
            EventLoop loop = getRunningLoop();
            Thread loopThread = Thread.currentThread();
            return loop.runInExecutor(perCall, () -> Thread.currentThread().getName())
                    .thenApply(n -> List.<Object>of(n, Thread.currentThread() == loopThread));
        });
        assertEquals(List.of("per-call", true), r);
        assertEquals(1, started.get());
    }

    /** shutdownDefaultExecutor(): afterwards runInExecutor(null, ...) and toThread fail with asyncio's message. */
    @Test
    void afterShutdownDefaultExecutorToThreadIsRefused() {
        String message = Asyncio.run(() -> getRunningLoop().shutdownDefaultExecutor().thenApply(x ->
                assertThrows(IllegalStateException.class, () -> toThread(() -> 1)).getMessage()));
        assertEquals("Executor shutdown has been called", message);
    }
}
