package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.Handle;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Port of seed_call_soon_threadsafe_handle_cancel.py (real time: a loop in a background thread). */
public final class SeedCallSoonThreadsafeHandleCancel {
    static double nowTime;
    static final CountDownLatch ran = new CountDownLatch(1);

    static double now() {
        return System.nanoTime() / 1e9;
    }

    static String function(int num) {
        System.out.println(String.format(Locale.ROOT, "task %d ran t=%.1f", num, now() - nowTime));
        return "task " + num + " return value is ignored";
    }

    static void last() {
        System.out.println("last callback ran");
        ran.countDown();
    }

    public static void main(String[] args) throws Exception {
        WarmUp.run();
        nowTime = now();
        EventLoop newLoop = newEventLoop();
        Thread t = new Thread(() -> {
            setEventLoop(newLoop);
            newLoop.runForever();
        });
        t.setDaemon(true);
        t.start();

        CountDownLatch gate = new CountDownLatch(1);
        newLoop.callSoonThreadsafe(() -> { // parks the loop thread
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Handle even = newLoop.callSoonThreadsafe(() -> function(1));
        System.out.println("handle type: " + even.getClass().getSimpleName());
        even.cancel();
        System.out.println("handle 1 cancelled(): " + (even.cancelled() ? "True" : "False"));
        Handle h2 = newLoop.callSoonThreadsafe(() -> function(2));
        newLoop.callSoonThreadsafe(() -> function(3));
        newLoop.callSoonThreadsafe(SeedCallSoonThreadsafeHandleCancel::last);
        Thread.sleep(100);
        System.out.println(String.format(Locale.ROOT, "releasing the loop thread t=%.1f", now() - nowTime));
        gate.countDown();
        ran.await(2, TimeUnit.SECONDS);
        h2.cancel(); // already ran: no effect on the trace
        newLoop.callSoonThreadsafe(newLoop::stop);
        t.join();
        System.out.println("loop is_running after stop: " + (newLoop.isRunning() ? "True" : "False"));
        newLoop.close();
    }
}
