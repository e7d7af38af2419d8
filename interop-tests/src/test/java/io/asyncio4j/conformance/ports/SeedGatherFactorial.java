package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.loop.EventLoop;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Port of seed_gather_factorial: gather starts A, B, C in argument order; per-tick interleaving; results in
 * argument order; both the asyncio.run and the run_until_complete(gather(...)) forms.
 * Java shape: the {@code for} loop with an await inside is a recursive step method; virtual time.
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

    static String show(List<Integer> results) {
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
