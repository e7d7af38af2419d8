package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Port of seed_run_coroutine_threadsafe_cancel.py (real time: a loop in a background thread). */
public final class SeedRunCoroutineThreadsafeCancel {
    static double nowTime;

    static double now() {
        return System.nanoTime() / 1e9;
    }

    static CompletionStage<String> asyncFunction(int num) {
        return sleep(num * 0.1).thenApply(x -> {
            System.out.println(String.format(Locale.ROOT, "async task %d finished t=%.1f", num, now() - nowTime));
            return "async task " + num + " result";
        });
    }

    static CompletionStage<Void> allOtherTasksDone() {
        Task<?> me = currentTask();
        List<CompletionStage<?>> others = new ArrayList<>();
        for (Task<?> t : allTasks()) {
            if (t != me) {
                others.add(t);
            }
        }
        return gather(true, others).thenRun(() -> { });
    }

    public static void main(String[] args) throws Exception {
        WarmUp.run();
        nowTime = now();
        EventLoop newLoop = newEventLoop();
        Thread t = new Thread(() -> {
            setEventLoop(newLoop);
            newLoop.runForever();
        });
        t.setDaemon(true);
        t.start();
        CompletableFuture<String> even = runCoroutineThreadsafe(() -> asyncFunction(1), newLoop);
        System.out.println("cancel() -> " + (even.cancel(true) ? "True" : "False"));
        CompletableFuture<String> f2 = runCoroutineThreadsafe(() -> asyncFunction(2), newLoop);
        CompletableFuture<String> f3 = runCoroutineThreadsafe(() -> asyncFunction(3), newLoop);
        System.out.println(String.format(Locale.ROOT, "main thread done submitting t=%.1f", now() - nowTime));
        System.out.println(f2.get(2000, TimeUnit.MILLISECONDS));
        System.out.println(f3.get(2000, TimeUnit.MILLISECONDS));
        System.out.println("first future cancelled(): " + (even.isCancelled() ? "True" : "False"));

        runCoroutineThreadsafe(() -> allOtherTasksDone(), newLoop).get(2000, TimeUnit.MILLISECONDS);
        newLoop.callSoonThreadsafe(newLoop::stop);
        t.join();
        newLoop.close();
        System.out.println(String.format(Locale.ROOT, "loop thread joined, total t=%.1f", now() - nowTime));
    }
}
