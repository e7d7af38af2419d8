package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.newEventLoop;
import static io.asyncio4j.Asyncio.setEventLoop;

import io.asyncio4j.examples.Py;

import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.loop.Handle;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * seed_call_soon_threadsafe_handle_cancel: call_soon_threadsafe into a loop in another thread; a Handle cancelled before its turn (real time).
 *
 * <p>In more detail: a loop runs run_forever() in another thread; the main thread schedules plain functions
 * with call_soon_threadsafe and cancels the first Handle before its turn (the loop thread is parked in a callback
 * waiting on an event, so the cancel deterministically wins); the rest run FIFO; return values are ignored;
 * cancelling a handle that already ran has no effect; stop via call_soon_threadsafe. Java shape: threading.Event is
 * a CountDownLatch; a callback is a Runnable, so "the return value is ignored" is the value {@code function}
 * computes and the Runnable drops. Real time (threads, a blocked loop thread); time.monotonic() is System.nanoTime,
 * the loop's own clock.
 *
 * <p>The Python original, {@code seed_call_soon_threadsafe_handle_cancel.py}; this program prints its trace byte for byte
 * ({@code seed_call_soon_threadsafe_handle_cancel.expected}). Run it with {@code -Dexamples=seed_call_soon_threadsafe_handle_cancel}.
 * <pre>
 * import asyncio
 * import threading
 * import time
 * from threading import Thread
 *
 * ran = threading.Event()
 *
 *
 * def thread_new_loop(loop):
 *     asyncio.set_event_loop(loop)
 *     loop.run_forever()
 *
 *
 * def function(num):
 *     print('task {} ran t={:.1f}'.format(num, time.monotonic() - now_time))
 *     return 'task {} return value is ignored'.format(num)
 *
 *
 * def last():
 *     print('last callback ran')
 *     ran.set()
 *
 *
 * now_time = time.monotonic()
 * new_loop = asyncio.new_event_loop()
 * t = Thread(target=thread_new_loop, args=(new_loop,), daemon=True)
 * t.start()
 *
 * gate = threading.Event()
 * new_loop.call_soon_threadsafe(gate.wait)        # parks the loop thread
 * even = new_loop.call_soon_threadsafe(function, 1)
 * print('handle type:', type(even).__name__)
 * even.cancel()
 * print('handle 1 cancelled():', even.cancelled())
 * h2 = new_loop.call_soon_threadsafe(function, 2)
 * new_loop.call_soon_threadsafe(function, 3)
 * new_loop.call_soon_threadsafe(last)
 * time.sleep(0.1)
 * print('releasing the loop thread t={:.1f}'.format(time.monotonic() - now_time))
 * gate.set()
 * ran.wait(2.0)
 * h2.cancel()   # already ran: no effect on the trace
 * new_loop.call_soon_threadsafe(new_loop.stop)
 * t.join()
 * print('loop is_running after stop:', new_loop.is_running())
 * new_loop.close()
 * </pre>
 */
public final class SeedCallSoonThreadsafeHandleCancel {
    static CountDownLatch ran;
    static double nowTime;

    static double monotonic() {
        return System.nanoTime() / 1e9;
    }

    static void threadNewLoop(EventLoop loop) {
        setEventLoop(loop);
        loop.runForever();
    }

    static String function(int num) {
        System.out.println("task " + num + " ran " + Py.t(monotonic() - nowTime));
        return "task " + num + " return value is ignored";
    }

    static void last() {
        System.out.println("last callback ran");
        ran.countDown();
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        ran = new CountDownLatch(1);
        nowTime = monotonic();
        EventLoop newLoop = newEventLoop();
        Thread t = new Thread(() -> threadNewLoop(newLoop), "new_loop");
        t.setDaemon(true);
        t.start();

        CountDownLatch gate = new CountDownLatch(1);
        newLoop.callSoonThreadsafe(() -> await(gate)); // parks the loop thread
        Handle even = newLoop.callSoonThreadsafe(() -> function(1));
        Py.print("handle type:", even.getClass().getSimpleName());
        even.cancel();
        Py.print("handle 1 cancelled():", even.cancelled());
        Handle h2 = newLoop.callSoonThreadsafe(() -> function(2));
        newLoop.callSoonThreadsafe(() -> function(3));
        newLoop.callSoonThreadsafe(SeedCallSoonThreadsafeHandleCancel::last);
        Thread.sleep(100);
        System.out.println("releasing the loop thread " + Py.t(monotonic() - nowTime));
        gate.countDown();
        ran.await(2, TimeUnit.SECONDS);
        h2.cancel(); // already ran: no effect on the trace
        newLoop.callSoonThreadsafe(newLoop::stop);
        t.join();
        Py.print("loop is_running after stop:", newLoop.isRunning());
        newLoop.close();
    }
}
