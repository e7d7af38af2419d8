package io.asyncio4j.mistakes;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.exceptions.TimeoutError;
import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.streams.StreamPair;
import io.asyncio4j.engine.task.Coroutine;
import io.asyncio4j.engine.task.Runner;
import io.asyncio4j.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** The chain-style helpers that read like the Python: exceptOf, finallyAwait, gather of a list, line loops, port(). */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChainHelpersTest {
    private static <T> CompletionStage<T> failing(RuntimeException e) {
        return sleep(0.1).thenApply(x -> {
            throw e;
        });
    }

    /** Asyncio.run on a virtual-time loop (the sleeps here take no real time). */
    private static <T> T run(Coroutine<T> main) {
        try (Runner runner = new Runner(null, io.asyncio4j.Asyncio::newVirtualTimeEventLoop)) {
            return runner.run(main);
        }
    }

    private static <T> Object outcome(Coroutine<T> main) {
        return run(() -> main.start().handle((v, e) -> e == null ? v : unwrap(e)));
    }

    @Test
    void exceptOfCatchesTheNamedTypeOnly() {
        assertEquals("fallback", run(() -> exceptOf(failing(new IllegalArgumentException("bad")),
                IllegalArgumentException.class, e -> "fallback")));
        assertEquals("bad", run(() -> exceptOf(failing(new IllegalArgumentException("bad")),
                RuntimeException.class, RuntimeException::getMessage)));
        Object other = outcome(() -> exceptOf(failing(new IllegalStateException("other")),
                IllegalArgumentException.class, e -> "no"));
        assertEquals("other", ((IllegalStateException) other).getMessage());
        assertEquals("fine", run(() -> exceptOf(sleep(0.1, "fine"), Exception.class, e -> "no")));
    }

    @Test
    void exceptOfNeverCatchesCancellationUnlessAsked() {
        for (Class<? extends Throwable> broad : List.of(Exception.class, RuntimeException.class, Throwable.class,
                IllegalStateException.class)) {
            Object r = outcome(() -> {
                Task<Object> t = createTask(() -> exceptOf(sleep(10, (Object) "slept"), broad, e -> "caught"));
                return sleep(0.1).thenCompose(x -> {
                    t.cancel();
                    return t;
                });
            });
            assertInstanceOf(CancelledError.class, r, broad.getSimpleName() + " must not catch CancelledError");
        }
        for (Class<? extends Throwable> named : List.of(CancelledError.class, CancellationException.class)) {
            Object r = outcome(() -> {
                Task<Object> t = createTask(() -> exceptOf(sleep(10, (Object) "slept"), named, e -> "caught"));
                return sleep(0.1).thenCompose(x -> {
                    t.cancel();
                    return t;
                });
            });
            assertEquals("caught", r, named.getSimpleName());
        }
        // The JDK's exceptionally, by contrast, does catch it (the GUIDE says so).
        Object jdk = outcome(() -> {
            Task<Object> t = createTask(() -> sleep(10, (Object) "slept").exceptionally(e -> "swallowed"));
            return sleep(0.1).thenCompose(x -> {
                t.cancel();
                return t;
            });
        });
        assertEquals("swallowed", jdk);
    }

    @Test
    void exceptOfAwaitAwaitsItsHandler() {
        assertEquals("later", run(() -> exceptOfAwait(failing(new IllegalArgumentException()),
                IllegalArgumentException.class, e -> sleep(1, "later"))));
    }

    @Test
    void finallyAwaitKeepsTheOutcomeAndAwaitsTheCleanup() {
        List<String> log = new ArrayList<>();
        assertEquals("value", run(() -> finallyAwait(sleep(0.1, "value"), () -> {
            log.add("cleanup");
            return sleep(1).thenRun(() -> log.add("cleaned"));
        })));
        assertEquals(List.of("cleanup", "cleaned"), log);
        IllegalArgumentException original = new IllegalArgumentException("original");
        Object r = outcome(() -> finallyAwait(failing(original), () -> sleep(1).thenRun(() -> log.add("after failure"))));
        assertSame(original, r);
        assertEquals("after failure", log.get(2));
    }

    @Test
    void aFailingCleanupReplacesTheOutcomeWithTheOriginalSuppressed() {
        IllegalArgumentException original = new IllegalArgumentException("original");
        IllegalStateException cleanup = new IllegalStateException("cleanup failed");
        Object r = outcome(() -> finallyAwait(failing(original), () -> failing(cleanup)));
        assertSame(cleanup, r);
        assertSame(original, cleanup.getSuppressed()[0]);
        IllegalStateException thrown = new IllegalStateException("thrown");
        assertSame(thrown, outcome(() -> finallyAwait(sleep(0, "x"), () -> {
            throw thrown;
        })));
    }

    @Test
    void finallyAwaitRunsOnCancellationToo() {
        List<String> log = new ArrayList<>();
        Object r = outcome(() -> {
            Task<String> t = createTask(() -> finallyAwait(sleep(10, "x"), () -> sleep(1).thenRun(() -> log.add("cleaned"))));
            return sleep(0.1).thenCompose(x -> {
                t.cancel();
                return t;
            });
        });
        assertInstanceOf(CancelledError.class, r);
        assertEquals(List.of("cleaned"), log);
    }

    @Test
    void gatherOfAListOfCoroutines() {
        List<Coroutine<Integer>> coros = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            coros.add(() -> sleep(5 - n, n * n));
        }
        assertEquals(List.of(0, 1, 4, 9, 16), run(() -> gather(coros)));
        List<Object> mixed = run(() -> gather(true, List.<Coroutine<Object>>of(
                () -> sleep(1, (Object) "ok"), () -> failing(new IllegalArgumentException("no")))));
        assertEquals("ok", mixed.get(0));
        assertInstanceOf(IllegalArgumentException.class, mixed.get(1));
    }

    @Test
    void timeoutErrorsSayWhatTimedOutAndTheDelay() {
        Object w = outcome(() -> waitFor(sleep(10), 2.5));
        assertEquals("waitFor() timed out after 2.5 seconds", ((TimeoutError) w).getMessage());
        Object t = outcome(() -> timeout(1.5, () -> sleep(10)));
        assertEquals("timeout() timed out after 1.5 seconds", ((TimeoutError) t).getMessage());
        Object z = outcome(() -> waitFor(sleep(10), 0.0));
        assertEquals("waitFor() timed out after 0.0 seconds", ((TimeoutError) z).getMessage());
        assertInstanceOf(CancelledError.class, ((TimeoutError) w).getCause());
    }

    @Test
    void forEachLineReadlinesAndServerPort() {
        List<String> echoed = run(() -> startServer((reader, writer) -> finallyAwait(
                forEachLine(reader, line -> {
                    writer.write(("> " + new String(line, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                    return writer.drain();
                }), () -> {
                    writer.close();
                    return writer.waitClosed();
                }), "127.0.0.1", 0).thenCompose((Server server) -> {
            int port = server.port();
            assertTrue(port > 0);
            assertEquals(port, ((InetSocketAddress) server.address()).getPort());
            return openConnection("127.0.0.1", port).thenCompose((StreamPair p) -> {
                p.writer().write("one\ntwo\nthree".getBytes(StandardCharsets.UTF_8));
                p.writer().writeEof();
                return readlines(p.reader());
            }).thenApply(lines -> {
                List<String> out = new ArrayList<>();
                for (byte[] l : lines) out.add(new String(l, StandardCharsets.UTF_8));
                return out;
            }).whenComplete((v, e) -> server.close()).thenCompose(out -> server.waitClosed().thenApply(x -> out));
        }));
        assertEquals(List.of("> one\n", "> two\n", "> three"), echoed);
    }

    @Test
    void aClosedServerHasNoPort() {
        IllegalStateException e = run(() -> startServer((r, w) -> CompletableFuture.completedFuture(null), "127.0.0.1", 0)
                .thenApply(server -> {
                    server.close();
                    return assertThrows(IllegalStateException.class, server::port);
                }));
        assertEquals("Server is closed: it has no sockets", e.getMessage());
    }
}
