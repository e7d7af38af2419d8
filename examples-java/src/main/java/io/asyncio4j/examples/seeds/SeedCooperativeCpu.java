package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.examples.Py;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * seed_cooperative_cpu: busy loops block the loop thread; sleep(0) lets the others run (real time).
 *
 * <p>The Python original, {@code seed_cooperative_cpu.py}; this program prints its trace byte for byte
 * ({@code seed_cooperative_cpu.expected}). Run it with {@code -Dexamples=seed_cooperative_cpu}.
 * <pre>
 * import asyncio
 * import time
 *
 * T0 = 0.0
 *
 *
 * def el():
 *     return f't={time.monotonic() - T0:.1f}'
 *
 *
 * def busy(seconds):
 *     end = time.monotonic() + seconds
 *     while time.monotonic() &lt; end:
 *         pass
 *
 *
 * async def do_washing():
 *     print(el(), ': start washing clothes')
 *     await asyncio.sleep(0.1)
 *     print(el(), ': washing resumed (its sleep ended at t=0.1)')
 *     for i in range(10000):
 *         if i % 4000 == 0:
 *             print('washing', i)
 *     print(el(), ': clothes washed')
 *
 *
 * async def do_cooking():
 *     print(el(), ': start cooking rice')
 *     for step in range(3):
 *         busy(0.1)
 *         print('cooking step', step, el())
 *     await asyncio.sleep(0.2)
 *     print(el(), ': rice cooked')
 *
 *
 * if __name__ == '__main__':
 *     loop = asyncio.new_event_loop()
 *     asyncio.set_event_loop(loop)
 *     T0 = time.monotonic()
 *     tasks = [loop.create_task(do_washing()), loop.create_task(do_cooking())]
 *     loop.run_until_complete(asyncio.wait(tasks))
 *     loop.close()
 *     asyncio.set_event_loop(None)
 *     print('total', el())
 * </pre>
 */
public final class SeedCooperativeCpu {
    static double t0;

    /** The monotonic clock in seconds (shared with SeedCooperativeCpuDirect). */
    public static double now() {
        return System.nanoTime() / 1e9;
    }

    static String el() {
        return Py.t(now() - t0);
    }

    /** Spins the CPU for {@code seconds} without yielding to the loop (shared with SeedCooperativeCpuDirect). */
    public static void busy(double seconds) {
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
