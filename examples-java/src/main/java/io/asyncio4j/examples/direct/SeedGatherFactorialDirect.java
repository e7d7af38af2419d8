package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;
import static io.asyncio4j.examples.seeds.SeedGatherFactorial.show;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.examples.Py;
import java.util.List;

/**
 * seed_gather_factorial in direct style: gather interleaves three factorial loops; results in argument order.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedGatherFactorial};
 * this program prints its trace ({@code seed_gather_factorial.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_gather_factorial_direct} (Java 21+).
 */
public final class SeedGatherFactorialDirect {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static int factorial(String name, int number) {
        int f = 1;
        for (int i = 2; i <= number; i++) {
            Py.print("Task " + name + ": Compute factorial(" + i + ")...", el());
            await(sleep(0.1));
            f *= i;
        }
        Py.print("Task " + name + ": factorial(" + number + ") = " + f, el());
        return f;
    }

    // show() is style-neutral: shared with the chain program.

    static void main() {
        t0 = getRunningLoop().time();
        List<Integer> results = await(gather(
                () -> factorial("A", 2),
                () -> factorial("B", 3),
                () -> factorial("C", 4)));
        System.out.println(show(results));
    }

    public static void main(String[] args) {
        System.out.println("-- asyncio.run(main())");
        Py.runVirtual(async(() -> main()));

        System.out.println("-- loop.run_until_complete(asyncio.gather(...))");
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        t0 = loop.time();
        List<Integer> results = loop.runUntilComplete(gather(
                () -> factorial("A", 2),
                () -> factorial("B", 3),
                () -> factorial("C", 4)));
        System.out.println(show(results));
        loop.close();
        setEventLoop(null);
    }
}
