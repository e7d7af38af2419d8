package io.asyncio4j.examples;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;

/**
 * The asyncio.Queue example of the docs: three workers share a queue of jobs; join() waits until every job
 * was marked done; then the workers are cancelled.
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
 * Runs in virtual time: the 20 jobs' sleeps take no wall time, with the same order real time gives.
 */
public final class QueueWorkers {
    static CompletionStage<Void> worker(String name, Queue<Double> queue) {
        return loopWhile(() -> true, () -> queue.get()
                .thenCompose(sleepFor -> sleep(sleepFor).thenRun(() -> {
                    queue.taskDone();
                    System.out.printf("%s has slept for %.2f seconds%n", name, sleepFor);
                })));
    }

    static CompletionStage<Void> main() {
        Queue<Double> queue = new Queue<>();
        Random random = new Random(42);
        double total = 0;
        for (int i = 0; i < 20; i++) {
            double s = 0.05 + random.nextDouble() * 0.95;
            total += s;
            queue.putNowait(s);
        }
        double totalSleep = total;
        double started = getRunningLoop().time();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "worker-" + i;
            tasks.add(createTask(() -> worker(name, queue)));
        }
        return queue.join().thenCompose(x -> {
            double took = getRunningLoop().time() - started;
            tasks.forEach(Task::cancel);
            return gather(true, tasks).thenRun(() -> {
                System.out.println("====");
                System.out.printf("3 workers slept in parallel for %.2f seconds%n", took);
                System.out.printf("total expected sleep time: %.2f seconds%n", totalSleep);
            });
        });
    }

    public static void main(String[] args) {
        var loop = newVirtualTimeEventLoop();
        try {
            loop.runUntilComplete(() -> main());
        } finally {
            loop.close();
        }
    }
}
