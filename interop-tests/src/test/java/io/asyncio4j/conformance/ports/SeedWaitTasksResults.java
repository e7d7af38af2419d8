package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/** Port of seed_wait_tasks_results.py (virtual time: the loop's clock stands for time.monotonic()). */
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
