package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.examples.Py;

/**
 * seed_future_run_until_complete in direct style: run_until_complete on a future a direct task completes.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedFutureRunUntilComplete};
 * this program prints its trace ({@code seed_future_run_until_complete.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_future_run_until_complete_direct} (Java 21+).
 */
public final class SeedFutureRunUntilCompleteDirect {
    static void slowOperation(Future<String> future) {
        await(sleep(0.1));
        future.setResult("Future is done!");
        Py.print("slow_operation: result set");
    }

    static void failingOperation(Future<String> future) {
        await(sleep(0.1));
        future.setException(new IllegalStateException("missing")); // Python's RuntimeError
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        double t0 = loop.time();
        Future<String> future = new Future<>();
        ensureFuture(async(() -> slowOperation(future)));
        Py.print("run_until_complete ->", loop.runUntilComplete(future), Py.t(loop.time() - t0));
        Py.print(future.result());
        Py.print("again on the done future ->", loop.runUntilComplete(future));

        Future<String> future2 = new Future<>();
        ensureFuture(async(() -> failingOperation(future2)));
        try {
            loop.runUntilComplete(future2);
        } catch (IllegalStateException e) {
            Py.print("caught " + Py.describe(e), Py.t(loop.time() - t0));
        }
        loop.close();
        setEventLoop(null);
    }
}
