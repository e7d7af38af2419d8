package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.contextvars.ContextVar;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.examples.Py;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * seed_to_thread in direct style (real time): a direct task awaits blocking code run in a worker thread; the
 * thread sees the task's context variables. Python's OSError is an (unchecked) IOException.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedToThread};
 * this program prints its trace ({@code seed_to_thread.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_to_thread_direct} (Java 21+).
 */
public final class SeedToThreadDirect {
    static final ContextVar<String> requestId = new ContextVar<>("request_id", "unset");
    static Thread mainThread;

    static List<Object> blockingIo(int a, int b, int scale) throws InterruptedException {
        Thread.sleep(200);
        return List.of((a + b) * scale, Thread.currentThread() != mainThread);
    }

    static String readContext() {
        String seen = requestId.get();
        requestId.set("changed-in-thread");
        return seen;
    }

    static Object failing() {
        throw new UncheckedIOException(new IOException("disk on fire"));
    }

    static void ticker(double t0) {
        await(sleep(0.1));
        System.out.println("ticker " + Py.t(getRunningLoop().time() - t0));
    }

    static void main() {
        EventLoop loop = getRunningLoop();
        double t0 = loop.time();
        List<Object> results = await(gather(toThread(() -> blockingIo(1, 2, 10)), createTask(() -> ticker(t0))));
        List<?> valueAndOtherThread = (List<?>) results.get(0);
        Py.print("blocking_io -> " + valueAndOtherThread.get(0) + ", ran in another thread: "
                + Py.str(valueAndOtherThread.get(1)), Py.t(loop.time() - t0));
        requestId.set("req-42");
        Py.print("thread saw:", await(toThread(SeedToThreadDirect::readContext)));
        Py.print("caller still has:", requestId.get());
        try {
            await(toThread(SeedToThreadDirect::failing));
        } catch (UncheckedIOException e) {
            Py.print("caught OSError: " + e.getCause().getMessage());
        }
    }

    public static void main(String[] args) {
        mainThread = Thread.currentThread();
        run(() -> main());
    }
}
