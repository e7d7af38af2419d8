package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.Clock;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.VirtualClock;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.ArrayList;
import java.util.List;

/**
 * seed_create_task_await_each in direct style: tasks created up front and awaited one by one in a for loop run
 * concurrently; calling the direct method in a loop runs them one after another. One virtual clock stands for
 * {@code time.monotonic()} across the three asyncio.run calls.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedCreateTaskAwaitEach};
 * this program prints its trace ({@code seed_create_task_await_each.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_create_task_await_each_direct} (Java 21+).
 */
public final class SeedCreateTaskAwaitEachDirect {
    static final VirtualClock MONOTONIC = Clock.virtual();
    static double nowTime;

    static <T> T run(Coroutine<T> coro) {
        try (Runner runner = new Runner(null, () -> new EventLoop(MONOTONIC))) {
            return runner.run(coro);
        }
    }

    static void asyncFunction(int num) {
        await(sleep(num * 0.1));
        System.out.println("async task " + num + " finished " + Py.t(MONOTONIC.time() - nowTime));
    }

    static void main() {
        List<Task<Void>> tasks = new ArrayList<>();
        for (int num = 1; num < 4; num++) {
            int n = num;
            tasks.add(createTask(() -> asyncFunction(n)));
        }
        for (Task<Void> task : tasks) {
            await(task);
        }
    }

    static void mainSequential() {
        for (int num = 1; num < 3; num++) {
            asyncFunction(num);
        }
    }

    public static void main(String[] args) {
        System.out.println("-- example 10: asyncio.run(coroutine)");
        nowTime = MONOTONIC.time();
        run(async(() -> asyncFunction(1)));

        System.out.println("-- example 11: create_task then await each");
        nowTime = MONOTONIC.time();
        run(async(() -> main()));
        System.out.println("final " + Py.t(MONOTONIC.time() - nowTime));

        System.out.println("-- without create_task: sequential");
        nowTime = MONOTONIC.time();
        run(async(() -> mainSequential()));
        System.out.println("final " + Py.t(MONOTONIC.time() - nowTime));
    }
}
