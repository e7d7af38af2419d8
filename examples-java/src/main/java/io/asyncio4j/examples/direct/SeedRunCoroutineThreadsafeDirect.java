package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * seed_run_coroutine_threadsafe in direct style (real time: a loop in a background thread): direct bodies submitted
 * from another loop's task and from the main thread; results, a timeout, an exception.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedRunCoroutineThreadsafe};
 * this program prints its trace ({@code seed_run_coroutine_threadsafe.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_run_coroutine_threadsafe_direct} (Java 21+).
 */
public final class SeedRunCoroutineThreadsafeDirect {
    static double t0;
    static EventLoop threadLoop;

    static double now() {
        return System.nanoTime() / 1e9;
    }

    static String el() {
        return Py.t(now() - t0);
    }

    static int main(int i) {
        for (int r = 1; r < 4; r++) {
            await(sleep(0.1));
            Py.print(i + " (round " + r + ")", el());
        }
        return i * 100;
    }

    static void productionTask() {
        List<CompletableFuture<Integer>> futs = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            int n = i;
            futs.add(runCoroutineThreadsafe(() -> main(n), threadLoop));
        }
        Py.print("submitted 3 coroutines; concurrent futures:",
                futs.stream().allMatch(f -> f instanceof java.util.concurrent.Future));
        List<Future<Integer>> wrapped = futs.stream().map(f -> wrapFuture(f)).collect(Collectors.toList());
        List<Integer> results = await(gather(wrapped));
        Py.print("results via wrap_future: " + Py.str(results), el());
    }

    static Void bad() {
        await(sleep(0));
        throw new IllegalArgumentException("bad value"); // Python's ValueError
    }

    static int drainOtherTasks() {
        Task<?> me = currentTask();
        List<CompletionStage<?>> others = new ArrayList<>();
        for (Task<?> t : allTasks()) {
            if (t != me) {
                others.add(t);
            }
        }
        await(gather(true, others));
        return others.size();
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
        loop.runUntilComplete(async(() -> productionTask()));
        loop.close();
        setEventLoop(null);

        // seed 004 usage notes, called from this (non-loop) thread
        t0 = now();
        CompletableFuture<Integer> future = runCoroutineThreadsafe(() -> await(sleep(0.1, 3)), threadLoop);
        Py.print("future.result(1.0) == " + future.get(1000, TimeUnit.MILLISECONDS), el());

        CompletableFuture<String> late = runCoroutineThreadsafe(() -> await(sleep(10, "late")), threadLoop);
        try {
            String result = late.get(100, TimeUnit.MILLISECONDS);
            Py.print("The coroutine returned: " + result);
        } catch (TimeoutException e) {
            Py.print("The coroutine took too long, cancelling the task...", el());
            Py.print("future.cancel() ->", late.cancel(true));
        }

        CompletableFuture<Void> failing = runCoroutineThreadsafe(SeedRunCoroutineThreadsafeDirect::bad, threadLoop);
        try {
            failing.get(1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Py.print("The coroutine raised an exception: " + Py.describe(e.getCause()));
        }

        // let the cancelled task finish before stopping (not traced)
        runCoroutineThreadsafe(SeedRunCoroutineThreadsafeDirect::drainOtherTasks, threadLoop)
                .get(1000, TimeUnit.MILLISECONDS);
        threadLoop.callSoonThreadsafe(threadLoop::stop);
        t.join();
        Py.print("thread loop stopped; is_running:", threadLoop.isRunning());
        threadLoop.close();
    }
}
