package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * seed_as_completed in direct style: a loop over as_completed, awaiting each future in completion order.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedAsCompleted};
 * this program prints its trace ({@code seed_as_completed.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_as_completed_direct} (Java 21+).
 */
public final class SeedAsCompletedDirect {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static String job(String name, double delay) {
        await(sleep(delay));
        return name;
    }

    static void main() {
        t0 = getRunningLoop().time();
        List<CompletionStage<String>> aws = List.of(ensureFuture(async(() -> job("slow", 0.3))),
                createTask(() -> job("fast", 0.1)), ensureFuture(async(() -> job("medium", 0.2))));
        Iterator<Future<String>> completed = asCompleted(aws).iterator();
        while (completed.hasNext()) {
            String earliestResult = await(completed.next());
            Py.print("got", earliestResult, el());
        }

        Py.print("-- with timeout=0.2");
        t0 = getRunningLoop().time();
        List<Task<String>> tasks = List.of(createTask(() -> job("a", 0.1)), createTask(() -> job("b", 0.3)),
                createTask(() -> job("c", 0.4)));
        try {
            Iterator<Future<String>> inTime = asCompleted(tasks, 0.2).iterator();
            while (inTime.hasNext()) {
                Py.print("got", await(inTime.next()), el());
            }
        } catch (TimeoutError e) {
            Py.print("caught " + Py.typeName(e), el());
        }
        Py.print("unfinished tasks still pending (not cancelled):",
                tasks.subList(1, 3).stream().allMatch(t -> !t.done()));
        Py.print("b result later:", await(tasks.get(1)), el());
        tasks.get(2).cancel();
    }

    public static void main(String[] args) {
        Py.runVirtual(async(() -> main()));
    }
}
