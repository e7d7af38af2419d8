package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;

/**
 * seed_await_vs_create_task in direct style: calling a direct method is Python's {@code await coro()} (it runs in
 * the caller's task, one after another); tasks created first run concurrently.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedAwaitVsCreateTask};
 * this program prints its trace ({@code seed_await_vs_create_task.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_await_vs_create_task_direct} (Java 21+).
 */
public final class SeedAwaitVsCreateTaskDirect {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static void sayHello() {
        Py.print("hello", el());
        await(sleep(0.1));
        Py.print("hello", el());
    }

    static void sayWorld() {
        Py.print("world", el());
        await(sleep(0.1));
        Py.print("world", el());
    }

    static void sequential() {
        t0 = getRunningLoop().time();
        Py.print("-- await one after another");
        sayHello();
        sayWorld();
        Py.print("sequential total", el());
    }

    static void concurrent() {
        t0 = getRunningLoop().time();
        Py.print("-- create_task then await");
        Task<Void> taskSayHello = createTask(() -> sayHello());
        Task<Void> taskSayWorld = createTask(() -> sayWorld());
        await(taskSayHello);
        await(taskSayWorld);
        Py.print("concurrent total", el());
    }

    public static void main(String[] args) {
        Py.runVirtual(async(SeedAwaitVsCreateTaskDirect::sequential));
        Py.runVirtual(async(SeedAwaitVsCreateTaskDirect::concurrent));
    }
}
