package io.asyncio4j.mistakes;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.sync.Barrier;
import io.asyncio4j.engine.sync.Condition;
import io.asyncio4j.engine.sync.Event;
import io.asyncio4j.engine.sync.Lock;
import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.sync.Semaphore;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Blocking the loop's own thread on a pending stage fails at once, whatever the stage: Futures and Tasks, the
 * stages derived from them, the coroutine stages of the sync primitives, waitFor/timeout, openConnection, and
 * runCoroutineThreadsafe's JDK future. Every wait is bounded (assertTimeoutPreemptively): a regression that
 * parks the loop thread fails the test instead of hanging the build.
 */
class BlockingOnTheLoopTest {
    private static final String MESSAGE = "on a pending future from its event loop's own thread would block the loop forever";

    /** Runs each stage maker on a running loop and checks join(), get() and get(timeout) all refuse at once. */
    private static void assertEveryBlockingWaitRefused(Map<String, Supplier<CompletionStage<?>>> makers) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            EventLoop loop = newEventLoop();
            try {
                loop.runUntilComplete(loop.createTask(() -> {
                    for (Map.Entry<String, Supplier<CompletionStage<?>>> e : makers.entrySet()) {
                        CompletableFuture<?> stage = e.getValue().get().toCompletableFuture();
                        assertFalse(stage.isDone(), e.getKey() + " should still be pending");
                        for (String method : new String[]{"join", "get", "getTimed"}) {
                            IllegalStateException ex = assertThrows(IllegalStateException.class, () -> {
                                switch (method) {
                                    case "join" -> stage.join();
                                    case "get" -> stage.get();
                                    default -> stage.get(30, TimeUnit.SECONDS);
                                }
                            }, e.getKey() + "." + method);
                            assertTrue(ex.getMessage().contains(MESSAGE), e.getKey() + ": " + ex.getMessage());
                        }
                        assertNull(((CompletableFuture<Object>) stage).getNow(null), "getNow does not block");
                    }
                    // runCoroutineThreadsafe's tasks start one iteration later: cancel twice.
                    for (var t : allTasks()) if (t != currentTask()) t.cancel();
                    return sleep(0).thenCompose(x -> {
                        for (var t : allTasks()) if (t != currentTask()) t.cancel();
                        return sleep(0);
                    });
                }));
            } finally {
                loop.close();
            }
        });
    }

    @Test
    void derivedStagesOfFuturesAndTasks() {
        Map<String, Supplier<CompletionStage<?>>> m = new LinkedHashMap<>();
        m.put("sleep.thenApply", () -> sleep(5).thenApply(x -> 1));
        m.put("sleep.thenCompose", () -> sleep(5).thenCompose(x -> sleep(1)));
        m.put("sleep.thenRun.thenAccept", () -> sleep(5).thenRun(() -> { }).thenAccept(x -> { }));
        m.put("sleep.handle", () -> sleep(5).handle((v, e) -> 1));
        m.put("sleep.whenComplete", () -> sleep(5).whenComplete((v, e) -> { }));
        m.put("sleep.exceptionally", () -> sleep(5).exceptionally(e -> null));
        m.put("task.thenApply", () -> createTask(() -> sleep(5)).thenApply(x -> 2));
        m.put("sleep.thenApplyAsync", () -> sleep(5).thenApplyAsync(x -> 3));
        m.put("sleep.thenCombine", () -> sleep(5).thenCombine(sleep(6), (a, b) -> 4));
        m.put("toCompletableFuture.thenApply", () -> sleep(5).toCompletableFuture().thenApply(x -> 5));
        assertEveryBlockingWaitRefused(m);
    }

    @Test
    void coroutineStagesOfTheApi() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, Supplier<CompletionStage<?>>> m = new LinkedHashMap<>();
            m.put("Queue.get", () -> new Queue<Integer>().get());
            m.put("Queue.put (full)", () -> {
                Queue<Integer> q = new Queue<>(1);
                q.putNowait(1);
                return q.put(2);
            });
            m.put("Semaphore.acquire", () -> new Semaphore(0).acquire());
            m.put("Lock.acquire (held)", () -> {
                Lock lock = new Lock();
                return lock.acquire().thenCompose(x -> lock.acquire());
            });
            m.put("Queue.join", () -> {
                Queue<Integer> q = new Queue<>();
                q.putNowait(1);
                return q.join();
            });
            m.put("Barrier.await", () -> new Barrier(2).await());
            m.put("Condition.await", () -> {
                Condition c = new Condition();
                return c.acquire().thenCompose(x -> c.await());
            });
            m.put("Event.await", () -> new Event().await());
            m.put("waitFor", () -> waitFor(sleep(5), 3.0));
            m.put("waitFor(coroutine)", () -> waitFor(() -> sleep(5), 3.0));
            m.put("timeout", () -> timeout(3.0, () -> sleep(5)));
            m.put("gather", () -> gather(sleep(5)));
            m.put("toThread", () -> toThread(() -> sleepQuietly(300)));
            m.put("openConnection", () -> openConnection("127.0.0.1", listener.getLocalPort()));
            m.put("runCoroutineThreadsafe", () -> runCoroutineThreadsafe(() -> sleep(5), getRunningLoop()));
            m.put("runCoroutineThreadsafe.thenApply",
                    () -> runCoroutineThreadsafe(() -> sleep(5), getRunningLoop()).thenApply(x -> 1));
            assertEveryBlockingWaitRefused(m);
        }
    }

    @Test
    void aDoneStageStillAnswersOnTheLoopThread() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Integer r = run(() -> {
                CompletableFuture<Integer> done = sleep(0).thenApply(x -> 7).toCompletableFuture();
                return sleep(0.01).thenApply(x -> done.join() + done.getNow(0));
            });
            assertEquals(14, r);
        });
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
