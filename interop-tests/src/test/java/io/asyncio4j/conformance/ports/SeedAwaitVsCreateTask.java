package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.task.Task;

import java.util.concurrent.CompletionStage;

/**
 * Port of seed_await_vs_create_task: sequential awaits take 0.2 s; tasks created first run concurrently (0.1 s)
 * and start in creation order. Java shape: coroutines are CompletionStage methods; virtual time.
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
