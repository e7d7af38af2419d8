package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.ensureFuture;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;

import java.util.concurrent.CompletionStage;

/**
 * Port of seed_future_callback: a bare {@code Future()} binds to the set loop; done callbacks get the future,
 * run in registration order, one iteration after set_result and before run_until_complete returns.
 * Java shape: {@code new Future<>()} is {@code asyncio.Future()}; virtual time.
 */
public final class SeedFutureCallback {
    static Future<Integer> fut;

    static CompletionStage<Void> slowOperation(Future<Integer> f) {
        return sleep(0.1).thenRun(() -> {
            Py.print("slow_operation: set_result(22)");
            f.setResult(22);
            Py.print("slow_operation: after set_result, callbacks not run yet");
        });
    }

    static void defCallback(Future<Integer> f) {
        int number = f.result();
        Py.print("def_callback:", number + 1);
    }

    static void secondCallback(Future<Integer> f) {
        Py.print("second_callback: same future object:", f == fut);
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        Future<Integer> f = fut = new Future<>();
        Py.print("future bound to the set loop:", f.getLoop() == loop);
        ensureFuture(() -> slowOperation(f));
        f.addDoneCallback(SeedFutureCallback::defCallback);
        f.addDoneCallback(SeedFutureCallback::secondCallback);
        int result = loop.runUntilComplete(f);
        Py.print("run_until_complete returned", result);
        Py.print("done", f.done(), "cancelled", f.cancelled());
        loop.close();
        setEventLoop(null);
    }
}
