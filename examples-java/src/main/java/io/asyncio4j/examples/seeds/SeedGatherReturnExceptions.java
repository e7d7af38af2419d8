package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.ensureFuture;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.unwrap;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Task;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * seed_gather_return_exceptions: gather: the first exception propagates; return_exceptions=True collects them in order (virtual time).
 *
 * <p>In more detail: the first exception propagates at once while the other children keep running;
 * return_exceptions=True puts results and exceptions in argument order; with two failures the first in time wins.
 * Java shape: ValueError is IllegalArgumentException; KeyError and TypeError are small exception classes named like
 * Python's; {@code exc_type(msg)} is a constructor reference. Where Python passes tasks and bare coroutines to one
 * gather, the coroutines are wrapped with {@code ensureFuture} in argument order, as asyncio.gather does. {@code
 * try/except ValueError} is an {@code exceptionally} that re-raises anything else. Virtual time.
 *
 * <p>The Python original, {@code seed_gather_return_exceptions.py}; this program prints its trace byte for byte
 * ({@code seed_gather_return_exceptions.expected}). Run it with {@code -Dexamples=seed_gather_return_exceptions}.
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
 * async def ok(name, delay):
 *     await asyncio.sleep(delay)
 *     print(f'  {name} finished', el())
 *     return name
 *
 *
 * async def fail(name, delay, exc_type=ValueError):
 *     await asyncio.sleep(delay)
 *     print(f'  {name} raising', el())
 *     raise exc_type(f'{name} failed')
 *
 *
 * def fmt(x):
 *     if isinstance(x, BaseException):
 *         return f'{type(x).__name__}({x})'
 *     return str(x)
 *
 *
 * async def main():
 *     global T0
 *     loop = asyncio.get_running_loop()
 *     print('-- return_exceptions=False')
 *     T0 = loop.time()
 *     a = asyncio.create_task(ok('a', 0.2))
 *     c = asyncio.create_task(ok('c', 0.3))
 *     try:
 *         await asyncio.gather(a, fail('b', 0.1), c)
 *     except ValueError as e:
 *         print(f'caught {type(e).__name__}: {e}', el())
 *     print('a, c cancelled?', a.cancelled(), c.cancelled())
 *     await asyncio.sleep(0.25)
 *     print('a, c results:', a.result(), c.result())
 *
 *     print('-- return_exceptions=True')
 *     T0 = loop.time()
 *     results = await asyncio.gather(ok('x', 0.2), fail('y', 0.1), ok('z', 0.1),
 *                                    return_exceptions=True)
 *     print('results: [' + ', '.join(fmt(r) for r in results) + ']', el())
 *
 *     print('-- two failures: first in time wins')
 *     T0 = loop.time()
 *     try:
 *         await asyncio.gather(fail('late', 0.2, KeyError), fail('early', 0.1, TypeError))
 *     except Exception as e:
 *         print(f'caught {type(e).__name__}', el())
 *     await asyncio.sleep(0.15)
 *
 *
 * asyncio.run(main())
 * </pre>
 */
public final class SeedGatherReturnExceptions {
    /** Python's KeyError (shared with SeedGatherReturnExceptionsDirect). */
    public static final class KeyError extends RuntimeException {
        /** A KeyError with {@code message}. */
        public KeyError(String message) {
            super(message);
        }
    }

    /** Python's TypeError (shared with SeedGatherReturnExceptionsDirect). */
    public static final class TypeError extends RuntimeException {
        /** A TypeError with {@code message}. */
        public TypeError(String message) {
            super(message);
        }
    }

    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static CompletionStage<String> ok(String name, double delay) {
        return sleep(delay).thenApply(x -> {
            Py.print("  " + name + " finished", el());
            return name;
        });
    }

    static CompletionStage<String> fail(String name, double delay) {
        return fail(name, delay, IllegalArgumentException::new);
    }

    static CompletionStage<String> fail(String name, double delay, Function<String, RuntimeException> excType) {
        return sleep(delay).thenApply(x -> {
            Py.print("  " + name + " raising", el());
            throw excType.apply(name + " failed");
        });
    }

    /** A gathered result as Python's repr-ish text (shared with SeedGatherReturnExceptionsDirect). */
    public static String fmt(Object x) {
        if (x instanceof Throwable e) {
            return Py.typeName(e) + "(" + Py.str(e) + ")";
        }
        return Py.str(x);
    }

    static CompletionStage<Void> main() {
        EventLoop loop = getRunningLoop();
        Py.print("-- return_exceptions=False");
        t0 = loop.time();
        Task<String> a = createTask(() -> ok("a", 0.2));
        Task<String> c = createTask(() -> ok("c", 0.3));
        return gather(a, ensureFuture(() -> fail("b", 0.1)), c)
                .<Object>thenApply(r -> r)
                .exceptionally(e -> {
                    if (!(unwrap(e) instanceof IllegalArgumentException)) {
                        throw Py.raise(e);
                    }
                    Py.print("caught " + Py.describe(e), el());
                    return null;
                })
                .thenCompose(x -> {
                    Py.print("a, c cancelled?", a.cancelled(), c.cancelled());
                    return sleep(0.25);
                })
                .thenCompose(x -> {
                    Py.print("a, c results:", a.result(), c.result());
                    Py.print("-- return_exceptions=True");
                    t0 = loop.time();
                    return gather(true, () -> ok("x", 0.2), () -> fail("y", 0.1), () -> ok("z", 0.1));
                })
                .thenCompose((List<Object> results) -> {
                    Py.print("results: [" + results.stream().map(SeedGatherReturnExceptions::fmt)
                            .collect(Collectors.joining(", ")) + "]", el());
                    Py.print("-- two failures: first in time wins");
                    t0 = loop.time();
                    return gather(() -> fail("late", 0.2, KeyError::new), () -> fail("early", 0.1, TypeError::new))
                            .<Object>thenApply(r -> r)
                            .exceptionally(e -> {
                                if (unwrap(e) instanceof java.util.concurrent.CancellationException) {
                                    throw Py.raise(e); // except Exception does not catch CancelledError
                                }
                                Py.print("caught " + Py.typeName(e), el());
                                return null;
                            });
                })
                .thenCompose(x -> sleep(0.15));
    }

    public static void main(String[] args) {
        Py.runVirtual(SeedGatherReturnExceptions::main);
    }
}
