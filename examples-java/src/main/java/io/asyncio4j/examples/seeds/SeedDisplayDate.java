package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.loop.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * seed_display_date: a loop.time() deadline loop prints five ticks, 0.1 s apart (virtual time).
 *
 * <p>In more detail: a loop.time() deadline loop with 0.1 s ticks prints five ticks t=0.0..0.4. Java shape:
 * the {@code while True} loop with an await is a recursive step method; virtual time.
 *
 * <p>The Python original, {@code seed_display_date.py}; this program prints its trace byte for byte
 * ({@code seed_display_date.expected}). Run it with {@code -Dexamples=seed_display_date}.
 * <pre>
 * import asyncio
 *
 *
 * async def display_date(loop):
 *     start = loop.time()
 *     end_time = loop.time() + 0.48
 *     n = 0
 *     while True:
 *         print(f'tick {n} t={loop.time() - start:.1f}')
 *         n += 1
 *         if (loop.time() + 0.1) &gt;= end_time:
 *             break
 *         await asyncio.sleep(0.1)
 *     return n
 *
 *
 * loop = asyncio.new_event_loop()
 * asyncio.set_event_loop(loop)
 * print('ticks:', loop.run_until_complete(display_date(loop)))
 * loop.close()
 * asyncio.set_event_loop(None)
 * </pre>
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
