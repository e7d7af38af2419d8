package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.examples.Py;

/** seed_display_date in direct style: a {@code while (true)} loop with a deadline and a break. */
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
