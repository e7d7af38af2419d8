package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.ensureFuture;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;

import java.util.concurrent.CompletionStage;

/**
 * Port of seed_future_run_until_complete: run_until_complete on a plain Future; the setter task finishes first;
 * running again on a done future returns at once; an exception set on the future is re-raised.
 * Java shape: RuntimeError is IllegalStateException; virtual time.
 */
public final class SeedFutureRunUntilComplete {
    static CompletionStage<Void> slowOperation(Future<String> future) {
        return sleep(0.1).thenRun(() -> {
            future.setResult("Future is done!");
            Py.print("slow_operation: result set");
        });
    }

    static CompletionStage<Void> failingOperation(Future<String> future) {
        return sleep(0.1).thenRun(() -> future.setException(new IllegalStateException("missing")));
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        double t0 = loop.time();
        Future<String> future = new Future<>();
        ensureFuture(() -> slowOperation(future));
        Py.print("run_until_complete ->", loop.runUntilComplete(future), Py.t(loop.time() - t0));
        Py.print(future.result());
        Py.print("again on the done future ->", loop.runUntilComplete(future));

        Future<String> future2 = new Future<>();
        ensureFuture(() -> failingOperation(future2));
        try {
            loop.runUntilComplete(future2);
        } catch (IllegalStateException e) {
            Py.print("caught " + Py.describe(e), Py.t(loop.time() - t0));
        }
        loop.close();
        setEventLoop(null);
    }
}
