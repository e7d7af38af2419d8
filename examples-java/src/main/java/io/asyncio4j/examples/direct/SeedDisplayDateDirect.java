package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.examples.Py;

/**
 * seed_display_date in direct style: a {@code while (true)} loop with a deadline and a break.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedDisplayDate};
 * this program prints its trace ({@code seed_display_date.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_display_date_direct} (Java 21+).
 */
public final class SeedDisplayDateDirect {
    static int displayDate(EventLoop loop) {
        double start = loop.time();
        double endTime = loop.time() + 0.48;
        int n = 0;
        while (true) {
            Py.print("tick " + n, Py.t(loop.time() - start));
            n += 1;
            if (loop.time() + 0.1 >= endTime) {
                break;
            }
            await(sleep(0.1));
        }
        return n;
    }

    public static void main(String[] args) {
        EventLoop loop = newVirtualTimeEventLoop();
        setEventLoop(loop);
        Py.print("ticks:", loop.runUntilComplete(async(() -> displayDate(loop))));
        loop.close();
        setEventLoop(null);
    }
}
