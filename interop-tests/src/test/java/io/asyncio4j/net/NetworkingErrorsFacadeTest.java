package io.asyncio4j.net;

import static io.asyncio4j.Asyncio.openConnection;
import static io.asyncio4j.Asyncio.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.streams.StreamPair;

import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input from Java through the facade gets a clear, specific error: a port in use, an unknown host (the
 * reserved .invalid TLD: no real lookup can answer), writing after close, two concurrent reads on one reader.
 * And try-with-resources on a Server mirrors {@code async with server}.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetworkingErrorsFacadeTest {
    /** The failure of {@code stage}, unwrapped; fails the test if it succeeded. */
    static Throwable failureOf(CompletionStage<?> stage) {
        return stage.handle((r, e) -> {
            if (e == null) throw new AssertionError("expected a failure, got " + r);
            return Asyncio.unwrap(e);
        }).toCompletableFuture().join();
    }

    @Test
    void portInUseAndUnknownHost() {
        Asyncio.run(() -> startServer((r, w) -> null, "127.0.0.1", 0).thenCompose(server -> {
            int port = StreamsFacadeTest.port(server);
            return startServer((r, w) -> null, "127.0.0.1", port).handle((s, e) -> {
                Throwable inUse = Asyncio.unwrap(e);
                assertInstanceOf(BindException.class, inUse);
                assertEquals("error while attempting to bind on address ('127.0.0.1', " + port
                        + "): address already in use", inUse.getMessage());
                return null;
            }).thenCompose(x -> openConnection("no-such-host.invalid", 80).handle((p, e) -> {
                Throwable unknown = Asyncio.unwrap(e);
                assertInstanceOf(UnknownHostException.class, unknown);
                assertTrue(unknown.getMessage().contains("no-such-host.invalid"), unknown.getMessage());
                server.close();
                return null;
            })).thenCompose(x -> server.waitClosed());
        }));
    }

    @Test
    void writeAfterCloseAndConcurrentReads() {
        Asyncio.run(() -> startServer(
                // The server closes only when the client says so: the client's readline cannot end before.
                (r, w) -> r.read(1).thenAccept(b -> w.close()), "127.0.0.1", 0)
                .thenCompose(server -> openConnection("127.0.0.1", StreamsFacadeTest.port(server)).thenCompose(pair -> {
                    CompletionStage<byte[]> first = pair.reader().readline();
                    Throwable second = failureOf(pair.reader().readline());
                    assertInstanceOf(IllegalStateException.class, second);
                    assertEquals("readuntil() called while another coroutine is already waiting for incoming data",
                            second.getMessage());
                    Throwable third = failureOf(pair.reader().readexactly(3));
                    assertEquals("readexactly() called while another coroutine is already waiting for incoming data",
                            third.getMessage());
                    pair.writer().write("x".getBytes(StandardCharsets.UTF_8));
                    return first.thenCompose(line -> {
                        assertEquals(0, line.length);
                        pair.writer().close();
                        IllegalStateException late = assertThrows(IllegalStateException.class,
                                () -> pair.writer().write("late".getBytes(StandardCharsets.UTF_8)));
                        assertTrue(late.getMessage().startsWith("write() on a closed transport"), late.getMessage());
                        return pair.writer().waitClosed();
                    }).thenCompose(x -> {
                        server.close();
                        return server.waitClosed();
                    });
                })));
    }

    @Test
    void tryWithResourcesClosesTheServerLikeAsyncWith() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            ServerSocketChannel listening;
            try (Server server = loop.runUntilComplete(() -> startServer((r, w) -> {
                w.write("hi\n".getBytes(StandardCharsets.UTF_8));
                w.close();
                return w.waitClosed();
            }, "127.0.0.1", 0))) {
                listening = server.sockets().get(0);
                int port = StreamsFacadeTest.port(server);
                String line = loop.runUntilComplete(() -> openConnection("127.0.0.1", port)
                        .thenCompose((StreamPair pair) -> pair.reader().readline()
                                .thenCompose(l -> {
                                    pair.writer().close();
                                    return pair.writer().waitClosed().thenApply(x -> new String(l, StandardCharsets.UTF_8));
                                })));
                assertEquals("hi\n", line);
                assertTrue(server.isServing());
            }
            assertFalse(listening.isOpen(), "leaving the try block closed the listening socket");
        } finally {
            loop.close();
        }
    }
}
