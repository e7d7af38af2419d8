package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.examples.Py;

/**
 * seed_future_run_forever_stop in direct style: stop() from a done callback ends run_forever after the batch.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedFutureRunForeverStop};
 * this program prints its trace ({@code seed_future_run_forever_stop.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_future_run_forever_stop_direct} (Java 21+).
 */
public final class SeedFutureRunForeverStopDirect {
    static EventLoop loop;
    static double t0;

    static void slowOperation(Future<String> future) {
        await(sleep(0.1));
        future.setResult("Future is done!");
    }

    static void gotResult(Future<String> future) {
        Py.print(future.result(), Py.t(loop.time() - t0));
        Py.print("is_running inside callback:", loop.isRunning());
        loop.callSoon(SeedFutureRunForeverStopDirect::deferred);
        loop.stop();
        Py.print("stop() called");
    }

    static void sameBatch(Future<String> future) {
        Py.print("second done callback (same batch) ran");
    }

    static void deferred() {
        Py.print("deferred call_soon callback ran");
    }

    public static void main(String[] args) {
        loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        t0 = loop.time();
        Future<String> future = new Future<>();
        ensureFuture(async(() -> slowOperation(future)));
        future.addDoneCallback(SeedFutureRunForeverStopDirect::gotResult);
        future.addDoneCallback(SeedFutureRunForeverStopDirect::sameBatch);
        try {
            loop.runForever();
            Py.print("run_forever returned; is_running:", loop.isRunning());
            loop.runUntilComplete(async(() -> await(sleep(0))));
            Py.print("second run done");
        } finally {
            loop.close();
            setEventLoop(null);
        }
        Py.print("closed:", loop.isClosed());
    }
}
