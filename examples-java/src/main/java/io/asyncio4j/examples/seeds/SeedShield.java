package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import java.util.concurrent.CompletionStage;

/**
 * seed_shield: shield() protects the inner task; the ignore-cancellation idiom (virtual time).
 *
 * <p>The Python original, {@code seed_shield.py}; this program prints its trace byte for byte
 * ({@code seed_shield.expected}). Run it with {@code -Dexamples=seed_shield}.
 * <pre>
 * import asyncio
 *
 * T0 = 0.0
 *
 *
 * def el():
 *     return f't={asyncio.get_running_loop().time() - T0:.1f}'
 *
 *
 * async def task_func(number):
 *     await asyncio.sleep(0.3)
 *     print('task_func succeeded: ' + str(number), el())
 *     return number * 10
 *
 *
 * async def cancel_task(task):
 *     await asyncio.sleep(0.1)
 *     was_cancelled = task.cancel()
 *     print(f'cancelled: {was_cancelled}', el())
 *
 *
 * async def ignoring_caller(job):
 *     try:
 *         res = await asyncio.shield(job)
 *     except asyncio.CancelledError:
 *         print('ignoring_caller: caught CancelledError, res = None', el())
 *         res = None
 *     return res
 *
 *
 * async def main():
 *     global T0
 *     T0 = asyncio.get_running_loop().time()
 *     coro = task_func(1)
 *     task = asyncio.create_task(coro)
 *     shielded = asyncio.shield(task)
 *     asyncio.create_task(cancel_task(shielded))
 *     try:
 *         result = await shielded
 *         print(f'&gt;got: {result}')
 *     except asyncio.CancelledError:
 *         print('shielded was cancelled', el())
 *
 *     await asyncio.sleep(0.3)
 *     print(f'shielded: done={shielded.done()} cancelled={shielded.cancelled()}')
 *     print(f'task: done={task.done()} cancelled={task.cancelled()} result={task.result()}')
 *
 *     print('-- ignore-cancellation idiom')
 *     T0 = asyncio.get_running_loop().time()
 *     job = asyncio.create_task(task_func(2))
 *     caller = asyncio.create_task(ignoring_caller(job))
 *     await asyncio.sleep(0.1)
 *     caller.cancel()
 *     res = await caller
 *     print(f'caller returned {res}; caller.cancelled()={caller.cancelled()}', el())
 *     print(f'job result {await job}', el())
 *
 *     done_fut = asyncio.get_running_loop().create_future()
 *     done_fut.set_result('already')
 *     print('shield(done future) -&gt;', await asyncio.shield(done_fut))
 *
 *
 * asyncio.run(main())
 * </pre>
 */
public final class SeedShield {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static CompletionStage<Integer> taskFunc(int number) {
        return sleep(0.3).thenApply(x -> {
            System.out.println("task_func succeeded: " + number + " " + el());
            return number * 10;
        });
    }

    static CompletionStage<Void> cancelTask(Future<?> task) {
        return sleep(0.1).thenRun(() -> {
            boolean wasCancelled = task.cancel();
            System.out.println("cancelled: " + Py.str(wasCancelled) + " " + el());
        });
    }

    static CompletionStage<Integer> ignoringCaller(Task<Integer> job) {
        return shield(job).handle((res, e) -> {
            if (e == null) {
                return res;
            }
            if (unwrap(e) instanceof CancelledError) {
                System.out.println("ignoring_caller: caught CancelledError, res = None " + el());
                return null;
            }
            throw new AssertionError(e);
        });
    }

    static CompletionStage<Void> main() {
        t0 = getRunningLoop().time();
        Task<Integer> task = createTask(() -> taskFunc(1));
        Future<Integer> shielded = shield(task);
        createTask(() -> cancelTask(shielded));
        return shielded.handle((result, e) -> {
            if (e == null) {
                System.out.println(">got: " + result);
            } else if (unwrap(e) instanceof CancelledError) {
                System.out.println("shielded was cancelled " + el());
            } else {
                throw new AssertionError(e);
            }
            return null;
        }).thenCompose(x -> sleep(0.3)).thenCompose(x -> {
            System.out.println("shielded: done=" + Py.str(shielded.done()) + " cancelled=" + Py.str(shielded.cancelled()));
            System.out.println("task: done=" + Py.str(task.done()) + " cancelled=" + Py.str(task.cancelled())
                    + " result=" + task.result());
            System.out.println("-- ignore-cancellation idiom");
            t0 = getRunningLoop().time();
            Task<Integer> job = createTask(() -> taskFunc(2));
            Task<Integer> caller = createTask(() -> ignoringCaller(job));
            return sleep(0.1).thenCompose(y -> {
                caller.cancel();
                return caller;
            }).thenCompose(res -> {
                System.out.println("caller returned " + (res == null ? "None" : res) + "; caller.cancelled()="
                        + Py.str(caller.cancelled()) + " " + el());
                return job;
            }).thenCompose(r -> {
                System.out.println("job result " + r + " " + el());
                Future<String> doneFut = getRunningLoop().createFuture();
                doneFut.setResult("already");
                return shield(doneFut);
            }).thenAccept(v -> System.out.println("shield(done future) -> " + v));
        });
    }

    public static void main(String[] args) {
        try (Runner runner = new Runner(null, () -> newVirtualTimeEventLoop())) {
            runner.run(() -> main());
        }
    }
}
