package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.VirtualClock;
import io.asyncio4j.engine.loop.Clock;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * seed_create_task_await_each: tasks created up front and awaited one by one run concurrently; bare awaits do not (virtual time).
 *
 * <p>In more detail: asyncio.run of one coroutine; tasks created up front and awaited one by one run
 * concurrently (0.3 s); bare awaits are sequential (0.3 s). Java shape: the scenario reads time.monotonic() outside
 * the loops, across three asyncio.run calls; here one virtual clock stands for the monotonic clock and every
 * asyncio.run's loop runs on it, so the times outside and inside the loops are on the same scale. {@code for ...
 * await} is a chain built in a loop.
 *
 * <p>The Python original, {@code seed_create_task_await_each.py}; this program prints its trace byte for byte
 * ({@code seed_create_task_await_each.expected}). Run it with {@code -Dexamples=seed_create_task_await_each}.
 * <pre>
 * import asyncio
 * import time
 *
 *
 * async def async_function(num):
 *     await asyncio.sleep(num * 0.1)
 *     print('async task {} finished t={:.1f}'.format(num, time.monotonic() - now_time))
 *
 *
 * async def main():
 *     tasks = []
 *     for num in range(1, 4):
 *         tasks.append(asyncio.create_task(async_function(num)))
 *     for task in tasks:
 *         await task
 *
 *
 * async def main_sequential():
 *     for num in range(1, 3):
 *         await async_function(num)
 *
 *
 * print('-- example 10: asyncio.run(coroutine)')
 * now_time = time.monotonic()
 * asyncio.run(async_function(1))
 *
 * print('-- example 11: create_task then await each')
 * now_time = time.monotonic()
 * asyncio.run(main())
 * print('final t={:.1f}'.format(time.monotonic() - now_time))
 *
 * print('-- without create_task: sequential')
 * now_time = time.monotonic()
 * asyncio.run(main_sequential())
 * print('final t={:.1f}'.format(time.monotonic() - now_time))
 * </pre>
 */
public final class SeedCreateTaskAwaitEach {
    static final VirtualClock MONOTONIC = Clock.virtual();
    static double nowTime;

    static <T> T run(Coroutine<T> coro) {
        try (Runner runner = new Runner(null, () -> new EventLoop(MONOTONIC))) {
            return runner.run(coro);
        }
    }

    static CompletionStage<Void> asyncFunction(int num) {
        return sleep(num * 0.1).thenRun(() ->
                System.out.println("async task " + num + " finished " + Py.t(MONOTONIC.time() - nowTime)));
    }

    static CompletionStage<Void> main() {
        List<Task<Void>> tasks = new ArrayList<>();
        for (int num = 1; num < 4; num++) {
            int n = num;
            tasks.add(createTask(() -> asyncFunction(n)));
        }
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Task<Void> task : tasks) {
            chain = chain.thenCompose(x -> task);
        }
        return chain;
    }

    static CompletionStage<Void> mainSequential() {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (int num = 1; num < 3; num++) {
            int n = num;
            chain = chain.thenCompose(x -> asyncFunction(n));
        }
        return chain;
    }

    public static void main(String[] args) {
        System.out.println("-- example 10: asyncio.run(coroutine)");
        nowTime = MONOTONIC.time();
        run(() -> asyncFunction(1));

        System.out.println("-- example 11: create_task then await each");
        nowTime = MONOTONIC.time();
        run(SeedCreateTaskAwaitEach::main);
        System.out.println("final " + Py.t(MONOTONIC.time() - nowTime));

        System.out.println("-- without create_task: sequential");
        nowTime = MONOTONIC.time();
        run(SeedCreateTaskAwaitEach::mainSequential);
        System.out.println("final " + Py.t(MONOTONIC.time() - nowTime));
    }
}
