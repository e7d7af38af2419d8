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
 * seed_future_run_until_complete: run_until_complete on a plain Future; its exception is re-raised (virtual time).
 *
 * <p>In more detail: run_until_complete on a plain Future; the setter task finishes first; running again on a
 * done future returns at once; an exception set on the future is re-raised. Java shape: RuntimeError is
 * IllegalStateException; virtual time.
 *
 * <p>The Python original, {@code seed_future_run_until_complete.py}; this program prints its trace byte for byte
 * ({@code seed_future_run_until_complete.expected}). Run it with {@code -Dexamples=seed_future_run_until_complete}.
 * <pre>
 * import asyncio
 *
 *
 * async def slow_operation(future):
 *     await asyncio.sleep(0.1)
 *     future.set_result('Future is done!')
 *     print('slow_operation: result set')
 *
 *
 * async def failing_operation(future):
 *     await asyncio.sleep(0.1)
 *     future.set_exception(RuntimeError('missing'))
 *
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 * t0 = loop.time()
 * future = asyncio.Future()
 * asyncio.ensure_future(slow_operation(future))
 * print('run_until_complete -&gt;', loop.run_until_complete(future), f't={loop.time() - t0:.1f}')
 * print(future.result())
 * print('again on the done future -&gt;', loop.run_until_complete(future))
 *
 * future2 = asyncio.Future()
 * asyncio.ensure_future(failing_operation(future2))
 * try:
 *     loop.run_until_complete(future2)
 * except RuntimeError as e:
 *     print(f'caught {type(e).__name__}: {e}', f't={loop.time() - t0:.1f}')
 * loop.close()
 * asyncio.set_event_loop(None)
 * </pre>
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
