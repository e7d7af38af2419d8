package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import java.util.concurrent.CompletionStage;

/**
 * seed_wait_for_timeout: wait_for: the timeout cancels the inner task; an outer cancel (virtual time).
 *
 * <p>The Python original, {@code seed_wait_for_timeout.py}; this program prints its trace byte for byte
 * ({@code seed_wait_for_timeout.expected}). Run it with {@code -Dexamples=seed_wait_for_timeout}.
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
 * async def eternity():
 *     await asyncio.sleep(3600)
 *     print('yay!')
 *
 *
 * async def main():
 *     global T0
 *     T0 = asyncio.get_running_loop().time()
 *     try:
 *         await asyncio.wait_for(eternity(), timeout=0.1)
 *     except asyncio.TimeoutError as e:
 *         print('timeout!', f'caught {type(e).__name__}', el())
 *         print('is builtin TimeoutError:', asyncio.TimeoutError is TimeoutError)
 *
 *     inner = asyncio.create_task(eternity())
 *     try:
 *         await asyncio.wait_for(inner, timeout=0.1)
 *     except TimeoutError:
 *         print('inner task cancelled after timeout:', inner.cancelled(), el())
 *
 *     r = await asyncio.wait_for(asyncio.sleep(0.1, result='in time'), timeout=0.3)
 *     print('wait_for returned:', r, el())
 *
 *     r = await asyncio.wait_for(asyncio.sleep(0.1, result='no limit'), timeout=None)
 *     print('wait_for(timeout=None) returned:', r, el())
 *
 *     inner = asyncio.create_task(eternity())
 *     outer = asyncio.create_task(asyncio.wait_for(inner, timeout=10))
 *     await asyncio.sleep(0.1)
 *     outer.cancel()
 *     try:
 *         await outer
 *     except asyncio.CancelledError:
 *         print('outer cancelled; inner cancelled too:', inner.cancelled(), el())
 *
 *
 * asyncio.run(main())
 * </pre>
 */
public final class SeedWaitForTimeout {
    static double t0;

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static CompletionStage<Void> eternity() {
        return sleep(3600).thenRun(() -> System.out.println("yay!"));
    }

    static CompletionStage<Void> main() {
        t0 = getRunningLoop().time();
        return waitFor(() -> eternity(), 0.1).handle((r, e) -> {
            if (unwrap(e) instanceof TimeoutError te) {
                System.out.println("timeout! caught " + te.getClass().getSimpleName() + " " + el());
                System.out.println("is builtin TimeoutError: " + (te instanceof TimeoutError ? "True" : "False"));
                return null;
            }
            throw new AssertionError(e);
        }).thenCompose(x -> {
            Task<Void> inner = createTask(() -> eternity());
            return waitFor(inner, 0.1).handle((r, e) -> {
                if (unwrap(e) instanceof TimeoutError) {
                    System.out.println("inner task cancelled after timeout: " + Py.str(inner.cancelled()) + " " + el());
                    return null;
                }
                throw new AssertionError(e);
            });
        }).thenCompose(x -> waitFor(sleep(0.1, "in time"), 0.3)).thenCompose(r -> {
            System.out.println("wait_for returned: " + r + " " + el());
            return waitFor(sleep(0.1, "no limit"), (Double) null);
        }).thenCompose(r -> {
            System.out.println("wait_for(timeout=None) returned: " + r + " " + el());
            Task<Void> inner = createTask(() -> eternity());
            Task<Void> outer = createTask(() -> waitFor(inner, 10));
            return sleep(0.1).thenCompose(y -> {
                outer.cancel();
                return outer;
            }).handle((r2, e) -> {
                if (unwrap(e) instanceof CancelledError) {
                    System.out.println("outer cancelled; inner cancelled too: " + Py.str(inner.cancelled()) + " " + el());
                    return null;
                }
                throw new AssertionError(e);
            });
        });
    }

    public static void main(String[] args) {
        try (Runner runner = new Runner(null, () -> newVirtualTimeEventLoop())) {
            runner.run(() -> main());
        }
    }
}
