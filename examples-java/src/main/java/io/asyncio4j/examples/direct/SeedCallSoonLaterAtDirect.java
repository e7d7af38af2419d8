package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.TimerHandle;
import io.asyncio4j.examples.Py;

/**
 * seed_call_soon_later_at in direct style: callbacks scheduled from a direct task run in deadline order.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedCallSoonLaterAt};
 * this program prints its trace ({@code seed_call_soon_later_at.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_call_soon_later_at_direct} (Java 21+).
 */
public final class SeedCallSoonLaterAtDirect {
    static double t0;

    static void callback(String arg, EventLoop loop) {
        System.out.println("callback arg=" + arg + " " + Py.t(loop.time() - t0));
    }

    static void task(EventLoop loop) {
        double now = loop.time();
        t0 = now;
        Py.print("register callbacks");
        TimerHandle h1 = loop.callAt(now + 0.1, () -> callback("call_at1", loop));
        loop.callAt(now + 0.2, () -> callback("call_at2", loop));
        loop.callLater(0.3, () -> callback("call_later1", loop));
        loop.callLater(0.4, () -> callback("call_later2", loop));
        TimerHandle doomed = loop.callLater(0.15, () -> callback("cancelled_timer", loop));
        loop.callSoon(() -> callback("call_soon", loop));
        Py.print("call_at handle when() == now+0.1:", h1.when() == now + 0.1);
        doomed.cancel();
        Py.print("cancelled timer cancelled():", doomed.cancelled());
        Py.print("registered; nothing has run yet");
        await(sleep(0.5));
    }

    public static void main(String[] args) {
        EventLoop eventLoop = newVirtualTimeEventLoop();
        setEventLoop(eventLoop);
        try {
            Py.print("enter event loop");
            eventLoop.runUntilComplete(async(() -> task(eventLoop)));
        } finally {
            Py.print("close event loop");
            eventLoop.close();
            setEventLoop(null);
        }
    }
}
