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
 * seed_future_run_forever_stop: stop() from a done callback ends run_forever after the current batch (virtual time).
 *
 * <p>In more detail: stop() from a done callback ends run_forever after the current batch (the second done
 * callback still runs; a new call_soon waits until the loop runs again). Java shape: {@code
 * run_until_complete(asyncio.sleep(0))} passes the not-yet-started coroutine {@code () -> sleep(0)} (a Java sleep()
 * needs the running loop when it is called, as the coroutine's body does in Python); virtual time.
 *
 * <p>The Python original, {@code seed_future_run_forever_stop.py}; this program prints its trace byte for byte
 * ({@code seed_future_run_forever_stop.expected}). Run it with {@code -Dexamples=seed_future_run_forever_stop}.
 * <pre>
 * import asyncio
 *
 *
 * async def slow_operation(future):
 *     await asyncio.sleep(0.1)
 *     future.set_result('Future is done!')
 *
 *
 * def got_result(future):
 *     print(future.result(), f't={loop.time() - t0:.1f}')
 *     print('is_running inside callback:', loop.is_running())
 *     loop.call_soon(deferred)
 *     loop.stop()
 *     print('stop() called')
 *
 *
 * def same_batch(future):
 *     print('second done callback (same batch) ran')
 *
 *
 * def deferred():
 *     print('deferred call_soon callback ran')
 *
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 * t0 = loop.time()
 * future = asyncio.Future()
 * asyncio.ensure_future(slow_operation(future))
 * future.add_done_callback(got_result)
 * future.add_done_callback(same_batch)
 * try:
 *     loop.run_forever()
 *     print('run_forever returned; is_running:', loop.is_running())
 *     loop.run_until_complete(asyncio.sleep(0))
 *     print('second run done')
 * finally:
 *     loop.close()
 *     asyncio.set_event_loop(None)
 * print('closed:', loop.is_closed())
 * </pre>
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
