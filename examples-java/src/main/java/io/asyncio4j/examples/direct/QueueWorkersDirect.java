package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The direct-style twin of {@link io.asyncio4j.examples.QueueWorkers} (Java 21+): the asyncio.Queue example of the
 * docs, the worker a plain {@code while (true)} loop. Runs in virtual time.
 * <pre>
 * async def worker(name, queue):
 *     while True:
 *         sleep_for = await queue.get()
 *         await asyncio.sleep(sleep_for)
 *         queue.task_done()
 *         print(f'{name} has slept for {sleep_for:.2f} seconds')
 *
 * async def main():
 *     queue = asyncio.Queue()
 *     for _ in range(20):
 *         queue.put_nowait(random.uniform(0.05, 1.0))
 *     tasks = [asyncio.create_task(worker(f'worker-{i}', queue)) for i in range(3)]
 *     await queue.join()
 *     for task in tasks:
 *         task.cancel()
 *     await asyncio.gather(*tasks, return_exceptions=True)
 * </pre>
 */
public final class QueueWorkersDirect {
    static void worker(String name, Queue<Double> queue) {
        while (true) {
            double sleepFor = await(queue.get());
            await(sleep(sleepFor));
            queue.taskDone();
            System.out.printf("%s has slept for %.2f seconds%n", name, sleepFor);
        }
    }

    static void main() {
        Queue<Double> queue = new Queue<>();
        Random random = new Random(42);
        double totalSleep = 0;
        for (int i = 0; i < 20; i++) {
            double s = 0.05 + random.nextDouble() * 0.95;
            totalSleep += s;
            queue.putNowait(s);
        }
        double started = getRunningLoop().time();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "worker-" + i;
            tasks.add(createTask(() -> worker(name, queue)));
        }
        await(queue.join());
        double took = getRunningLoop().time() - started;
        for (Task<Void> task : tasks) {
            task.cancel();
        }
        await(gather(true, tasks));
        System.out.println("====");
        System.out.printf("3 workers slept in parallel for %.2f seconds%n", took);
        System.out.printf("total expected sleep time: %.2f seconds%n", totalSleep);
    }

    public static void main(String[] args) {
        var loop = newVirtualTimeEventLoop();
        try {
            loop.runUntilComplete(async(() -> main()));
        } finally {
            loop.close();
        }
    }
}
