package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * seed_wrap_future in direct style (real time: a thread pool): a JDK future wrapped and awaited; Python's
 * {@code with ThreadPoolExecutor() as pool:} is a try/finally that shuts the pool down and waits for it.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedWrapFuture};
 * this program prints its trace ({@code seed_wrap_future.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_wrap_future_direct} (Java 21+).
 */
public final class SeedWrapFutureDirect {
    static int blocking(int x) throws InterruptedException {
        Thread.sleep(100);
        return x * 2;
    }

    static int boom() {
        throw new IllegalArgumentException("from thread"); // Python's ValueError
    }

    static void main() throws InterruptedException {
        EventLoop loop = getRunningLoop();
        double t0 = loop.time();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Integer> cf = pool.submit(() -> blocking(21));
            Py.print("isfuture(concurrent future):", isFuture(cf));
            Future<Integer> af = wrapFuture(cf);
            Py.print("isfuture(wrapped):", isFuture(af), "bound to running loop:", af.getLoop() == loop);
            Py.print("wrapped result:", await(af), Py.t(loop.time() - t0));
            java.util.concurrent.Future<Integer> cf2 = pool.submit(SeedWrapFutureDirect::boom);
            try {
                await(wrapFuture(cf2));
            } catch (IllegalArgumentException e) {
                Py.print("caught " + Py.describe(e));
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.SECONDS);
        }
        CompletableFuture<String> doneCf = new CompletableFuture<>();
        doneCf.complete("already done");
        Py.print("wrapping a completed concurrent future:", await(wrapFuture(doneCf)));
        Future<Object> fut = loop.createFuture();
        Py.print("wrap_future(asyncio future) is same object:", wrapFuture(fut) == fut);
        Py.print("ensure_future(asyncio future) is same object:", ensureFuture(fut) == fut);
        fut.cancel();

        Coroutine<Integer> c = async(() -> 1);
        Py.print("isfuture(coroutine):", isFuture(c));
        Task<Integer> t = ensureFuture(c);
        Py.print("isfuture(ensure_future(coroutine)):", isFuture(t), t.getClass().getSimpleName());
        await(t);

        CompletableFuture<String> pendingCf = new CompletableFuture<>();
        Future<String> wrapped = wrapFuture(pendingCf);
        wrapped.cancel();
        await(sleep(0));
        Py.print("cancel wrapper -> concurrent future cancelled:", pendingCf.isCancelled());
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
