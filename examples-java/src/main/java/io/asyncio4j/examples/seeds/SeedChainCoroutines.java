package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.unwrap;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;

import java.util.concurrent.CompletionStage;

/**
 * seed_chain_coroutines: awaiting a coroutine runs it in the caller's task; values and exceptions travel up (virtual time).
 *
 * <p>In more detail: awaiting a coroutine runs it in the caller's task; values and exceptions travel up the
 * chain. Java shape: Python's tuple {@code (result, outer)} is a small record; ValueError is
 * IllegalArgumentException; {@code try: await ... except ValueError} is an {@code exceptionally} that re-raises
 * anything else. Virtual time.
 *
 * <p>The Python original, {@code seed_chain_coroutines.py}; this program prints its trace byte for byte
 * ({@code seed_chain_coroutines.expected}). Run it with {@code -Dexamples=seed_chain_coroutines}.
 * <pre>
 * import asyncio
 *
 *
 * async def compute(x, y):
 *     print("Compute %s + %s ..." % (x, y))
 *     await asyncio.sleep(0.1)
 *     if y &lt; 0:
 *         raise ValueError('negative y')
 *     return x + y
 *
 *
 * async def print_sum(x, y):
 *     outer = asyncio.current_task()
 *     result = await compute(x, y)
 *     print("%s + %s = %s" % (x, y, result))
 *     return result, outer
 *
 *
 * async def sum_of_sums():
 *     me = asyncio.current_task()
 *     a, t1 = await print_sum(1, 2)
 *     b, t2 = await print_sum(a, 4)
 *     print('same task throughout the chain:', t1 is me and t2 is me)
 *     try:
 *         await print_sum(5, -1)
 *     except ValueError as e:
 *         print(f'caught {type(e).__name__}: {e}')
 *     return b
 *
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 * t0 = loop.time()
 * loop.run_until_complete(print_sum(1, 2))
 * print('chain result:', loop.run_until_complete(sum_of_sums()), f't={loop.time() - t0:.1f}')
 * loop.close()
 * asyncio.set_event_loop(None)
 * </pre>
 */
public final class SeedChainCoroutines {
    record SumAndTask(int result, Task<?> outer) {
    }

    static CompletionStage<Integer> compute(int x, int y) {
        System.out.println("Compute " + x + " + " + y + " ...");
        return sleep(0.1).thenApply(r -> {
            if (y < 0) {
                throw new IllegalArgumentException("negative y");
            }
            return x + y;
        });
    }

    static CompletionStage<SumAndTask> printSum(int x, int y) {
        Task<?> outer = currentTask();
        return compute(x, y).thenApply(result -> {
            System.out.println(x + " + " + y + " = " + result);
            return new SumAndTask(result, outer);
        });
    }

    static CompletionStage<Integer> sumOfSums() {
        Task<?> me = currentTask();
        return printSum(1, 2).thenCompose(first ->
                printSum(first.result(), 4).thenCompose(second -> {
                    Py.print("same task throughout the chain:", first.outer() == me && second.outer() == me);
                    return printSum(5, -1)
                            .<Object>thenApply(r -> r)
                            .exceptionally(e -> {
                                if (!(unwrap(e) instanceof IllegalArgumentException)) {
                                    throw Py.raise(e);
                                }
                                System.out.println("caught " + Py.describe(e));
                                return null;
                            })
                            .thenApply(x -> second.result());
                }));
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        double t0 = loop.time();
        loop.runUntilComplete(() -> printSum(1, 2));
        int result = loop.runUntilComplete(SeedChainCoroutines::sumOfSums);
        Py.print("chain result:", result, Py.t(loop.time() - t0));
        loop.close();
        setEventLoop(null);
    }
}
