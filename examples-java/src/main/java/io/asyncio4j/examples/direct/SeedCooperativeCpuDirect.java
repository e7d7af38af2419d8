package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;
import static io.asyncio4j.examples.seeds.SeedCooperativeCpu.busy;
import static io.asyncio4j.examples.seeds.SeedCooperativeCpu.now;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.List;

/**
 * seed_cooperative_cpu in direct style (real time): a busy loop in a direct task blocks the loop thread exactly as
 * CPU work in a Python coroutine does; the other task's sleep is over at t=0.1 but it resumes only when the busy
 * task awaits.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedCooperativeCpu};
 * this program prints its trace ({@code seed_cooperative_cpu.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_cooperative_cpu_direct} (Java 21+).
 */
public final class SeedCooperativeCpuDirect {
    static double t0;

    // now() and busy() are style-neutral: shared with the chain program.

    static String el() {
        return Py.t(now() - t0);
    }

    static void doWashing() {
        System.out.println(el() + " : start washing clothes");
        await(sleep(0.1));
        System.out.println(el() + " : washing resumed (its sleep ended at t=0.1)");
        for (int i = 0; i < 10000; i++) {
            if (i % 4000 == 0) {
                System.out.println("washing " + i);
            }
        }
        System.out.println(el() + " : clothes washed");
    }

    static void doCooking() {
        System.out.println(el() + " : start cooking rice");
        for (int step = 0; step < 3; step++) {
            busy(0.1);
            System.out.println("cooking step " + step + " " + el());
        }
        await(sleep(0.2));
        System.out.println(el() + " : rice cooked");
    }

    /** Loads the classes the timed part uses (direct tasks included), so JVM start-up does not show in the trace. */
    static void warmUp() {
        EventLoop warm = newEventLoop();
        warm.runUntilComplete(() -> Asyncio.wait(List.of(warm.createTask(async(() -> await(sleep(0.001)))))));
        warm.close();
    }

    public static void main(String[] args) {
        warmUp();
        EventLoop loop = newEventLoop();
        setEventLoop(loop);
        t0 = now();
        List<Task<Void>> tasks = List.of(loop.createTask(async(() -> doWashing())),
                loop.createTask(async(() -> doCooking())));
        loop.runUntilComplete(() -> Asyncio.wait(tasks));
        loop.close();
        setEventLoop(null);
        System.out.println("total " + el());
    }
}
