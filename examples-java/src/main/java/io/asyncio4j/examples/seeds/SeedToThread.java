package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.contextvars.ContextVar;
import io.asyncio4j.engine.loop.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * seed_to_thread: to_thread runs blocking code in a worker thread; context variables follow it (real time).
 *
 * <p>The Python original, {@code seed_to_thread.py}; this program prints its trace byte for byte
 * ({@code seed_to_thread.expected}). Run it with {@code -Dexamples=seed_to_thread}.
 * <pre>
 * import asyncio
 * import contextvars
 * import threading
 * import time
 *
 * request_id = contextvars.ContextVar('request_id', default='unset')
 *
 *
 * def blocking_io(a, b, *, scale=1):
 *     time.sleep(0.2)
 *     return (a + b) * scale, threading.current_thread() is not MAIN_THREAD
 *
 *
 * def read_context():
 *     seen = request_id.get()
 *     request_id.set('changed-in-thread')
 *     return seen
 *
 *
 * def failing():
 *     raise OSError('disk on fire')
 *
 *
 * async def ticker(t0):
 *     await asyncio.sleep(0.1)
 *     print(f'ticker t={asyncio.get_running_loop().time() - t0:.1f}')
 *
 *
 * async def main():
 *     loop = asyncio.get_running_loop()
 *     t0 = loop.time()
 *     (value, other_thread), _ = await asyncio.gather(
 *         asyncio.to_thread(blocking_io, 1, 2, scale=10), ticker(t0))
 *     print(f'blocking_io -&gt; {value}, ran in another thread: {other_thread}',
 *           f't={loop.time() - t0:.1f}')
 *
 *     request_id.set('req-42')
 *     print('thread saw:', await asyncio.to_thread(read_context))
 *     print('caller still has:', request_id.get())
 *
 *     try:
 *         await asyncio.to_thread(failing)
 *     except OSError as e:
 *         print(f'caught {type(e).__name__}: {e}')
 *
 *
 * MAIN_THREAD = threading.current_thread()
 * asyncio.run(main())
 * </pre>
 */
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
        mainThread = Thread.currentThread();
        run(() -> main());
    }
}
