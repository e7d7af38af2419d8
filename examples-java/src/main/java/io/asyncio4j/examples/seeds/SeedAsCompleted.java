package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * seed_as_completed: as_completed: results in completion order, TimeoutError after the timeout (virtual time).
 *
 * <p>The Python original, {@code seed_as_completed.py}; this program prints its trace byte for byte
 * ({@code seed_as_completed.expected}). Run it with {@code -Dexamples=seed_as_completed}.
 * <pre>
 * import asyncio
 *
 * T0 = 0.0
 *
 *
 * def el():
 *     return f't={asyncio.get_running_loop().time() - T0:.1f}'
 *
 *
 * async def job(name, delay):
 *     await asyncio.sleep(delay)
 *     return f'{name}'
 *
 *
 * async def main():
 *     global T0
 *     T0 = asyncio.get_running_loop().time()
 *     aws = [job('slow', 0.3), asyncio.create_task(job('fast', 0.1)), job('medium', 0.2)]
 *     for coro in asyncio.as_completed(aws):
 *         earliest_result = await coro
 *         print('got', earliest_result, el())
 *
 *     print('-- with timeout=0.2')
 *     T0 = asyncio.get_running_loop().time()
 *     tasks = [asyncio.create_task(job('a', 0.1)), asyncio.create_task(job('b', 0.3)),
 *              asyncio.create_task(job('c', 0.4))]
 *     try:
 *         for coro in asyncio.as_completed(tasks, timeout=0.2):
 *             print('got', await coro, el())
 *     except asyncio.TimeoutError as e:
 *         print(f'caught {type(e).__name__}', el())
 *     print('unfinished tasks still pending (not cancelled):',
 *           all(not t.done() for t in tasks[1:]))
 *     print('b result later:', await tasks[1], el())
 *     tasks[2].cancel()
 *
 *
 * asyncio.run(main())
 * </pre>
 */
public final class SeedAsCompleted {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static CompletionStage<String> job(String name, double delay) {
        return sleep(delay).thenApply(x -> name);
    }

    /** for coro in iterator: print('got', await coro, el()) */
    static CompletionStage<Void> drain(Iterator<Future<String>> it) {
        if (!it.hasNext()) {
            return CompletableFuture.completedFuture(null);
        }
        return it.next().thenCompose(r -> {
            System.out.println("got " + r + " " + el());
            return drain(it);
        });
    }

    static CompletionStage<Void> main() {
        t0 = getRunningLoop().time();
        List<CompletionStage<String>> aws = List.of(
                ensureFuture(() -> job("slow", 0.3)), createTask(() -> job("fast", 0.1)),
                ensureFuture(() -> job("medium", 0.2)));
        return drain(asCompleted(aws).iterator()).thenCompose(x -> {
            System.out.println("-- with timeout=0.2");
            t0 = getRunningLoop().time();
            List<Task<String>> tasks = List.of(createTask(() -> job("a", 0.1)), createTask(() -> job("b", 0.3)),
                    createTask(() -> job("c", 0.4)));
            return drain(asCompleted(tasks, 0.2).iterator()).handle((r, e) -> {
                if (e != null && !(unwrap(e) instanceof TimeoutError)) {
                    throw new AssertionError(e);
                }
                if (e != null) {
                    System.out.println("caught " + unwrap(e).getClass().getSimpleName() + " " + el());
                }
                boolean stillPending = !tasks.get(1).done() && !tasks.get(2).done();
                System.out.println("unfinished tasks still pending (not cancelled): " + (stillPending ? "True" : "False"));
                return null;
            }).thenCompose(y -> tasks.get(1)).thenAccept(b -> {
                System.out.println("b result later: " + b + " " + el());
                tasks.get(2).cancel();
            });
        });
    }

    public static void main(String[] args) {
        try (Runner runner = new Runner(null, () -> newVirtualTimeEventLoop())) {
            runner.run(() -> main());
        }
    }
}
