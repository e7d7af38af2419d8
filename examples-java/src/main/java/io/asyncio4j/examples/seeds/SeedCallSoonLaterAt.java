package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.newVirtualTimeEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.TimerHandle;

import java.util.concurrent.CompletionStage;

/**
 * seed_call_soon_later_at: call_soon first, then call_at/call_later in deadline order; a cancelled timer never fires (virtual time).
 *
 * <p>In more detail: call_soon first, then call_at/call_later in deadline order regardless of registration
 * order; callback arguments; TimerHandle.when(); a cancelled timer never fires. Java shape: callback arguments are
 * captured by the Runnable lambda; virtual time.
 *
 * <p>The Python original, {@code seed_call_soon_later_at.py}; this program prints its trace byte for byte
 * ({@code seed_call_soon_later_at.expected}). Run it with {@code -Dexamples=seed_call_soon_later_at}.
 * <pre>
 * import asyncio
 *
 * t0 = None
 *
 *
 * def callback(arg, loop):
 *     print(f'callback arg={arg} t={loop.time() - t0:.1f}')
 *
 *
 * async def task(loop):
 *     global t0
 *     now = loop.time()
 *     t0 = now
 *     print('register callbacks')
 *     h1 = loop.call_at(now + 0.1, callback, 'call_at1', loop)
 *     loop.call_at(now + 0.2, callback, 'call_at2', loop)
 *     loop.call_later(0.3, callback, 'call_later1', loop)
 *     loop.call_later(0.4, callback, 'call_later2', loop)
 *     doomed = loop.call_later(0.15, callback, 'cancelled_timer', loop)
 *     loop.call_soon(callback, 'call_soon', loop)
 *     print('call_at handle when() == now+0.1:', h1.when() == now + 0.1)
 *     doomed.cancel()
 *     print('cancelled timer cancelled():', doomed.cancelled())
 *     print('registered; nothing has run yet')
 *     await asyncio.sleep(0.5)
 *
 *
 * def main():
 *     event_loop = asyncio.new_event_loop()
 *     asyncio.set_event_loop(event_loop)
 *     try:
 *         print('enter event loop')
 *         event_loop.run_until_complete(task(event_loop))
 *     finally:
 *         print('close event loop')
 *         event_loop.close()
 *         asyncio.set_event_loop(None)
 *
 *
 * if __name__ == "__main__":
 *     main()
 * </pre>
 */
public final class SeedCallSoonLaterAt {
    static double t0;

    static void callback(String arg, EventLoop loop) {
        System.out.println("callback arg=" + arg + " " + Py.t(loop.time() - t0));
    }

    static CompletionStage<Void> task(EventLoop loop) {
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
        return sleep(0.5);
    }

    public static void main(String[] args) {
        EventLoop eventLoop = newVirtualTimeEventLoop();
        setEventLoop(eventLoop);
        try {
            Py.print("enter event loop");
            eventLoop.runUntilComplete(() -> task(eventLoop));
        } finally {
            Py.print("close event loop");
            eventLoop.close();
            setEventLoop(null);
        }
    }
}
