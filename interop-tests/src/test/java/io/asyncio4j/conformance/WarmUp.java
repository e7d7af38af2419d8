package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Loads and links the classes a real-time program uses (loop, tasks, futures, executors, a loop in another
 * thread, formatting); ConformanceTest runs it before each real-time program, so JVM start-up does not show as
 * elapsed time in the trace. Prints nothing.
 */
final class WarmUp {
    private WarmUp() {
    }

    /**
     * {@link #run()}, then the direct-style paths (Java 21+): direct tasks on virtual threads handing the baton to
     * a loop, awaiting sleeps, pool work and a loop in another thread.
     */
    static void runDirect() {
        run();
        EventLoop other = newEventLoop();
        Thread thread = new Thread(other::runForever, "warm-up-direct-loop");
        thread.setDaemon(true);
        thread.start();
        try {
            for (int round = 0; round < 3; round++) {
                Asyncio.run(() -> {
                    Task<Integer> t = createTask(() -> {
                        Asyncio.await(sleep(0.001));
                        return 1;
                    });
                    int remote = Asyncio.await(wrapFuture(runCoroutineThreadsafe(() -> Asyncio.await(sleep(0.001, 2)), other)));
                    int pooled = Asyncio.await(toThread(() -> 3));
                    List<Integer> both = Asyncio.await(gather(() -> Asyncio.await(sleep(0, 4)), () -> 5));
                    return Asyncio.await(t) + remote + pooled + both.size();
                });
            }
            other.callSoonThreadsafe(other::stop);
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!other.isRunning()) {
                other.close();
            }
        }
    }

    static void run() {
        String.format(Locale.ROOT, "t=%.1f %d %s", 0.0, 1, "x");
        EventLoop other = newEventLoop();
        Thread thread = new Thread(other::runForever, "warm-up-loop");
        thread.setDaemon(true);
        thread.start();
        EventLoop loop = newEventLoop();
        try {
            loop.runUntilComplete(() -> {
                CompletableFuture<Integer> remote = runCoroutineThreadsafe(() -> sleep(0.001, 1), other);
                return gather(List.of(wrapFuture(remote), toThread(() -> 2), createTask(() -> sleep(0.001, 3))))
                        .thenCompose(x -> Asyncio.wait(List.of(createTask(() -> sleep(0, 4)))));
            });
            loop.runUntilComplete(loop.shutdownDefaultExecutor());
            other.callSoonThreadsafe(other::stop);
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.close();
            if (!other.isRunning()) {
                other.close();
            }
        }
    }
}
