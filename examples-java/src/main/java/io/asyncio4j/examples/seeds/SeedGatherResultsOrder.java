package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.ensureFuture;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * seed_gather_results_order: gather's results follow argument order, not completion order (virtual time).
 *
 * <p>In more detail: gather's results follow argument order, not completion order; tasks and coroutines mixed;
 * the same task twice; an empty gather gives []. Java shape: {@code time.monotonic()} is the loop's clock (virtual
 * time). Where Python passes tasks and bare coroutines to one gather, the Java call wraps each coroutine with
 * {@code ensureFuture} in argument order, which is exactly what asyncio.gather does with them.
 *
 * <p>The Python original, {@code seed_gather_results_order.py}; this program prints its trace byte for byte
 * ({@code seed_gather_results_order.expected}). Run it with {@code -Dexamples=seed_gather_results_order}.
 * <pre>
 * import asyncio
 * import time
 *
 *
 * async def async_function(num):
 *     await asyncio.sleep(num * 0.1)
 *     return 'async task {} done t={:.1f}'.format(num, time.monotonic() - now_time)
 *
 *
 * def show(response):
 *     print('[' + ', '.join(map(str, response)) + ']')
 *
 *
 * async def main():
 *     global now_time
 *     now_time = time.monotonic()
 *     tasks = []
 *     for num in range(1, 4):
 *         tasks.append(asyncio.create_task(async_function(num)))
 *     response = await asyncio.gather(tasks[0], tasks[1], tasks[2])
 *     show(response)
 *
 *     now_time = time.monotonic()
 *     t3 = asyncio.create_task(async_function(3))
 *     response = await asyncio.gather(t3, async_function(2), async_function(1))
 *     show(response)
 *
 *     now_time = time.monotonic()
 *     t1 = asyncio.create_task(async_function(1))
 *     response = await asyncio.gather(t1, t1)
 *     show(response)
 *
 *     print('empty gather -&gt;', len(await asyncio.gather()))
 *
 *
 * now_time = time.monotonic()
 * asyncio.run(main())
 * </pre>
 */
public final class SeedGatherResultsOrder {
    static double nowTime;

    static double monotonic() {
        return getRunningLoop().time();
    }

    static CompletionStage<String> asyncFunction(int num) {
        return sleep(num * 0.1).thenApply(x -> "async task " + num + " done " + Py.t(monotonic() - nowTime));
    }

    static void show(List<?> response) {
        System.out.println(Py.str(response));
    }

    static CompletionStage<Void> main() {
        nowTime = monotonic();
        List<Task<String>> tasks = new ArrayList<>();
        for (int num = 1; num < 4; num++) {
            int n = num;
            tasks.add(createTask(() -> asyncFunction(n)));
        }
        return gather(tasks.get(0), tasks.get(1), tasks.get(2)).thenCompose(response -> {
            show(response);
            nowTime = monotonic();
            Task<String> t3 = createTask(() -> asyncFunction(3));
            return gather(t3, ensureFuture(() -> asyncFunction(2)), ensureFuture(() -> asyncFunction(1)));
        }).thenCompose(response -> {
            show(response);
            nowTime = monotonic();
            Task<String> t1 = createTask(() -> asyncFunction(1));
            return gather(t1, t1);
        }).thenCompose(response -> {
            show(response);
            return gather(new ArrayList<CompletionStage<String>>());
        }).thenAccept(empty -> Py.print("empty gather ->", empty.size()));
    }

    public static void main(String[] args) {
        Py.runVirtual(SeedGatherResultsOrder::main);
    }
}
