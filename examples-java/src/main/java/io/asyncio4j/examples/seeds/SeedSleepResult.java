package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.loop.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * seed_sleep_result: sleep(delay, result) returns result; sleep(0) alternates two tasks strictly (virtual time).
 *
 * <p>In more detail: {@code sleep(delay, result=x)} returns x; {@code sleep(0)} returns None and alternates
 * two tasks strictly; a negative delay acts like 0. Java shape: the worker's {@code for} loop with an await is a
 * recursive step method; virtual time.
 *
 * <p>The Python original, {@code seed_sleep_result.py}; this program prints its trace byte for byte
 * ({@code seed_sleep_result.expected}). Run it with {@code -Dexamples=seed_sleep_result}.
 * <pre>
 * import asyncio
 *
 *
 * async def worker(name, n, delay=0):
 *     for i in range(n):
 *         print(f'{name}{i}')
 *         await asyncio.sleep(delay)
 *
 *
 * async def main():
 *     loop = asyncio.get_running_loop()
 *     t0 = loop.time()
 *     result = await asyncio.sleep(0.1, result='task done')
 *     print(result, f't={loop.time() - t0:.1f}')
 *     print('plain sleep returns', await asyncio.sleep(0))
 *     print('-- sleep(0) interleaving')
 *     await asyncio.gather(worker('A', 3), worker('B', 3))
 *     print('-- sleep(-1) interleaving')
 *     await asyncio.gather(worker('C', 2, -1), worker('D', 2, -1))
 *
 *
 * asyncio.run(main())
 * </pre>
 */
public final class SeedSleepResult {
    static CompletionStage<Void> worker(String name, int n, double delay) {
        return workerLoop(name, n, delay, 0);
    }

    private static CompletionStage<Void> workerLoop(String name, int n, double delay, int i) {
        if (i >= n) {
            return CompletableFuture.completedFuture(null);
        }
        System.out.println(name + i);
        return sleep(delay).thenCompose(x -> workerLoop(name, n, delay, i + 1));
    }

    static CompletionStage<Void> main() {
        EventLoop loop = getRunningLoop();
        double t0 = loop.time();
        return sleep(0.1, "task done").thenCompose(result -> {
            Py.print(result, Py.t(loop.time() - t0));
            return sleep(0);
        }).thenCompose(plain -> {
            Py.print("plain sleep returns", plain);
            Py.print("-- sleep(0) interleaving");
            return gather(() -> worker("A", 3, 0), () -> worker("B", 3, 0));
        }).thenCompose(x -> {
            Py.print("-- sleep(-1) interleaving");
            return gather(() -> worker("C", 2, -1), () -> worker("D", 2, -1));
        }).thenApply(x -> null);
    }

    public static void main(String[] args) {
        Py.runVirtual(SeedSleepResult::main);
    }
}
