package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.engine.task.WaitResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/** Port of seed_wait.py (virtual time): wait() with FIRST_COMPLETED, timeout, ALL_COMPLETED, FIRST_EXCEPTION. */
public final class SeedWait {
    static double t0;

    static String el() {
        return String.format(Locale.ROOT, "t=%.1f", getEventLoop().time() - t0);
    }

    static CompletionStage<Void> coroutineExample(String name) {
        System.out.println("running name: " + name + " " + el());
        return sleep(0.1).thenRun(() -> System.out.println("done name: " + name + " " + el()));
    }

    static CompletionStage<String> sleeper(String name, double delay, boolean fail) {
        return sleep(delay).thenApply(x -> {
            if (fail) {
                throw new IllegalArgumentException(name + " failed"); // Python's ValueError
            }
            return name;
        });
    }

    static String names(Collection<? extends Future<?>> tasks) {
        return tasks.stream().map(t -> ((Task<?>) t).getName()).sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static Task<String> named(String name, double delay, boolean fail) {
        return createTask(() -> sleeper(name, delay, fail), name);
    }

    static CompletionStage<Void> variants() {
        EventLoop loop = getRunningLoop();
        System.out.println("-- FIRST_COMPLETED");
        t0 = loop.time();
        List<Task<String>> ts = List.of(named("s1", 0.1, false), named("s2", 0.2, false), named("s3", 0.4, false));
        return Asyncio.wait(ts, FIRST_COMPLETED).thenCompose(r -> {
            System.out.println("done " + names(r.done()) + " pending " + names(r.pending()) + " " + el());
            boolean running = r.pending().stream().allMatch(t -> !t.cancelled() && !t.done());
            System.out.println("pending still running (not cancelled): " + (running ? "True" : "False"));
            System.out.println("-- timeout=0.2 on the rest");
            return Asyncio.wait(r.pending(), 0.2);
        }).thenCompose(r -> {
            System.out.println("done " + names(r.done()) + " pending " + names(r.pending()) + " " + el());
            System.out.println("-- ALL_COMPLETED on the rest");
            return Asyncio.wait(r.pending(), ALL_COMPLETED);
        }).thenCompose(r -> {
            System.out.println("done " + names(r.done()) + " pending " + names(r.pending()) + " " + el());
            System.out.println("-- FIRST_EXCEPTION");
            t0 = loop.time();
            List<Task<String>> ts2 = List.of(named("ok", 0.1, false), named("bad", 0.2, true),
                    named("slow", 0.4, false));
            return Asyncio.wait(ts2, FIRST_EXCEPTION).thenCompose(r2 -> {
                System.out.println("done " + names(r2.done()) + " pending " + names(r2.pending()) + " " + el());
                Throwable exc = ts2.get(1).exception();
                System.out.println("bad.exception(): ValueError: " + exc.getMessage());
                for (Future<String> t : r2.pending()) {
                    t.cancel();
                }
                return Asyncio.wait(r2.pending());
            }).thenRun(() -> System.out.println("slow cancelled by us: "
                    + (ts2.get(2).cancelled() ? "True" : "False")));
        });
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        t0 = loop.time();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "Zarten_" + i;
            tasks.add(loop.createTask(() -> coroutineExample(name)));
        }
        WaitResult<Void> r = loop.runUntilComplete(() -> Asyncio.wait(tasks));
        System.out.println("done=" + r.done().size() + " pending=" + r.pending().size());
        loop.runUntilComplete(() -> variants());
        loop.close();
        setEventLoop(null);
    }
}
