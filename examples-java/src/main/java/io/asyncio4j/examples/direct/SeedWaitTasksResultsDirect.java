package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.ArrayList;
import java.util.List;

/**
 * seed_wait_tasks_results in direct style: wait() for tasks, then their results in the caller's order. The
 * virtual-time loop's clock stands for {@code time.monotonic()}.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedWaitTasksResults};
 * this program prints its trace ({@code seed_wait_tasks_results.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_wait_tasks_results_direct} (Java 21+).
 */
public final class SeedWaitTasksResultsDirect {
    static EventLoop loop;
    static double nowTime;

    static String elapsed() {
        return Py.t(loop.time() - nowTime);
    }

    static void asyncFunctionPrint(int num) {
        await(sleep(num * 0.1));
        System.out.println("coroutine took " + elapsed());
    }

    static String asyncFunction(int num) {
        await(sleep(num * 0.1));
        return "coroutine " + num + " took " + elapsed();
    }

    public static void main(String[] args) {
        loop = newVirtualTimeEventLoop();
        setEventLoop(loop);

        System.out.println("-- example 5");
        nowTime = loop.time();
        List<Task<Void>> events = new ArrayList<>();
        for (int num = 1; num < 4; num++) {
            int n = num;
            events.add(ensureFuture(async(() -> asyncFunctionPrint(n))));
        }
        loop.runUntilComplete(() -> Asyncio.wait(events));
        System.out.println("total " + elapsed());

        System.out.println("-- example 6");
        nowTime = loop.time();
        List<Task<String>> tasks = new ArrayList<>();
        for (int num : new int[] {3, 2, 1}) {
            tasks.add(loop.createTask(async(() -> asyncFunction(num))));
        }
        loop.runUntilComplete(() -> Asyncio.wait(tasks));
        for (Task<String> task : tasks) {
            System.out.println(task.result());
        }
        loop.close();
        setEventLoop(null);
        System.out.println("total " + elapsed());
    }
}
