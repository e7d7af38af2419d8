package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * seed_run_coroutine_threadsafe_cancel in direct style (real time): cancelling the JDK future of a just-submitted
 * direct body cancels its task before the body runs.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedRunCoroutineThreadsafeCancel};
 * this program prints its trace ({@code seed_run_coroutine_threadsafe_cancel.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_run_coroutine_threadsafe_cancel_direct} (Java 21+).
 */
public final class SeedRunCoroutineThreadsafeCancelDirect {
    static double nowTime;

    static double now() {
        return System.nanoTime() / 1e9;
    }

    static String asyncFunction(int num) {
        await(sleep(num * 0.1));
        System.out.println("async task " + num + " finished " + Py.t(now() - nowTime));
        return "async task " + num + " result";
    }

    static Void allOtherTasksDone() {
        Task<?> me = currentTask();
        List<CompletionStage<?>> others = new ArrayList<>();
        for (Task<?> t : allTasks()) {
            if (t != me) {
                others.add(t);
            }
        }
        await(gather(true, others));
        return null;
    }

    public static void main(String[] args) throws Exception {
        nowTime = now();
        EventLoop newLoop = newEventLoop();
        Thread t = new Thread(() -> {
            setEventLoop(newLoop);
            newLoop.runForever();
        });
        t.setDaemon(true);
        t.start();
        CompletableFuture<String> even = runCoroutineThreadsafe(() -> asyncFunction(1), newLoop);
        Py.print("cancel() ->", even.cancel(true));
        CompletableFuture<String> f2 = runCoroutineThreadsafe(() -> asyncFunction(2), newLoop);
        CompletableFuture<String> f3 = runCoroutineThreadsafe(() -> asyncFunction(3), newLoop);
        System.out.println("main thread done submitting " + Py.t(now() - nowTime));
        System.out.println(f2.get(2000, TimeUnit.MILLISECONDS));
        System.out.println(f3.get(2000, TimeUnit.MILLISECONDS));
        Py.print("first future cancelled():", even.isCancelled());

        runCoroutineThreadsafe(SeedRunCoroutineThreadsafeCancelDirect::allOtherTasksDone, newLoop)
                .get(2000, TimeUnit.MILLISECONDS);
        newLoop.callSoonThreadsafe(newLoop::stop);
        t.join();
        newLoop.close();
        System.out.println("loop thread joined, total " + Py.t(now() - nowTime));
    }
}
