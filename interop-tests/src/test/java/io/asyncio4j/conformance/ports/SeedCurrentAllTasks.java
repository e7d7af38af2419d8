package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.allTasks;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Port of seed_current_all_tasks: current_task inside tasks; the main task is Task-1 and default names go on
 * Task-2, Task-3; all_tasks before/after; current_task outside a loop raises RuntimeError; set_name.
 * Java shape: RuntimeError is IllegalStateException; {@code create_task(asyncio.sleep(0), name=...)} is
 * {@code createTask(() -> sleep(0), name)}; virtual time.
 */
public final class SeedCurrentAllTasks {
    static CompletionStage<Void> myCoroutine(List<Task<?>> expected) {
        Task<?> task = currentTask();
        Py.print("my_coroutine: current_task is its own task:", task == expected.get(0), "name:", task.getName());
        return sleep(0);
    }

    static String sortedNames() {
        return "[" + allTasks().stream().map(Task::getName).sorted().collect(Collectors.joining(", ")) + "]";
    }

    static CompletionStage<Void> main() {
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
        return gather(tasks).thenCompose(x -> {
            System.out.println("all_tasks after gather: " + sortedNames());
            me.setName("renamed-main");
            Py.print("after set_name:", currentTask().getName());
            Task<Void> t3 = createTask(() -> sleep(0), "explicit");
            Py.print("explicit name:", t3.getName());
            return t3;
        });
    }

    public static void main(String[] args) {
        try {
            currentTask();
        } catch (IllegalStateException e) {
            Py.print("outside a loop: caught", Py.typeName(e));
        }
        Py.runVirtual(SeedCurrentAllTasks::main);
    }
}
