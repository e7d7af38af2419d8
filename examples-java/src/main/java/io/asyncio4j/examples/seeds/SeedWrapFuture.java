package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * seed_wrap_future: wrap_future: a thread pool's future awaited on the loop (real time).
 *
 * <p>The Python original, {@code seed_wrap_future.py}; this program prints its trace byte for byte
 * ({@code seed_wrap_future.expected}). Run it with {@code -Dexamples=seed_wrap_future}.
 * <pre>
 * import asyncio
 * import concurrent.futures
 * import time
 *
 *
 * def blocking(x):
 *     time.sleep(0.1)
 *     return x * 2
 *
 *
 * def boom():
 *     raise ValueError('from thread')
 *
 *
 * async def main():
 *     loop = asyncio.get_running_loop()
 *     t0 = loop.time()
 *     with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
 *         cf = pool.submit(blocking, 21)
 *         print('isfuture(concurrent future):', asyncio.isfuture(cf))
 *         af = asyncio.wrap_future(cf)
 *         print('isfuture(wrapped):', asyncio.isfuture(af), 'bound to running loop:', af.get_loop() is loop)
 *         print('wrapped result:', await af, f't={loop.time() - t0:.1f}')
 *
 *         cf2 = pool.submit(boom)
 *         try:
 *             await asyncio.wrap_future(cf2)
 *         except ValueError as e:
 *             print(f'caught {type(e).__name__}: {e}')
 *
 *     done_cf = concurrent.futures.Future()
 *     done_cf.set_result('already done')
 *     print('wrapping a completed concurrent future:', await asyncio.wrap_future(done_cf))
 *
 *     fut = loop.create_future()
 *     print('wrap_future(asyncio future) is same object:', asyncio.wrap_future(fut) is fut)
 *     print('ensure_future(asyncio future) is same object:', asyncio.ensure_future(fut) is fut)
 *     fut.cancel()
 *
 *     async def coro():
 *         return 1
 *     c = coro()
 *     print('isfuture(coroutine):', asyncio.isfuture(c))
 *     t = asyncio.ensure_future(c)
 *     print('isfuture(ensure_future(coroutine)):', asyncio.isfuture(t), type(t).__name__)
 *     await t
 *
 *     pending_cf = concurrent.futures.Future()
 *     wrapped = asyncio.wrap_future(pending_cf)
 *     wrapped.cancel()
 *     await asyncio.sleep(0)
 *     print('cancel wrapper -&gt; concurrent future cancelled:', pending_cf.cancelled())
 *
 *
 * asyncio.run(main())
 * </pre>
 */
public final class SeedWrapFuture {
    static int blocking(int x) throws InterruptedException {
        Thread.sleep(100);
        return x * 2;
    }

    static int boom() {
        throw new IllegalArgumentException("from thread"); // Python's ValueError
    }

    static CompletionStage<Void> main() {
        EventLoop loop = getRunningLoop();
        double t0 = loop.time();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        java.util.concurrent.Future<Integer> cf = pool.submit(() -> blocking(21));
        System.out.println("isfuture(concurrent future): " + Py.str(isFuture(cf)));
        Future<Integer> af = wrapFuture(cf);
        System.out.println("isfuture(wrapped): " + Py.str(isFuture(af)) + " bound to running loop: "
                + Py.str(af.getLoop() == loop));
        return af.thenCompose(v -> {
            System.out.println(String.format(Locale.ROOT, "wrapped result: %d t=%.1f", v, loop.time() - t0));
            java.util.concurrent.Future<Integer> cf2 = pool.submit(SeedWrapFuture::boom);
            return wrapFuture(cf2).handle((r, e) -> {
                if (unwrap(e) instanceof IllegalArgumentException iae) {
                    System.out.println("caught ValueError: " + iae.getMessage());
                    return null;
                }
                throw new AssertionError(e);
            });
        }).thenCompose(x -> {
            pool.shutdown(); // the with-block's exit waits for the pool
            try {
                pool.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            CompletableFuture<String> doneCf = new CompletableFuture<>();
            doneCf.complete("already done");
            return wrapFuture(doneCf);
        }).thenCompose(v -> {
            System.out.println("wrapping a completed concurrent future: " + v);
            Future<Object> fut = loop.createFuture();
            System.out.println("wrap_future(asyncio future) is same object: " + Py.str(wrapFuture(fut) == fut));
            System.out.println("ensure_future(asyncio future) is same object: " + Py.str(ensureFuture(fut) == fut));
            fut.cancel();
            Coroutine<Integer> c = () -> CompletableFuture.completedFuture(1);
            System.out.println("isfuture(coroutine): " + Py.str(isFuture(c)));
            Task<Integer> t = ensureFuture(c);
            System.out.println("isfuture(ensure_future(coroutine)): " + Py.str(isFuture(t)) + " "
                    + t.getClass().getSimpleName());
            return t;
        }).thenCompose(x -> {
            CompletableFuture<String> pendingCf = new CompletableFuture<>();
            Future<String> wrapped = wrapFuture(pendingCf);
            wrapped.cancel();
            return sleep(0).thenRun(() -> System.out.println("cancel wrapper -> concurrent future cancelled: "
                    + Py.str(pendingCf.isCancelled())));
        });
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
