package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.ExceptionGroup;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.TaskGroup;

/**
 * The direct-style twin of {@link io.asyncio4j.examples.TaskGroupExample} (Java 21+): {@code async with
 * asyncio.TaskGroup() as tg:} is {@code asyncWith(new TaskGroup(), tg -> ...)}, which returns when every child is
 * done or throws the group's ExceptionGroup.
 * <pre>
 * async def main():
 *     async with asyncio.TaskGroup() as tg:
 *         t1 = tg.create_task(fetch('a', 1))
 *         t2 = tg.create_task(fetch('b', 2))
 *     print(t1.result(), t2.result())
 *     try:
 *         async with asyncio.TaskGroup() as tg:
 *             tg.create_task(fetch('slow', 5))
 *             tg.create_task(fail_after(1))
 *     except* ValueError as eg:
 *         print('group failed:', eg.exceptions)
 * </pre>
 */
public final class TaskGroupDirect {
    static String fetch(String what, double seconds) {
        await(sleep(seconds));
        System.out.println("fetched " + what);
        return what.toUpperCase();
    }

    static String failAfter(double seconds) {
        await(sleep(seconds));
        throw new IllegalArgumentException("bad input");
    }

    static void main() {
        Task<?>[] tasks = asyncWith(new TaskGroup(), tg -> {
            Task<String> t1 = tg.createTask(async(() -> fetch("a", 1)));
            Task<String> t2 = tg.createTask(async(() -> fetch("b", 2)));
            return new Task<?>[] {t1, t2};
        });
        System.out.println("results: " + tasks[0].result() + " " + tasks[1].result());
        try {
            asyncWith(new TaskGroup(), tg -> {
                tg.createTask(async(() -> fetch("slow", 5)));
                tg.createTask(async(() -> failAfter(1)));
            });
        } catch (ExceptionGroup group) {
            System.out.println("group failed: " + group.exceptions() + " (the slow fetch was cancelled)");
        }
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
