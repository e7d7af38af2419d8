package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.task.Task;

import java.util.concurrent.CompletionStage;

/**
 * Port of seed_create_task_say_after: tasks start only when the creator yields; the total is the longest delay;
 * task names given to create_task. Java shape: virtual time.
 */
public final class SeedCreateTaskSayAfter {
    static double t0;

    static CompletionStage<Void> sayAfter(double delay, String what) {
        return sleep(delay).thenRun(() -> Py.print(what, Py.t(getRunningLoop().time() - t0)));
    }

    static CompletionStage<Void> main() {
        t0 = getRunningLoop().time();
        Task<Void> task1 = createTask(() -> sayAfter(0.1, "hello"), "say-hello");
        Task<Void> task2 = createTask(() -> sayAfter(0.2, "world"), "say-world");
        Py.print("started " + Py.t(getRunningLoop().time() - t0), "names:", task1.getName(), task2.getName());
        return task1
                .thenCompose(x -> task2)
                .thenRun(() -> Py.print("finished " + Py.t(getRunningLoop().time() - t0)));
    }

    public static void main(String[] args) {
        Py.runVirtual(SeedCreateTaskSayAfter::main);
    }
}
