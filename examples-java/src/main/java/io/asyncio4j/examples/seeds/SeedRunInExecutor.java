package io.asyncio4j.examples.seeds;

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

/**
 * seed_run_in_executor: run_in_executor on the default pool and on a given pool, beside a ticking coroutine (real time).
 *
 * <p>The Python original, {@code seed_run_in_executor.py}; this program prints its trace byte for byte
 * ({@code seed_run_in_executor.expected}). Run it with {@code -Dexamples=seed_run_in_executor}.
 * <pre>
 * import asyncio
 * import concurrent.futures
 * import time
 *
 *
 * def blocking_io():
 *     with open('/dev/urandom', 'rb') as f:
 *         return f.read(100)
 *
 *
 * def cpu_bound():
 *     return sum(i * i for i in range(5))
 *
 *
 * def slow_add(a, b):
 *     time.sleep(0.2)
 *     return a + b
 *
 *
 * def failing():
 *     raise ValueError('bad input')
 *
 *
 * async def ticker(loop, t0):
 *     await asyncio.sleep(0.1)
 *     print(f'ticker: loop still running t={loop.time() - t0:.1f}')
 *
 *
 * async def main():
 *     loop = asyncio.get_running_loop()
 *
 *     # 1. Run in the default loop's executor:
 *     fut = loop.run_in_executor(None, blocking_io)
 *     print('run_in_executor returns a future:', asyncio.isfuture(fut))
 *     result = await fut
 *     print('default thread pool', len(result), 'bytes')
 *
 *     # 2. Run in a custom thread pool:
 *     with concurrent.futures.ThreadPoolExecutor() as pool:
 *         result = await loop.run_in_executor(pool, blocking_io)
 *         print('custom thread pool', len(result), 'bytes')
 *
 *     # 3. "custom process pool" in the seed -&gt; thread pool here:
 *     with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
 *         result = await loop.run_in_executor(pool, cpu_bound)
 *         print('custom pool cpu_bound', result)
 *
 *         # The loop is not blocked while a pool thread sleeps.
 *         t0 = loop.time()
 *         tick = asyncio.create_task(ticker(loop, t0))
 *         result = await loop.run_in_executor(pool, slow_add, 2, 3)
 *         print(f'slow_add(2, 3) = {result} t={loop.time() - t0:.1f}')
 *         await tick
 *
 *         try:
 *             await loop.run_in_executor(pool, failing)
 *         except ValueError as e:
 *             print(f'caught {type(e).__name__}: {e}')
 *
 *
 * asyncio.run(main())
 * </pre>
 */
public final class SeedRunInExecutor {
    /** File I/O that would block the loop (shared with SeedRunInExecutorDirect). */
    public static byte[] blockingIo() {
        try (FileInputStream f = new FileInputStream("/dev/urandom")) {
            return f.readNBytes(100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CPU-bound work (shared with SeedRunInExecutorDirect). */
    public static int cpuBound() {
        int sum = 0;
        for (int i = 0; i < 5; i++) {
            sum += i * i;
        }
        return sum;
    }

    /** An addition that blocks its thread for 0.2 s (shared with SeedRunInExecutorDirect). */
    public static int slowAdd(int a, int b) throws InterruptedException {
        Thread.sleep(200);
        return a + b;
    }

    /** Work that raises (shared with SeedRunInExecutorDirect). */
    public static Object failing() {
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
        run(() -> main());
    }
}
