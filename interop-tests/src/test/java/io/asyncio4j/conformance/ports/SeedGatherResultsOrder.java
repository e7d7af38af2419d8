package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.ensureFuture;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Port of seed_gather_results_order: gather's results follow argument order, not completion order; tasks and
 * coroutines mixed; the same task twice; an empty gather gives [].
 * Java shape: {@code time.monotonic()} is the loop's clock (virtual time). Where Python passes tasks and bare
 * coroutines to one gather, the Java call wraps each coroutine with {@code ensureFuture} in argument order,
 * which is exactly what asyncio.gather does with them.
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
