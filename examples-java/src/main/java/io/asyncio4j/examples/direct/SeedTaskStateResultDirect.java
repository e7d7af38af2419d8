package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.InvalidStateError;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.ArrayList;
import java.util.List;

/**
 * seed_task_state_result in direct style: a direct task created before the loop runs has not started its body.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedTaskStateResult};
 * this program prints its trace ({@code seed_task_state_result.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_task_state_result_direct} (Java 21+).
 */
public final class SeedTaskStateResultDirect {
    static final List<Boolean> STARTED = new ArrayList<>();

    static String asyncFunction() {
        STARTED.add(true);
        double nowTime = getRunningLoop().time();
        await(sleep(0.1));
        return "time spent: " + Py.t(getRunningLoop().time() - nowTime);
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);

        Py.print("-- example 1: run_until_complete(coroutine)");
        Py.print("returned:", loop.runUntilComplete(async(SeedTaskStateResultDirect::asyncFunction)));

        Py.print("-- example 2/3: create_task before the loop runs");
        STARTED.clear();
        Coroutine<String> event = async(SeedTaskStateResultDirect::asyncFunction);
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
