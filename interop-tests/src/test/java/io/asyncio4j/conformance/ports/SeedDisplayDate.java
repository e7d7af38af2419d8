package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.engine.loop.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Port of seed_display_date: a loop.time() deadline loop with 0.1 s ticks prints five ticks t=0.0..0.4.
 * Java shape: the {@code while True} loop with an await is a recursive step method; virtual time.
 */
public final class SeedDisplayDate {
    static CompletionStage<Integer> displayDate(EventLoop loop) {
        double start = loop.time();
        double endTime = loop.time() + 0.48;
        return tick(loop, start, endTime, 0);
    }

    private static CompletionStage<Integer> tick(EventLoop loop, double start, double endTime, int n) {
        Py.print("tick " + n, Py.t(loop.time() - start));
        int next = n + 1;
        if (loop.time() + 0.1 >= endTime) {
            return CompletableFuture.completedFuture(next);
        }
        return sleep(0.1).thenCompose(x -> tick(loop, start, endTime, next));
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        Py.print("ticks:", loop.runUntilComplete(() -> displayDate(loop)));
        loop.close();
        setEventLoop(null);
    }
}
