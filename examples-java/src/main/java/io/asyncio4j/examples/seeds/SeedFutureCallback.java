package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.ensureFuture;
import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;

import java.util.concurrent.CompletionStage;

/**
 * seed_future_callback: done callbacks get the future, in registration order, one iteration after set_result (virtual time).
 *
 * <p>In more detail: a bare {@code Future()} binds to the set loop; done callbacks get the future, run in
 * registration order, one iteration after set_result and before run_until_complete returns. Java shape: {@code new
 * Future<>()} is {@code asyncio.Future()}; virtual time.
 *
 * <p>The Python original, {@code seed_future_callback.py}; this program prints its trace byte for byte
 * ({@code seed_future_callback.expected}). Run it with {@code -Dexamples=seed_future_callback}.
 * <pre>
 * import asyncio
 *
 *
 * async def slow_operation(fut):
 *     await asyncio.sleep(0.1)
 *     print('slow_operation: set_result(22)')
 *     fut.set_result(22)
 *     print('slow_operation: after set_result, callbacks not run yet')
 *
 *
 * def def_callback(fut):
 *     number = fut.result()
 *     print('def_callback:', number + 1)
 *
 *
 * def second_callback(fut):
 *     print('second_callback: same future object:', fut is FUT)
 *
 *
 * def main():
 *     global FUT
 *     loop = asyncio.new_event_loop()
 *     asyncio.set_event_loop(loop)
 *     fut = FUT = asyncio.Future()
 *     print('future bound to the set loop:', fut.get_loop() is loop)
 *     asyncio.ensure_future(slow_operation(fut))
 *     fut.add_done_callback(def_callback)
 *     fut.add_done_callback(second_callback)
 *     result = loop.run_until_complete(fut)
 *     print('run_until_complete returned', result)
 *     print('done', fut.done(), 'cancelled', fut.cancelled())
 *     loop.close()
 *     asyncio.set_event_loop(None)
 *
 *
 * if __name__ == "__main__":
 *     main()
 * </pre>
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
