package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.*;

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

/** Port of seed_wrap_future.py (real time: a thread pool). */
public final class SeedWrapFuture {
    static int blocking(int x) throws InterruptedException {
        Thread.sleep(100);
        return x * 2;
    }

    static int boom() {
        throw new IllegalArgumentException("from thread"); // Python's ValueError
    }

    static String py(boolean b) {
        return b ? "True" : "False";
    }

    static CompletionStage<Void> main() {
        EventLoop loop = getRunningLoop();
        double t0 = loop.time();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        java.util.concurrent.Future<Integer> cf = pool.submit(() -> blocking(21));
        System.out.println("isfuture(concurrent future): " + py(isFuture(cf)));
        Future<Integer> af = wrapFuture(cf);
        System.out.println("isfuture(wrapped): " + py(isFuture(af)) + " bound to running loop: "
                + py(af.getLoop() == loop));
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
            System.out.println("wrap_future(asyncio future) is same object: " + py(wrapFuture(fut) == fut));
            System.out.println("ensure_future(asyncio future) is same object: " + py(ensureFuture(fut) == fut));
            fut.cancel();
            Coroutine<Integer> c = () -> CompletableFuture.completedFuture(1);
            System.out.println("isfuture(coroutine): " + py(isFuture(c)));
            Task<Integer> t = ensureFuture(c);
            System.out.println("isfuture(ensure_future(coroutine)): " + py(isFuture(t)) + " "
                    + t.getClass().getSimpleName());
            return t;
        }).thenCompose(x -> {
            CompletableFuture<String> pendingCf = new CompletableFuture<>();
            Future<String> wrapped = wrapFuture(pendingCf);
            wrapped.cancel();
            return sleep(0).thenRun(() -> System.out.println("cancel wrapper -> concurrent future cancelled: "
                    + py(pendingCf.isCancelled())));
        });
    }

    public static void main(String[] args) {
        WarmUp.run();
        run(() -> main());
    }
}
