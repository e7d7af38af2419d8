package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.WaitResult;
import io.asyncio4j.examples.Py;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * seed_wait in direct style: wait() with FIRST_COMPLETED, a timeout, ALL_COMPLETED and FIRST_EXCEPTION.
 * ({@code wait} is {@code Asyncio.wait}: Java's {@code Object.wait} takes the plain name.)
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedWait};
 * this program prints its trace ({@code seed_wait.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_wait_direct} (Java 21+).
 */
public final class SeedWaitDirect {
    static double t0;

    static String el() {
        return Py.t(getEventLoop().time() - t0);
    }

    static void coroutineExample(String name) {
        Py.print("running name:", name, el());
        await(sleep(0.1));
        Py.print("done name:", name, el());
    }

    static String sleeper(String name, double delay, boolean fail) {
        await(sleep(delay));
        if (fail) {
            throw new IllegalArgumentException(name + " failed"); // Python's ValueError
        }
        return name;
    }

    static String names(Collection<? extends Future<?>> tasks) {
        return tasks.stream().map(t -> ((Task<?>) t).getName()).sorted().collect(Collectors.joining(", ", "[", "]"));
    }

    static Task<String> task(String name, double delay, boolean fail) {
        return createTask(() -> sleeper(name, delay, fail), name);
    }

    static void variants() {
        EventLoop loop = getRunningLoop();

        Py.print("-- FIRST_COMPLETED");
        t0 = loop.time();
        List<Task<String>> ts = List.of(task("s1", 0.1, false), task("s2", 0.2, false), task("s3", 0.4, false));
        WaitResult<String> r = await(Asyncio.wait(ts, FIRST_COMPLETED));
        Py.print("done", names(r.done()), "pending", names(r.pending()), el());
        Py.print("pending still running (not cancelled):",
                r.pending().stream().allMatch(t -> !t.cancelled() && !t.done()));

        Py.print("-- timeout=0.2 on the rest");
        r = await(Asyncio.wait(r.pending(), 0.2));
        Py.print("done", names(r.done()), "pending", names(r.pending()), el());

        Py.print("-- ALL_COMPLETED on the rest");
        r = await(Asyncio.wait(r.pending(), ALL_COMPLETED));
        Py.print("done", names(r.done()), "pending", names(r.pending()), el());

        Py.print("-- FIRST_EXCEPTION");
        t0 = loop.time();
        ts = List.of(task("ok", 0.1, false), task("bad", 0.2, true), task("slow", 0.4, false));
        r = await(Asyncio.wait(ts, FIRST_EXCEPTION));
        Py.print("done", names(r.done()), "pending", names(r.pending()), el());
        Throwable exc = ts.get(1).exception();
        Py.print("bad.exception(): " + Py.describe(exc));
        for (Future<String> t : r.pending()) {
            t.cancel();
        }
        await(Asyncio.wait(r.pending()));
        Py.print("slow cancelled by us:", ts.get(2).cancelled());
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        t0 = loop.time();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "Zarten_" + i;
            tasks.add(loop.createTask(async(() -> coroutineExample(name))));
        }
        WaitResult<Void> r = loop.runUntilComplete(() -> Asyncio.wait(tasks));
        System.out.println("done=" + r.done().size() + " pending=" + r.pending().size());
        loop.runUntilComplete(async(SeedWaitDirect::variants));
        loop.close();
        setEventLoop(null);
    }
}
