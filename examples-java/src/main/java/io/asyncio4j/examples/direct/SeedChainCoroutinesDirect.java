package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;

/**
 * seed_chain_coroutines in direct style: a direct method called from a direct body runs in the caller's task, as
 * {@code await coro()} does; its value is returned and its exception thrown to the caller.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedChainCoroutines};
 * this program prints its trace ({@code seed_chain_coroutines.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_chain_coroutines_direct} (Java 21+).
 */
public final class SeedChainCoroutinesDirect {
    /** Python's tuple {@code (result, outer)}. */
    record SumAndTask(int result, Task<?> outer) {
    }

    static int compute(int x, int y) {
        System.out.println("Compute " + x + " + " + y + " ...");
        await(sleep(0.1));
        if (y < 0) {
            throw new IllegalArgumentException("negative y"); // Python's ValueError
        }
        return x + y;
    }

    static SumAndTask printSum(int x, int y) {
        Task<?> outer = currentTask();
        int result = compute(x, y);
        System.out.println(x + " + " + y + " = " + result);
        return new SumAndTask(result, outer);
    }

    static int sumOfSums() {
        Task<?> me = currentTask();
        SumAndTask first = printSum(1, 2);
        SumAndTask second = printSum(first.result(), 4);
        Py.print("same task throughout the chain:", first.outer() == me && second.outer() == me);
        try {
            printSum(5, -1);
        } catch (IllegalArgumentException e) {
            System.out.println("caught " + Py.describe(e));
        }
        return second.result();
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        double t0 = loop.time();
        loop.runUntilComplete(async(() -> printSum(1, 2)));
        int result = loop.runUntilComplete(async(SeedChainCoroutinesDirect::sumOfSums));
        Py.print("chain result:", result, Py.t(loop.time() - t0));
        loop.close();
        setEventLoop(null);
    }
}
