package io.asyncio4j.conformance.ports;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.contextvars.ContextVar;
import io.asyncio4j.engine.loop.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/** Port of seed_to_thread.py (real time: blocking code in a worker thread; context variables follow). */
public final class SeedToThread {
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
        throw new UncheckedIOException(new IOException("disk on fire")); // Python's OSError
    }

    static CompletionStage<Void> ticker(double t0) {
        return sleep(0.1).thenRun(() ->
                System.out.println(String.format(Locale.ROOT, "ticker t=%.1f", getRunningLoop().time() - t0)));
    }

    static CompletionStage<Void> main() {
        EventLoop loop = getRunningLoop();
        double t0 = loop.time();
        return gather(toThread(() -> blockingIo(1, 2, 10)), createTask(() -> ticker(t0))).thenCompose(results -> {
            @SuppressWarnings("unchecked")
            List<Object> pair = (List<Object>) results.get(0);
            System.out.println(String.format(Locale.ROOT, "blocking_io -> %s, ran in another thread: %s t=%.1f",
                    pair.get(0), (Boolean) pair.get(1) ? "True" : "False", loop.time() - t0));
            requestId.set("req-42");
            return toThread(SeedToThread::readContext);
        }).thenCompose(seen -> {
            System.out.println("thread saw: " + seen);
            System.out.println("caller still has: " + requestId.get());
            return toThread(SeedToThread::failing).handle((r, e) -> {
                if (unwrap(e) instanceof UncheckedIOException u) {
                    System.out.println("caught OSError: " + u.getCause().getMessage());
                    return null;
                }
                throw new AssertionError(e);
            });
        });
    }

    public static void main(String[] args) {
        WarmUp.run();
        mainThread = Thread.currentThread();
        run(() -> main());
    }
}
