package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.exceptions.InvalidStateError;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Port of seed_task_state_result: run_until_complete accepts a coroutine; a task created before the loop runs is
 * pending and its coroutine not started; result()/exception() raise InvalidStateError with asyncio's messages;
 * the values after completion. Java shape: the coroutine object is a {@link Coroutine}; virtual time.
 */
public final class SeedTaskStateResult {
    static final List<Boolean> STARTED = new ArrayList<>();

    static CompletionStage<String> asyncFunction() {
        STARTED.add(true);
        double nowTime = getRunningLoop().time();
        return sleep(0.1).thenApply(x -> "time spent: " + Py.t(getRunningLoop().time() - nowTime));
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);

        Py.print("-- example 1: run_until_complete(coroutine)");
        Py.print("returned:", loop.runUntilComplete(SeedTaskStateResult::asyncFunction));

        Py.print("-- example 2/3: create_task before the loop runs");
        STARTED.clear();
        Coroutine<String> event = SeedTaskStateResult::asyncFunction;
        Task<String> task = loop.createTask(event);
        Py.print("pending: done() =", task.done(), "cancelled() =", task.cancelled(),
                "coroutine started =", !STARTED.isEmpty());
        try {
            Py.print(task.result());
        } catch (InvalidStateError r) {
            System.out.println("caught " + Py.typeName(r) + ": " + r.getMessage());
        }
        try {
            Py.print(task.exception());
        } catch (InvalidStateError r) {
            System.out.println("caught " + Py.typeName(r) + ": " + r.getMessage());
        }
        loop.runUntilComplete(task);
        Py.print("finished: done() =", task.done(), "cancelled() =", task.cancelled());
        Py.print("result():", task.result());
        Py.print("exception():", task.exception());
        loop.close();
        setEventLoop(null);
    }
}
