package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.examples.Py;

/**
 * seed_sleep_result in direct style: sleep(delay, result) returns result; sleep(0) alternates two tasks.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedSleepResult};
 * this program prints its trace ({@code seed_sleep_result.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_sleep_result_direct} (Java 21+).
 */
public final class SeedSleepResultDirect {
    static void worker(String name, int n, double delay) {
        for (int i = 0; i < n; i++) {
            System.out.println(name + i);
            await(sleep(delay));
        }
    }

    static void main() {
        EventLoop loop = getRunningLoop();
        double t0 = loop.time();
        String result = await(sleep(0.1, "task done"));
        Py.print(result, Py.t(loop.time() - t0));
        Py.print("plain sleep returns", await(sleep(0)));
        Py.print("-- sleep(0) interleaving");
        await(gather(async(() -> worker("A", 3, 0)), async(() -> worker("B", 3, 0))));
        Py.print("-- sleep(-1) interleaving");
        await(gather(async(() -> worker("C", 2, -1)), async(() -> worker("D", 2, -1))));
    }

    public static void main(String[] args) {
        Py.runVirtual(async(() -> main()));
    }
}
