package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * seed_run_coroutine_threadsafe: run_coroutine_threadsafe into a loop in a background thread: results, exceptions, timeouts (real time).
 *
 * <p>The Python original, {@code seed_run_coroutine_threadsafe.py}; this program prints its trace byte for byte
 * ({@code seed_run_coroutine_threadsafe.expected}). Run it with {@code -Dexamples=seed_run_coroutine_threadsafe}.
 * <pre>
 * import asyncio
 * import concurrent.futures
 * import threading
 * import time
 *
 * T0 = time.monotonic()
 *
 *
 * def el():
 *     return f't={time.monotonic() - T0:.1f}'
 *
 *
 * async def main(i):
 *     for r in range(1, 4):
 *         await asyncio.sleep(0.1)
 *         print(f'{i} (round {r})', el())
 *     return i * 100
 *
 *
 * async def production_task():
 *     futs = []
 *     for i in range(1, 4):
 *         futs.append(asyncio.run_coroutine_threadsafe(main(i), thread_loop))
 *     print('submitted 3 coroutines; concurrent futures:',
 *           all(isinstance(f, concurrent.futures.Future) for f in futs))
 *     results = await asyncio.gather(*(asyncio.wrap_future(f) for f in futs))
 *     print('results via wrap_future: [' + ', '.join(map(str, results)) + ']', el())
 *
 *
 * def start_loop(thread_loop):
 *     asyncio.set_event_loop(thread_loop)
 *     thread_loop.run_forever()
 *
 *
 * async def bad():
 *     await asyncio.sleep(0)
 *     raise ValueError('bad value')
 *
 *
 * async def drain_other_tasks():
 *     me = asyncio.current_task()
 *     others = [t for t in asyncio.all_tasks() if t is not me]
 *     await asyncio.gather(*others, return_exceptions=True)
 *     return len(others)
 *
 *
 * if __name__ == '__main__':
 *     thread_loop = asyncio.new_event_loop()
 *     t = threading.Thread(target=start_loop, args=(thread_loop,), daemon=True)
 *     t.start()
 *
 *     loop = asyncio.new_event_loop()
 *     asyncio.set_event_loop(loop)
 *     loop.run_until_complete(production_task())
 *     loop.close()
 *     asyncio.set_event_loop(None)
 *
 *     # seed 004 usage notes, called from this (non-loop) thread
 *     T0 = time.monotonic()
 *     coro = asyncio.sleep(0.1, result=3)
 *     future = asyncio.run_coroutine_threadsafe(coro, thread_loop)
 *     print('future.result(1.0) ==', future.result(1.0), el())
 *
 *     future = asyncio.run_coroutine_threadsafe(asyncio.sleep(10, result='late'), thread_loop)
 *     try:
 *         result = future.result(0.1)
 *     except asyncio.TimeoutError:
 *         print('The coroutine took too long, cancelling the task...', el())
 *         print('future.cancel() -&gt;', future.cancel())
 *     else:
 *         print('The coroutine returned: {}'.format(result))
 *
 *     future = asyncio.run_coroutine_threadsafe(bad(), thread_loop)
 *     try:
 *         result = future.result(1.0)
 *     except Exception as exc:
 *         print(f'The coroutine raised an exception: {type(exc).__name__}: {exc}')
 *
 *     # let the cancelled task finish before stopping (not traced)
 *     asyncio.run_coroutine_threadsafe(drain_other_tasks(), thread_loop).result(1.0)
 *     thread_loop.call_soon_threadsafe(thread_loop.stop)
 *     t.join()
 *     print('thread loop stopped; is_running:', thread_loop.is_running())
 *     thread_loop.close()
 * </pre>
 */
public final class SeedRunCoroutineThreadsafe {
    static double t0;
    static EventLoop threadLoop;

    static double now() {
        return System.nanoTime() / 1e9;
    }

    static String el() {
        return Py.t(now() - t0);
    }

    static CompletionStage<Integer> main(int i) {
        return round(i, 1).thenApply(x -> i * 100);
    }

    static CompletionStage<Void> round(int i, int r) {
        if (r > 3) {
            return CompletableFuture.completedFuture(null);
        }
        return sleep(0.1).thenCompose(x -> {
            System.out.println(i + " (round " + r + ") " + el());
            return round(i, r + 1);
        });
    }

    static CompletionStage<Void> productionTask() {
        List<CompletableFuture<Integer>> futs = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            int n = i;
            futs.add(runCoroutineThreadsafe(() -> main(n), threadLoop));
        }
        boolean allJdk = futs.stream().allMatch(f -> f instanceof java.util.concurrent.Future);
        System.out.println("submitted 3 coroutines; concurrent futures: " + (allJdk ? "True" : "False"));
        List<Future<Integer>> wrapped = futs.stream().map(f -> wrapFuture(f)).collect(Collectors.toList());
        return gather(wrapped).thenAccept(results -> System.out.println("results via wrap_future: ["
                + results.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "] " + el()));
    }

    static CompletionStage<Void> bad() {
        return sleep(0).thenRun(() -> {
            throw new IllegalArgumentException("bad value"); // Python's ValueError
        });
    }

    static CompletionStage<Integer> drainOtherTasks() {
        Task<?> me = currentTask();
        List<CompletionStage<?>> others = new ArrayList<>();
        for (Task<?> t : allTasks()) {
            if (t != me) {
                others.add(t);
            }
        }
        return gather(true, others).thenApply(x -> others.size());
    }

    public static void main(String[] args) throws Exception {
        t0 = now();
        threadLoop = newEventLoop();
        Thread t = new Thread(() -> {
            setEventLoop(threadLoop);
            threadLoop.runForever();
        });
        t.setDaemon(true);
        t.start();

        EventLoop loop = newEventLoop();
        setEventLoop(loop);
        loop.runUntilComplete(() -> productionTask());
        loop.close();
        setEventLoop(null);

        // seed 004 usage notes, called from this (non-loop) thread
        t0 = now();
        CompletableFuture<Integer> future = runCoroutineThreadsafe(() -> sleep(0.1, 3), threadLoop);
        System.out.println("future.result(1.0) == " + future.get(1000, TimeUnit.MILLISECONDS) + " " + el());

        CompletableFuture<String> late = runCoroutineThreadsafe(() -> sleep(10, "late"), threadLoop);
        try {
            String result = late.get(100, TimeUnit.MILLISECONDS);
            System.out.println("The coroutine returned: " + result);
        } catch (TimeoutException e) {
            System.out.println("The coroutine took too long, cancelling the task... " + el());
            System.out.println("future.cancel() -> " + (late.cancel(true) ? "True" : "False"));
        }

        CompletableFuture<Void> failing = runCoroutineThreadsafe(() -> bad(), threadLoop);
        try {
            failing.get(1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            System.out.println("The coroutine raised an exception: ValueError: " + e.getCause().getMessage());
        }

        // let the cancelled task finish before stopping (not traced)
        runCoroutineThreadsafe(() -> drainOtherTasks(), threadLoop).get(1000, TimeUnit.MILLISECONDS);
        threadLoop.callSoonThreadsafe(threadLoop::stop);
        t.join();
        System.out.println("thread loop stopped; is_running: " + (threadLoop.isRunning() ? "True" : "False"));
        threadLoop.close();
    }
}
