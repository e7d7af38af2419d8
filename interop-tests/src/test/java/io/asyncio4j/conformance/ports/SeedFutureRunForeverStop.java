package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.ensureFuture;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;

import java.util.concurrent.CompletionStage;

/**
 * Port of seed_future_run_forever_stop: stop() from a done callback ends run_forever after the current batch
 * (the second done callback still runs; a new call_soon waits until the loop runs again).
 * Java shape: {@code run_until_complete(asyncio.sleep(0))} passes the not-yet-started coroutine
 * {@code () -> sleep(0)} (a Java sleep() needs the running loop when it is called, as the coroutine's body does
 * in Python); virtual time.
 */
public final class SeedFutureRunForeverStop {
    static EventLoop loop;
    static double t0;

    static CompletionStage<Void> slowOperation(Future<String> future) {
        return sleep(0.1).thenRun(() -> future.setResult("Future is done!"));
    }

    static void gotResult(Future<String> future) {
        Py.print(future.result(), Py.t(loop.time() - t0));
        Py.print("is_running inside callback:", loop.isRunning());
        loop.callSoon(SeedFutureRunForeverStop::deferred);
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
        ensureFuture(() -> slowOperation(future));
        future.addDoneCallback(SeedFutureRunForeverStop::gotResult);
        future.addDoneCallback(SeedFutureRunForeverStop::sameBatch);
        try {
            loop.runForever();
            Py.print("run_forever returned; is_running:", loop.isRunning());
            loop.runUntilComplete(() -> sleep(0));
            Py.print("second run done");
        } finally {
            loop.close();
            setEventLoop(null);
        }
        Py.print("closed:", loop.isClosed());
    }
}
