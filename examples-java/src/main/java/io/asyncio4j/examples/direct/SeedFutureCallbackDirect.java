package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.examples.Py;

/**
 * seed_future_callback in direct style: a direct task sets a future; its done callbacks run one iteration later.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedFutureCallback};
 * this program prints its trace ({@code seed_future_callback.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_future_callback_direct} (Java 21+).
 */
public final class SeedFutureCallbackDirect {
    static Future<Integer> fut;

    static void slowOperation(Future<Integer> f) {
        await(sleep(0.1));
        Py.print("slow_operation: set_result(22)");
        f.setResult(22);
        Py.print("slow_operation: after set_result, callbacks not run yet");
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
        ensureFuture(async(() -> slowOperation(f)));
        f.addDoneCallback(SeedFutureCallbackDirect::defCallback);
        f.addDoneCallback(SeedFutureCallbackDirect::secondCallback);
        int result = loop.runUntilComplete(f);
        Py.print("run_until_complete returned", result);
        Py.print("done", f.done(), "cancelled", f.cancelled());
        loop.close();
        setEventLoop(null);
    }
}
