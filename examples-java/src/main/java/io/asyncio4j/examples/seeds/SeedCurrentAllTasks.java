package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.allTasks;
import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.currentTask;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * seed_current_all_tasks: current_task and all_tasks; Task-1 is the main task; set_name (virtual time).
 *
 * <p>In more detail: current_task inside tasks; the main task is Task-1 and default names go on Task-2,
 * Task-3; all_tasks before/after; current_task outside a loop raises RuntimeError; set_name. Java shape:
 * RuntimeError is IllegalStateException; {@code create_task(asyncio.sleep(0), name=...)} is {@code createTask(() ->
 * sleep(0), name)}; virtual time.
 *
 * <p>The Python original, {@code seed_current_all_tasks.py}; this program prints its trace byte for byte
 * ({@code seed_current_all_tasks.expected}). Run it with {@code -Dexamples=seed_current_all_tasks}.
 * <pre>
 * import asyncio
 *
 *
 * async def my_coroutine(expected):
 *     task = asyncio.current_task()
 *     print('my_coroutine: current_task is its own task:', task is expected[0],
 *           'name:', task.get_name())
 *     await asyncio.sleep(0)
 *
 *
 * async def main():
 *     me = asyncio.current_task()
 *     print('main task name:', me.get_name())
 *     slot1, slot2 = [], []
 *     task1 = asyncio.create_task(my_coroutine(slot1))
 *     task2 = asyncio.create_task(my_coroutine(slot2))
 *     slot1.append(task1)
 *     slot2.append(task2)
 *     names = sorted(t.get_name() for t in asyncio.all_tasks())
 *     print('all_tasks before gather: [' + ', '.join(names) + ']')
 *     tasks = [task1, task2]
 *     await asyncio.gather(*tasks)
 *     names = sorted(t.get_name() for t in asyncio.all_tasks())
 *     print('all_tasks after gather: [' + ', '.join(names) + ']')
 *     me.set_name('renamed-main')
 *     print('after set_name:', asyncio.current_task().get_name())
 *     t3 = asyncio.create_task(asyncio.sleep(0), name='explicit')
 *     print('explicit name:', t3.get_name())
 *     await t3
 *
 *
 * try:
 *     asyncio.current_task()
 * except RuntimeError as e:
 *     print('outside a loop: caught', type(e).__name__)
 * asyncio.run(main())
 * </pre>
 */
public final class SeedCurrentAllTasks {
    static CompletionStage<Void> myCoroutine(List<Task<?>> expected) {
        Task<?> task = currentTask();
        Py.print("my_coroutine: current_task is its own task:", task == expected.get(0), "name:", task.getName());
        return sleep(0);
    }

    /** all_tasks()' names, sorted (shared with SeedCurrentAllTasksDirect). */
    public static String sortedNames() {
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
