package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.exceptions.InvalidStateError;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * seed_task_state_result: a task's states; result()/exception() before completion raise InvalidStateError (virtual time).
 *
 * <p>In more detail: run_until_complete accepts a coroutine; a task created before the loop runs is pending
 * and its coroutine not started; result()/exception() raise InvalidStateError with asyncio's messages; the values
 * after completion. Java shape: the coroutine object is a {@link Coroutine}; virtual time.
 *
 * <p>The Python original, {@code seed_task_state_result.py}; this program prints its trace byte for byte
 * ({@code seed_task_state_result.expected}). Run it with {@code -Dexamples=seed_task_state_result}.
 * <pre>
 * import asyncio
 *
 * started = []
 *
 *
 * async def async_function():
 *     started.append(True)
 *     now_time = asyncio.get_running_loop().time()
 *     await asyncio.sleep(0.1)
 *     return 'time spent: t={:.1f}'.format(asyncio.get_running_loop().time() - now_time)
 *
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 *
 * print('-- example 1: run_until_complete(coroutine)')
 * print('returned:', loop.run_until_complete(async_function()))
 *
 * print('-- example 2/3: create_task before the loop runs')
 * started.clear()
 * event = async_function()
 * task = loop.create_task(event)
 * print('pending: done() =', task.done(), 'cancelled() =', task.cancelled(),
 *       'coroutine started =', bool(started))
 * try:
 *     print(task.result())
 * except asyncio.InvalidStateError as r:
 *     print(f'caught {type(r).__name__}: {r}')
 * try:
 *     print(task.exception())
 * except asyncio.InvalidStateError as r:
 *     print(f'caught {type(r).__name__}: {r}')
 * loop.run_until_complete(task)
 * print('finished: done() =', task.done(), 'cancelled() =', task.cancelled())
 * print('result():', task.result())
 * print('exception():', task.exception())
 * loop.close()
 * asyncio.set_event_loop(None)
 * </pre>
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
