package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;
import static io.asyncio4j.examples.seeds.SeedCurrentAllTasks.sortedNames;

import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.ArrayList;
import java.util.List;

/**
 * seed_current_all_tasks in direct style: current_task is the direct task itself; all_tasks; set_name.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedCurrentAllTasks};
 * this program prints its trace ({@code seed_current_all_tasks.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_current_all_tasks_direct} (Java 21+).
 */
public final class SeedCurrentAllTasksDirect {
    static void myCoroutine(List<Task<?>> expected) {
        Task<?> task = currentTask();
        Py.print("my_coroutine: current_task is its own task:", task == expected.get(0), "name:", task.getName());
        await(sleep(0));
    }

    // sortedNames() is style-neutral: shared with the chain program.

    static void main() {
        Task<?> me = currentTask();
        Py.print("main task name:", me.getName());
        List<Task<?>> slot1 = new ArrayList<>();
        List<Task<?>> slot2 = new ArrayList<>();
        Task<Void> task1 = createTask(() -> myCoroutine(slot1));
        Task<Void> task2 = createTask(() -> myCoroutine(slot2));
        slot1.add(task1);
        slot2.add(task2);
        System.out.println("all_tasks before gather: " + sortedNames());
        List<Task<Void>> tasks = List.of(task1, task2);
        await(gather(tasks));
        System.out.println("all_tasks after gather: " + sortedNames());
        me.setName("renamed-main");
        Py.print("after set_name:", currentTask().getName());
        Task<Void> t3 = createTask(() -> sleep(0), "explicit");
        Py.print("explicit name:", t3.getName());
        await(t3);
    }

    public static void main(String[] args) {
        try {
            currentTask();
        } catch (IllegalStateException e) { // Python's RuntimeError
            Py.print("outside a loop: caught", Py.typeName(e));
        }
        Py.runVirtual(async(() -> main()));
    }
}
