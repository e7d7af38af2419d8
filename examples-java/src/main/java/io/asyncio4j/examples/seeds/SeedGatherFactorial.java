package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.loop.EventLoop;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * seed_gather_factorial: gather interleaves three factorials tick by tick; results in argument order (virtual time).
 *
 * <p>In more detail: gather starts A, B, C in argument order; per-tick interleaving; results in argument
 * order; both the asyncio.run and the run_until_complete(gather(...)) forms. Java shape: the {@code for} loop with
 * an await inside is a recursive step method; virtual time.
 *
 * <p>The Python original, {@code seed_gather_factorial.py}; this program prints its trace byte for byte
 * ({@code seed_gather_factorial.expected}). Run it with {@code -Dexamples=seed_gather_factorial}.
 * <pre>
 * import asyncio
 *
 * T0 = 0.0
 *
 *
 * def el():
 *     return f't={asyncio.get_running_loop().time() - T0:.1f}'
 *
 *
 * async def factorial(name, number):
 *     f = 1
 *     for i in range(2, number + 1):
 *         print(f"Task {name}: Compute factorial({i})...", el())
 *         await asyncio.sleep(0.1)
 *         f *= i
 *     print(f"Task {name}: factorial({number}) = {f}", el())
 *     return f
 *
 *
 * async def main():
 *     global T0
 *     T0 = asyncio.get_running_loop().time()
 *     results = await asyncio.gather(
 *         factorial("A", 2),
 *         factorial("B", 3),
 *         factorial("C", 4),
 *     )
 *     print('results: [' + ', '.join(map(str, results)) + ']')
 *
 *
 * print('-- asyncio.run(main())')
 * asyncio.run(main())
 *
 * print('-- loop.run_until_complete(asyncio.gather(...))')
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 * T0 = loop.time()
 * results = loop.run_until_complete(asyncio.gather(
 *     factorial("A", 2),
 *     factorial("B", 3),
 *     factorial("C", 4),
 * ))
 * print('results: [' + ', '.join(map(str, results)) + ']')
 * loop.close()
 * asyncio.set_event_loop(None)
 * </pre>
 */
public final class SeedGatherFactorial {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static CompletionStage<Integer> factorial(String name, int number) {
        return factorialLoop(name, number, 2, 1);
    }

    /** for i in range(i, number + 1): print; await sleep(0.1); f *= i. */
    private static CompletionStage<Integer> factorialLoop(String name, int number, int i, int f) {
        if (i > number) {
            Py.print("Task " + name + ": factorial(" + number + ") = " + f, el());
            return CompletableFuture.completedFuture(f);
        }
        Py.print("Task " + name + ": Compute factorial(" + i + ")...", el());
        return sleep(0.1).thenCompose(x -> factorialLoop(name, number, i + 1, f * i));
    }

    /** The results line, as Python prints the list (shared with SeedGatherFactorialDirect). */
    public static String show(List<Integer> results) {
        return "results: [" + results.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]";
    }

    static CompletionStage<Void> main() {
        t0 = getRunningLoop().time();
        return gather(() -> factorial("A", 2), () -> factorial("B", 3), () -> factorial("C", 4))
                .thenAccept(results -> System.out.println(show(results)));
    }

    public static void main(String[] args) {
        System.out.println("-- asyncio.run(main())");
        Py.runVirtual(SeedGatherFactorial::main);

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
