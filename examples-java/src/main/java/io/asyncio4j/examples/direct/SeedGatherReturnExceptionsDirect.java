package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import io.asyncio4j.examples.seeds.SeedGatherReturnExceptions;
import io.asyncio4j.examples.seeds.SeedGatherReturnExceptions.KeyError;
import io.asyncio4j.examples.seeds.SeedGatherReturnExceptions.TypeError;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * seed_gather_return_exceptions in direct style: the first exception propagates; return_exceptions=True collects
 * results and exceptions in argument order; with two failures the first in time wins.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedGatherReturnExceptions};
 * this program prints its trace ({@code seed_gather_return_exceptions.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_gather_return_exceptions_direct} (Java 21+).
 */
public final class SeedGatherReturnExceptionsDirect {
    // KeyError, TypeError and fmt are style-neutral: shared with the chain program.

    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static String ok(String name, double delay) {
        await(sleep(delay));
        Py.print("  " + name + " finished", el());
        return name;
    }

    static String fail(String name, double delay) {
        return fail(name, delay, IllegalArgumentException::new); // Python's ValueError
    }

    static String fail(String name, double delay, Function<String, RuntimeException> excType) {
        await(sleep(delay));
        Py.print("  " + name + " raising", el());
        throw excType.apply(name + " failed");
    }

    static void main() {
        EventLoop loop = getRunningLoop();
        Py.print("-- return_exceptions=False");
        t0 = loop.time();
        Task<String> a = createTask(() -> ok("a", 0.2));
        Task<String> c = createTask(() -> ok("c", 0.3));
        try {
            await(gather(a, ensureFuture(async(() -> fail("b", 0.1))), c));
        } catch (IllegalArgumentException e) {
            Py.print("caught " + Py.describe(e), el());
        }
        Py.print("a, c cancelled?", a.cancelled(), c.cancelled());
        await(sleep(0.25));
        Py.print("a, c results:", a.result(), c.result());

        Py.print("-- return_exceptions=True");
        t0 = loop.time();
        List<Object> results = await(gather(true,
                async(() -> ok("x", 0.2)), async(() -> fail("y", 0.1)), async(() -> ok("z", 0.1))));
        Py.print("results: [" + results.stream().map(SeedGatherReturnExceptions::fmt)
                .collect(Collectors.joining(", ")) + "]", el());

        Py.print("-- two failures: first in time wins");
        t0 = loop.time();
        try {
            await(gather(() -> fail("late", 0.2, KeyError::new), () -> fail("early", 0.1, TypeError::new)));
        } catch (CancelledError e) {
            throw e; // except Exception does not catch CancelledError (a BaseException)
        } catch (RuntimeException e) {
            Py.print("caught " + Py.typeName(e), el());
        }
        await(sleep(0.15));
    }

    public static void main(String[] args) {
        Py.runVirtual(async(() -> main()));
    }
}
