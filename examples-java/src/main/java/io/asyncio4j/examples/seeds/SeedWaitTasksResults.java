package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * seed_wait_tasks_results: wait() for tasks, then their results in the caller's order (virtual time).
 *
 * <p>The Python original, {@code seed_wait_tasks_results.py}; this program prints its trace byte for byte
 * ({@code seed_wait_tasks_results.expected}). Run it with {@code -Dexamples=seed_wait_tasks_results}.
 * <pre>
 * import asyncio
 * import time
 *
 *
 * async def async_function_print(num):
 *     await asyncio.sleep(num * 0.1)
 *     print('coroutine took t={:.1f}'.format(time.monotonic() - now_time))
 *
 *
 * async def async_function(num):
 *     await asyncio.sleep(num * 0.1)
 *     return 'coroutine {} took t={:.1f}'.format(num, time.monotonic() - now_time)
 *
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 *
 * print('-- example 5')
 * now_time = time.monotonic()
 * events = [asyncio.ensure_future(async_function_print(num)) for num in range(1, 4)]
 * tasks = asyncio.wait(events)
 * loop.run_until_complete(tasks)
 * print('total t={:.1f}'.format(time.monotonic() - now_time))
 *
 * print('-- example 6')
 * now_time = time.monotonic()
 * tasks = [loop.create_task(async_function(num)) for num in (3, 2, 1)]
 * events = asyncio.wait(tasks)
 * loop.run_until_complete(events)
 * for task in tasks:
 *     print(task.result())
 * loop.close()
 * asyncio.set_event_loop(None)
 * print('total t={:.1f}'.format(time.monotonic() - now_time))
 * </pre>
 */
public final class SeedWaitTasksResults {
    static EventLoop loop;
    static double nowTime;

    static double elapsed() {
        return loop.time() - nowTime;
    }

    static CompletionStage<Void> asyncFunctionPrint(int num) {
        return sleep(num * 0.1).thenRun(() ->
                System.out.println(String.format(Locale.ROOT, "coroutine took t=%.1f", elapsed())));
    }

    static CompletionStage<String> asyncFunction(int num) {
        return sleep(num * 0.1).thenApply(x ->
                String.format(Locale.ROOT, "coroutine %d took t=%.1f", num, elapsed()));
    }

    public static void main(String[] args) {
        loop = newVirtualTimeEventLoop();
        setEventLoop(loop);

        System.out.println("-- example 5");
        nowTime = loop.time();
        List<Task<Void>> events = new ArrayList<>();
        for (int num = 1; num < 4; num++) {
            int n = num;
            events.add(ensureFuture(() -> asyncFunctionPrint(n)));
        }
        loop.runUntilComplete(() -> Asyncio.wait(events));
        System.out.println(String.format(Locale.ROOT, "total t=%.1f", elapsed()));

        System.out.println("-- example 6");
        nowTime = loop.time();
        List<Task<String>> tasks = new ArrayList<>();
        for (int num : new int[] {3, 2, 1}) {
            tasks.add(loop.createTask(() -> asyncFunction(num)));
        }
        loop.runUntilComplete(() -> Asyncio.wait(tasks));
        for (Task<String> task : tasks) {
            System.out.println(task.result());
        }
        loop.close();
        setEventLoop(null);
        System.out.println(String.format(Locale.ROOT, "total t=%.1f", elapsed()));
    }
}
