package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * seed_gather_results_order in direct style: gather's results follow argument order. Where Python passes a bare
 * coroutine to gather, the Java call passes {@code ensureFuture(async(...))}: what asyncio.gather does with it.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedGatherResultsOrder};
 * this program prints its trace ({@code seed_gather_results_order.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_gather_results_order_direct} (Java 21+).
 */
public final class SeedGatherResultsOrderDirect {
    static double nowTime;

    static double monotonic() {
        return getRunningLoop().time();
    }

    static String asyncFunction(int num) {
        await(sleep(num * 0.1));
        return "async task " + num + " done " + Py.t(monotonic() - nowTime);
    }

    static void show(List<?> response) {
        System.out.println(Py.str(response));
    }

    static void main() {
        nowTime = monotonic();
        List<Task<String>> tasks = new ArrayList<>();
        for (int num = 1; num < 4; num++) {
            int n = num;
            tasks.add(createTask(() -> asyncFunction(n)));
        }
        List<String> response = await(gather(tasks.get(0), tasks.get(1), tasks.get(2)));
        show(response);

        nowTime = monotonic();
        Task<String> t3 = createTask(() -> asyncFunction(3));
        response = await(gather(t3, ensureFuture(async(() -> asyncFunction(2))), ensureFuture(async(() -> asyncFunction(1)))));
        show(response);

        nowTime = monotonic();
        Task<String> t1 = createTask(() -> asyncFunction(1));
        response = await(gather(t1, t1));
        show(response);

        Py.print("empty gather ->", await(gather(new ArrayList<CompletionStage<String>>())).size());
    }

    public static void main(String[] args) {
        Py.runVirtual(async(() -> main()));
    }
}
