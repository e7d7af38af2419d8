package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;

/**
 * seed_create_task_say_after in direct style: tasks start when the creator yields; the total is the longest delay.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedCreateTaskSayAfter};
 * this program prints its trace ({@code seed_create_task_say_after.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_create_task_say_after_direct} (Java 21+).
 */
public final class SeedCreateTaskSayAfterDirect {
    static double t0;

    static void sayAfter(double delay, String what) {
        await(sleep(delay));
        Py.print(what, Py.t(getRunningLoop().time() - t0));
    }

    static void main() {
        t0 = getRunningLoop().time();
        Task<Void> task1 = createTask(() -> sayAfter(0.1, "hello"), "say-hello");
        Task<Void> task2 = createTask(() -> sayAfter(0.2, "world"), "say-world");
        Py.print("started " + Py.t(getRunningLoop().time() - t0), "names:", task1.getName(), task2.getName());
        await(task1);
        await(task2);
        Py.print("finished " + Py.t(getRunningLoop().time() - t0));
    }

    public static void main(String[] args) {
        Py.runVirtual(async(() -> main()));
    }
}
