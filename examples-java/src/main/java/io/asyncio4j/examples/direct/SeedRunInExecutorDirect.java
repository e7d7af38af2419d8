package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import io.asyncio4j.examples.seeds.SeedRunInExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * seed_run_in_executor in direct style (real time: thread pools): the direct task awaits pool work while the loop
 * keeps running; {@code with ThreadPoolExecutor() as pool:} is a try/finally that shuts the pool down.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedRunInExecutor};
 * this program prints its trace ({@code seed_run_in_executor.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_run_in_executor_direct} (Java 21+).
 */
public final class SeedRunInExecutorDirect {
    // blockingIo, cpuBound, slowAdd and failing are style-neutral: shared with the chain program.

    static void ticker(EventLoop loop, double t0) {
        await(sleep(0.1));
        System.out.println("ticker: loop still running " + Py.t(loop.time() - t0));
    }

    /** The end of {@code with pool:}: shut down and wait for the pool. */
    static void close(ExecutorService pool) throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.SECONDS);
    }

    static void main() throws InterruptedException {
        EventLoop loop = getRunningLoop();
        // 1. Run in the default loop's executor:
        Future<byte[]> fut = loop.runInExecutor(null, SeedRunInExecutor::blockingIo);
        Py.print("run_in_executor returns a future:", isFuture(fut));
        byte[] result = await(fut);
        Py.print("default thread pool", result.length, "bytes");

        // 2. Run in a custom thread pool:
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            result = await(loop.runInExecutor(pool, SeedRunInExecutor::blockingIo));
            Py.print("custom thread pool", result.length, "bytes");
        } finally {
            close(pool);
        }

        // 3. "custom process pool" in the seed -> thread pool here:
        ExecutorService pool2 = Executors.newFixedThreadPool(2);
        try {
            int r = await(loop.runInExecutor(pool2, SeedRunInExecutor::cpuBound));
            Py.print("custom pool cpu_bound", r);
            // The loop is not blocked while a pool thread sleeps.
            double t0 = loop.time();
            Task<Void> tick = createTask(() -> ticker(loop, t0));
            r = await(loop.runInExecutor(pool2, () -> SeedRunInExecutor.slowAdd(2, 3)));
            Py.print("slow_add(2, 3) = " + r, Py.t(loop.time() - t0));
            await(tick);
            try {
                await(loop.runInExecutor(pool2, SeedRunInExecutor::failing));
            } catch (IllegalArgumentException e) {
                Py.print("caught " + Py.describe(e));
            }
        } finally {
            close(pool2);
        }
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
