package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/** Port of seed_cooperative_cpu.py (real time: busy loops block the loop thread). */
public final class SeedCooperativeCpu {
    static double t0;

    static double now() {
        return System.nanoTime() / 1e9;
    }

    static String el() {
        return String.format(Locale.ROOT, "t=%.1f", now() - t0);
    }

    static void busy(double seconds) {
        double end = now() + seconds;
        while (now() < end) {
            Thread.onSpinWait();
        }
    }

    static CompletionStage<Void> doWashing() {
        System.out.println(el() + " : start washing clothes");
        return sleep(0.1).thenRun(() -> {
            System.out.println(el() + " : washing resumed (its sleep ended at t=0.1)");
            for (int i = 0; i < 10000; i++) {
                if (i % 4000 == 0) {
                    System.out.println("washing " + i);
                }
            }
            System.out.println(el() + " : clothes washed");
        });
    }

    static CompletionStage<Void> doCooking() {
        System.out.println(el() + " : start cooking rice");
        for (int step = 0; step < 3; step++) {
            busy(0.1);
            System.out.println("cooking step " + step + " " + el());
        }
        return sleep(0.2).thenRun(() -> System.out.println(el() + " : rice cooked"));
    }

    /** Loads the classes the timed part uses, so JVM start-up does not show in the trace. */
    static void warmUp() {
        String.format(Locale.ROOT, "t=%.1f", 0.0);
        EventLoop warm = newEventLoop();
        warm.runUntilComplete(() -> Asyncio.wait(List.of(warm.createTask(() -> sleep(0.001)))));
        warm.close();
    }

    public static void main(String[] args) {
        warmUp();
        EventLoop loop = newEventLoop();
        setEventLoop(loop);
        t0 = now();
        List<Task<Void>> tasks = List.of(loop.createTask(() -> doWashing()), loop.createTask(() -> doCooking()));
        loop.runUntilComplete(() -> Asyncio.wait(tasks));
        loop.close();
        setEventLoop(null);
        System.out.println("total " + el());
    }
}
