package io.asyncio4j.conformance.ports;

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

/** Port of seed_done_callbacks_multi.py (virtual time): done callbacks run in completion order. */
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
