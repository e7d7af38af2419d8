package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * seed_done_callbacks_multi in direct style: done callbacks of direct tasks run in completion order.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedDoneCallbacksMulti};
 * this program prints its trace ({@code seed_done_callbacks_multi.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_done_callbacks_multi_direct} (Java 21+).
 */
public final class SeedDoneCallbacksMultiDirect {
    static double t0;

    static void taskCallback(Future<String> future) {
        System.out.println("callback: " + future.result());
    }

    static Consumer<Future<String>> taggedCallback(String tag) {
        return future -> Py.print("tagged callback " + tag + ": task is done=" + Py.str(future.done()));
    }

    static String asyncFunction(int num) {
        await(sleep(num * 0.1));
        return "coroutine " + num + " finished " + Py.t(getRunningLoop().time() - t0);
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);

        System.out.println("-- example 4: one task, one callback");
        t0 = loop.time();
        Task<String> task = loop.createTask(async(() -> asyncFunction(1)));
        task.addDoneCallback(SeedDoneCallbacksMultiDirect::taskCallback); // returns void: Python's None
        System.out.println("add_done_callback returns: None");
        loop.runUntilComplete(task);

        System.out.println("-- example 7: three tasks, callbacks in completion order");
        t0 = loop.time();
        List<Task<String>> tasks = new ArrayList<>();
        for (int num : new int[] {3, 1, 2}) {
            Task<String> t = loop.createTask(async(() -> asyncFunction(num)));
            t.addDoneCallback(SeedDoneCallbacksMultiDirect::taskCallback);
            t.addDoneCallback(taggedCallback("#" + num));
            tasks.add(t);
        }
        loop.runUntilComplete(() -> Asyncio.wait(tasks));
        System.out.println("total " + Py.t(loop.time() - t0));
        loop.close();
        setEventLoop(null);
    }
}
