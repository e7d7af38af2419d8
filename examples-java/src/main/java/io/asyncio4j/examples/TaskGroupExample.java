package io.asyncio4j.examples;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.ExceptionGroup;
import io.asyncio4j.engine.task.Task;
import java.util.concurrent.CompletionStage;

/**
 * asyncio.TaskGroup: structured concurrency. The group waits for all its tasks; when one fails, the others are
 * cancelled and the failures surface together in an ExceptionGroup.
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
public final class TaskGroupExample {
    static CompletionStage<String> fetch(String what, double seconds) {
        return sleep(seconds).thenApply(x -> {
            System.out.println("fetched " + what);
            return what.toUpperCase();
        });
    }

    static CompletionStage<String> failAfter(double seconds) {
        return sleep(seconds).thenApply(x -> {
            throw new IllegalArgumentException("bad input");
        });
    }

    static CompletionStage<Void> main() {
        return taskGroup(tg -> {
            Task<String> t1 = tg.createTask(() -> fetch("a", 1));
            Task<String> t2 = tg.createTask(() -> fetch("b", 2));
            return sleep(0).thenApply(x -> new Task<?>[] {t1, t2});
        }).thenCompose(tasks -> {
            System.out.println("results: " + tasks[0].result() + " " + tasks[1].result());
            return taskGroup(tg -> {
                tg.createTask(() -> fetch("slow", 5));
                tg.createTask(() -> failAfter(1));
                return sleep(0);
            });
        }).handle((r, e) -> {
            if (unwrap(e) instanceof ExceptionGroup group) {
                System.out.println("group failed: " + group.exceptions() + " (the slow fetch was cancelled)");
            }
            return null;
        });
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
