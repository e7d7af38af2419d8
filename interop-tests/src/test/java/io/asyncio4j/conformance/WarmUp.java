package io.asyncio4j.conformance;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
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
