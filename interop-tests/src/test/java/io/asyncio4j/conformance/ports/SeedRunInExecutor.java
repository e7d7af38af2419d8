package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Port of seed_run_in_executor.py (real time: thread pools). */
public final class SeedRunInExecutor {
    static byte[] blockingIo() {
        try (FileInputStream f = new FileInputStream("/dev/urandom")) {
            return f.readNBytes(100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int cpuBound() {
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += i * i;
        }
        return sum;
    }

    static int slowAdd(int a, int b) throws InterruptedException {
        Thread.sleep(200);
        return a + b;
    }

    static Object failing() {
        throw new IllegalArgumentException("bad input"); // Python's ValueError
    }

    static CompletionStage<Void> ticker(EventLoop loop, double t0) {
        return sleep(0.1).thenRun(() -> System.out.println(
                String.format(Locale.ROOT, "ticker: loop still running t=%.1f", loop.time() - t0)));
    }

    static void close(ExecutorService pool) {
        pool.shutdown(); // the with-block's exit waits for the pool
        try {
            pool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static CompletionStage<Void> main() {
        EventLoop loop = getRunningLoop();
        // 1. Run in the default loop's executor:
        Future<byte[]> fut = loop.runInExecutor(null, SeedRunInExecutor::blockingIo);
        System.out.println("run_in_executor returns a future: " + (isFuture(fut) ? "True" : "False"));
        return fut.thenCompose(result -> {
            System.out.println("default thread pool " + result.length + " bytes");
            // 2. Run in a custom thread pool:
            ExecutorService pool = Executors.newCachedThreadPool();
            return loop.runInExecutor(pool, SeedRunInExecutor::blockingIo).thenAccept(r ->
                    System.out.println("custom thread pool " + r.length + " bytes")).whenComplete((x, e) -> close(pool));
        }).thenCompose(x -> {
            // 3. "custom process pool" in the seed -> thread pool here:
            ExecutorService pool = Executors.newFixedThreadPool(2);
            return loop.runInExecutor(pool, SeedRunInExecutor::cpuBound).thenCompose(r -> {
                System.out.println("custom pool cpu_bound " + r);
                // The loop is not blocked while a pool thread sleeps.
                double t0 = loop.time();
                Task<Void> tick = createTask(() -> ticker(loop, t0));
                return loop.runInExecutor(pool, () -> slowAdd(2, 3)).thenCompose(sum -> {
                    System.out.println(String.format(Locale.ROOT, "slow_add(2, 3) = %d t=%.1f", sum, loop.time() - t0));
                    return tick;
                });
            }).thenCompose(y -> loop.runInExecutor(pool, SeedRunInExecutor::failing).handle((r, e) -> {
                if (unwrap(e) instanceof IllegalArgumentException iae) {
                    System.out.println("caught ValueError: " + iae.getMessage());
                    return null;
                }
                throw new AssertionError(e);
            })).whenComplete((y, e) -> close(pool)).thenRun(() -> { });
        });
    }

    public static void main(String[] args) {
        WarmUp.run();
        run(() -> main());
    }
}
