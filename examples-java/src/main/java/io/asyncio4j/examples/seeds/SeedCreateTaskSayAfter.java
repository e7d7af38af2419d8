package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.task.Task;

import java.util.concurrent.CompletionStage;

/**
 * seed_create_task_say_after: tasks start only when the creator yields; the total is the longest delay; task names (virtual time).
 *
 * <p>In more detail: tasks start only when the creator yields; the total is the longest delay; task names
 * given to create_task. Java shape: virtual time.
 *
 * <p>The Python original, {@code seed_create_task_say_after.py}; this program prints its trace byte for byte
 * ({@code seed_create_task_say_after.expected}). Run it with {@code -Dexamples=seed_create_task_say_after}.
 * <pre>
 * import asyncio
 *
 *
 * async def say_after(delay, what):
 *     await asyncio.sleep(delay)
 *     print(what, f't={asyncio.get_running_loop().time() - T0:.1f}')
 *
 *
 * async def main():
 *     global T0
 *     T0 = asyncio.get_running_loop().time()
 *     task1 = asyncio.create_task(say_after(0.1, 'hello'), name='say-hello')
 *     task2 = asyncio.create_task(say_after(0.2, 'world'), name='say-world')
 *     print(f"started t={asyncio.get_running_loop().time() - T0:.1f}",
 *           'names:', task1.get_name(), task2.get_name())
 *     await task1
 *     await task2
 *     print(f"finished t={asyncio.get_running_loop().time() - T0:.1f}")
 *
 *
 * asyncio.run(main())
 * </pre>
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
