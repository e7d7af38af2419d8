package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * seed_done_callbacks_multi: done callbacks run in completion order (virtual time).
 *
 * <p>The Python original, {@code seed_done_callbacks_multi.py}; this program prints its trace byte for byte
 * ({@code seed_done_callbacks_multi.expected}). Run it with {@code -Dexamples=seed_done_callbacks_multi}.
 * <pre>
 * import asyncio
 * import functools
 *
 * T0 = 0.0
 *
 *
 * def task_callback(future):
 *     print('callback:', future.result())
 *
 *
 * def tagged_callback(tag, future):
 *     print(f'tagged callback {tag}: task is done={future.done()}')
 *
 *
 * async def async_function(num):
 *     await asyncio.sleep(num * 0.1)
 *     return 'coroutine {} finished t={:.1f}'.format(num, asyncio.get_running_loop().time() - T0)
 *
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 *
 * print('-- example 4: one task, one callback')
 * T0 = loop.time()
 * task = loop.create_task(async_function(num=1))
 * print('add_done_callback returns:', task.add_done_callback(task_callback))
 * loop.run_until_complete(task)
 *
 * print('-- example 7: three tasks, callbacks in completion order')
 * T0 = loop.time()
 * tasks = []
 * for num in (3, 1, 2):
 *     task = loop.create_task(async_function(num=num))
 *     task.add_done_callback(task_callback)
 *     task.add_done_callback(functools.partial(tagged_callback, f'#{num}'))
 *     tasks.append(task)
 * events = asyncio.wait(tasks)
 * loop.run_until_complete(events)
 * print('total t={:.1f}'.format(loop.time() - T0))
 * loop.close()
 * asyncio.set_event_loop(None)
 * </pre>
 */
public final class SeedDoneCallbacksMulti {
    static double t0;

    static void taskCallback(Future<String> future) {
        System.out.println("callback: " + future.result());
    }

    static Consumer<Future<String>> taggedCallback(String tag) {
        return future -> System.out.println("tagged callback " + tag + ": task is done="
                + (future.done() ? "True" : "False"));
    }

    static CompletionStage<String> asyncFunction(int num) {
        return sleep(num * 0.1).thenApply(x -> String.format(Locale.ROOT, "coroutine %d finished t=%.1f",
                num, getRunningLoop().time() - t0));
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);

        System.out.println("-- example 4: one task, one callback");
        t0 = loop.time();
        Task<String> task = loop.createTask(() -> asyncFunction(1));
        task.addDoneCallback(SeedDoneCallbacksMulti::taskCallback); // returns void: Python's None
        System.out.println("add_done_callback returns: None");
        loop.runUntilComplete(task);

        System.out.println("-- example 7: three tasks, callbacks in completion order");
        t0 = loop.time();
        List<Task<String>> tasks = new ArrayList<>();
        for (int num : new int[] {3, 1, 2}) {
            Task<String> t = loop.createTask(() -> asyncFunction(num));
            t.addDoneCallback(SeedDoneCallbacksMulti::taskCallback);
            t.addDoneCallback(taggedCallback("#" + num));
            tasks.add(t);
        }
        loop.runUntilComplete(() -> Asyncio.wait(tasks));
        System.out.println(String.format(Locale.ROOT, "total t=%.1f", loop.time() - t0));
        loop.close();
        setEventLoop(null);
    }
}
