package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * seed_run_coroutine_threadsafe_cancel: cancelling the concurrent future of run_coroutine_threadsafe cancels the task (real time).
 *
 * <p>The Python original, {@code seed_run_coroutine_threadsafe_cancel.py}; this program prints its trace byte for byte
 * ({@code seed_run_coroutine_threadsafe_cancel.expected}). Run it with {@code -Dexamples=seed_run_coroutine_threadsafe_cancel}.
 * <pre>
 * import asyncio
 * import threading
 * import time
 * from threading import Thread
 *
 *
 * def thread_new_loop(loop):
 *     asyncio.set_event_loop(loop)
 *     loop.run_forever()
 *
 *
 * async def async_function(num):
 *     await asyncio.sleep(num * 0.1)
 *     print('async task {} finished t={:.1f}'.format(num, time.monotonic() - now_time))
 *     return 'async task {} result'.format(num)
 *
 *
 * now_time = time.monotonic()
 * new_loop = asyncio.new_event_loop()
 * t = Thread(target=thread_new_loop, args=(new_loop,), daemon=True)
 * t.start()
 * even = asyncio.run_coroutine_threadsafe(async_function(1), new_loop)
 * print('cancel() -&gt;', even.cancel())
 * f2 = asyncio.run_coroutine_threadsafe(async_function(2), new_loop)
 * f3 = asyncio.run_coroutine_threadsafe(async_function(3), new_loop)
 * print('main thread done submitting t={:.1f}'.format(time.monotonic() - now_time))
 * print(f2.result(2.0))
 * print(f3.result(2.0))
 * print('first future cancelled():', even.cancelled())
 *
 *
 * async def all_other_tasks_done():
 *     me = asyncio.current_task()
 *     await asyncio.gather(*[x for x in asyncio.all_tasks() if x is not me], return_exceptions=True)
 *
 *
 * asyncio.run_coroutine_threadsafe(all_other_tasks_done(), new_loop).result(2.0)
 * new_loop.call_soon_threadsafe(new_loop.stop)
 * t.join()
 * new_loop.close()
 * print('loop thread joined, total t={:.1f}'.format(time.monotonic() - now_time))
 * </pre>
 */
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
