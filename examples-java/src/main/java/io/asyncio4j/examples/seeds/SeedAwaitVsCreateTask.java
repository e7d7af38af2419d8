package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.task.Task;

import java.util.concurrent.CompletionStage;

/**
 * seed_await_vs_create_task: awaiting one by one takes 0.2 s; tasks created first run concurrently in 0.1 s (virtual time).
 *
 * <p>In more detail: sequential awaits take 0.2 s; tasks created first run concurrently (0.1 s) and start in
 * creation order. Java shape: coroutines are CompletionStage methods; virtual time.
 *
 * <p>The Python original, {@code seed_await_vs_create_task.py}; this program prints its trace byte for byte
 * ({@code seed_await_vs_create_task.expected}). Run it with {@code -Dexamples=seed_await_vs_create_task}.
 * <pre>
 * import asyncio
 *
 * t0 = None
 *
 *
 * def el():
 *     return f't={asyncio.get_running_loop().time() - t0:.1f}'
 *
 *
 * async def say_hello():
 *     print("hello", el())
 *     await asyncio.sleep(0.1)
 *     print("hello", el())
 *
 *
 * async def say_world():
 *     print("world", el())
 *     await asyncio.sleep(0.1)
 *     print("world", el())
 *
 *
 * async def sequential():
 *     global t0
 *     t0 = asyncio.get_running_loop().time()
 *     print('-- await one after another')
 *     await say_hello()
 *     await say_world()
 *     print('sequential total', el())
 *
 *
 * async def concurrent():
 *     global t0
 *     t0 = asyncio.get_running_loop().time()
 *     print('-- create_task then await')
 *     task_say_hello = asyncio.create_task(say_hello())
 *     task_say_world = asyncio.create_task(say_world())
 *     await task_say_hello
 *     await task_say_world
 *     print('concurrent total', el())
 *
 *
 * asyncio.run(sequential())
 * asyncio.run(concurrent())
 * </pre>
 */
public final class SeedAwaitVsCreateTask {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static CompletionStage<Void> sayHello() {
        Py.print("hello", el());
        return sleep(0.1).thenRun(() -> Py.print("hello", el()));
    }

    static CompletionStage<Void> sayWorld() {
        Py.print("world", el());
        return sleep(0.1).thenRun(() -> Py.print("world", el()));
    }

    static CompletionStage<Void> sequential() {
        t0 = getRunningLoop().time();
        Py.print("-- await one after another");
        return sayHello()
                .thenCompose(x -> sayWorld())
                .thenRun(() -> Py.print("sequential total", el()));
    }

    static CompletionStage<Void> concurrent() {
        t0 = getRunningLoop().time();
        Py.print("-- create_task then await");
        Task<Void> taskSayHello = createTask(() -> sayHello());
        Task<Void> taskSayWorld = createTask(() -> sayWorld());
        return taskSayHello
                .thenCompose(x -> taskSayWorld)
                .thenRun(() -> Py.print("concurrent total", el()));
    }

    public static void main(String[] args) {
        Py.runVirtual(SeedAwaitVsCreateTask::sequential);
        Py.runVirtual(SeedAwaitVsCreateTask::concurrent);
    }
}
