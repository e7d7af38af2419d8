package io.asyncio4j.surface;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.exceptions.BrokenBarrierError;
import io.asyncio4j.engine.exceptions.InvalidStateError;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.sync.Barrier;
import io.asyncio4j.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Issue 13's small items, each by its behaviour. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Surface313Test {
    /** An exception class without a no-argument constructor. */
    static final class NeedsArgs extends RuntimeException {
        NeedsArgs(String m) {
            super(m);
        }
    }

    @Test
    void setExceptionWithAClassInstantiatesIt() {
        EventLoop loop = newVirtualTimeEventLoop();
        try {
            Future<Integer> f = loop.createFuture();
            f.setException(UnsupportedOperationException.class);
            assertTrue(f.done());
            assertInstanceOf(UnsupportedOperationException.class, f.exception());
            InvalidStateError done = assertThrows(InvalidStateError.class, () -> f.setException(IllegalStateException.class));
            assertTrue(done.getMessage().startsWith("invalid state: FINISHED"), done.getMessage());

            Future<Integer> g = loop.createFuture();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.setException(NeedsArgs.class));
            assertEquals("exceptionClass cannot be instantiated without arguments: " + NeedsArgs.class.getName(), e.getMessage());
            assertFalse(g.done(), "nothing set when the class cannot be made");
            g.cancel();

            loop.runUntilComplete(() -> {
                Task<Void> t = createTask(() -> sleep(1));
                IllegalStateException te = assertThrows(IllegalStateException.class, () -> t.setException(IllegalStateException.class));
                assertEquals("Task does not support set_exception operation", te.getMessage());
                return t;
            });
        } finally {
            loop.close();
        }
    }

    @Test
    void ensureFutureWithALoop() {
        EventLoop a = newVirtualTimeEventLoop();
        EventLoop b = newVirtualTimeEventLoop();
        try {
            Future<String> fa = a.createFuture();
            assertSame(fa, ensureFuture(fa, a));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ensureFuture(fa, b));
            assertEquals("The future belongs to a different loop than the one specified as the loop argument", e.getMessage());
            CompletableFuture<String> plain = new CompletableFuture<>();
            Future<String> wrapped = ensureFuture(plain, b);
            assertSame(b, wrapped.getLoop());
            plain.complete("x");
            assertEquals("x", b.runUntilComplete(wrapped));
            Task<Integer> t = ensureFuture(() -> CompletableFuture.completedFuture(7), b);
            assertSame(b, t.getLoop());
            assertEquals(7, b.runUntilComplete(t));
            fa.cancel();
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void runWithALoopFactoryRunsOnThatLoopAndClosesIt() {
        EventLoop[] made = {null};
        int result = Asyncio.run(() -> {
            assertSame(made[0], getRunningLoop());
            return sleep(3600).thenApply(x -> 42); // virtual time: an hour at once
        }, null, () -> made[0] = newVirtualTimeEventLoop());
        assertEquals(42, result);
        assertTrue(made[0].isClosed());
        IllegalStateException nested = assertThrows(IllegalStateException.class,
                () -> Asyncio.run(() -> {
                    Asyncio.run(() -> sleep(0), null, Asyncio::newEventLoop);
                    return sleep(0);
                }, null, Asyncio::newVirtualTimeEventLoop));
        assertEquals("asyncio.run() cannot be called from a running event loop", nested.getMessage());
    }

    @Test
    void sockRecvfromIntoFillsTheBufferFromItsPosition() throws Exception {
        try (DatagramChannel server = DatagramChannel.open(); DatagramChannel client = DatagramChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            java.net.SocketAddress clientAddr = client.getLocalAddress();
            java.net.SocketAddress serverAddr = server.getLocalAddress();
            EventLoop loop = newEventLoop();
            try {
                loop.runUntilComplete(() -> {
                    ByteBuffer buf = ByteBuffer.allocate(20);
                    buf.position(2);
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> loop.sockRecvfromInto(server, buf, 19));
                    assertEquals("nbytes is greater than the length of the buffer", e.getMessage());
                    Future<Map.Entry<Integer, java.net.SocketAddress>> first = loop.sockRecvfromInto(server, buf, 5);
                    return toThread(() -> client.send(ByteBuffer.wrap("hello world".getBytes()), serverAddr))
                            .thenCompose(n -> first)
                            .thenCompose(r -> {
                                assertEquals(5, r.getKey(), "cut at nbytes; the rest of the datagram is discarded");
                                assertEquals(clientAddr, r.getValue());
                                assertEquals(7, buf.position());
                                assertEquals("hello", new String(buf.array(), 2, 5));
                                return toThread(() -> client.send(ByteBuffer.wrap("again".getBytes()), serverAddr))
                                        .thenCompose(n -> loop.sockRecvfromInto(server, buf));
                            })
                            .thenApply(r -> {
                                assertEquals(5, r.getKey());
                                assertEquals("helloagain", new String(buf.array(), 2, 10));
                                return null;
                            });
                });
            } finally {
                loop.close();
            }
        }
    }

    @Test
    void createTaskWithEagerStartRunsAtOnceOrLater() {
        EventLoop loop = newVirtualTimeEventLoop();
        try {
            List<String> log = new ArrayList<>();
            loop.runUntilComplete(() -> {
                Task<Integer> eager = createTask(() -> {
                    log.add("eager body");
                    return CompletableFuture.completedFuture(1);
                }, "e", true);
                log.add("after eager createTask");
                assertTrue(eager.done(), "a coroutine that never waits is done on return");
                assertEquals("e", eager.getName());
                Task<Integer> lazy = createTask(() -> {
                    log.add("lazy body");
                    return sleep(0.5).thenApply(x -> 2);
                }, null, false);
                log.add("after lazy createTask");
                assertFalse(lazy.done());
                Task<Integer> eagerWaiting = createTask(() -> {
                    log.add("eager waiting body");
                    return sleep(1).thenApply(x -> 3);
                }, null, true);
                assertFalse(eagerWaiting.done());
                return lazy.thenCombine(eagerWaiting, Integer::sum).thenApply(sum -> {
                    assertEquals(5, sum);
                    return null;
                });
            });
            assertEquals(List.of("eager body", "after eager createTask", "after lazy createTask",
                    "eager waiting body", "lazy body"), log);
        } finally {
            loop.close();
        }
    }

    @Test
    void barrierRunIsTheAsyncWithForm() {
        EventLoop loop = newVirtualTimeEventLoop();
        try {
            List<String> log = new ArrayList<>();
            loop.runUntilComplete(() -> {
                Barrier barrier = new Barrier(2);
                Task<Integer> a = createTask(() -> barrier.run(i -> {
                    log.add("a passed as " + i);
                    return CompletableFuture.completedFuture(i);
                }));
                Task<Integer> b = createTask(() -> sleep(1).thenCompose(x -> barrier.run(i -> {
                    log.add("b passed as " + i);
                    return CompletableFuture.completedFuture(i);
                })));
                return a.thenCombine(b, (x, y) -> x + y).thenCompose(sum -> {
                    assertEquals(1, sum, "indexes 0 and 1");
                    return barrier.abort();
                }).thenCompose(x -> barrier.run(i -> {
                    log.add("body ran on a broken barrier");
                    return sleep(0);
                })).handle((v, e) -> {
                    assertInstanceOf(BrokenBarrierError.class, unwrap(e));
                    return null;
                });
            });
            assertEquals(2, log.size(), log.toString());
            assertTrue(log.contains("a passed as 0") || log.contains("a passed as 1"), log.toString());
        } finally {
            loop.close();
        }
    }

    @Test
    void unixStreamFunctionsTakeTheReaderLimit() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("asyncio4j-unix");
        java.nio.file.Path path = dir.resolve("s.sock");
        EventLoop loop = newEventLoop();
        List<Object> serverSaw = new ArrayList<>();
        try {
            loop.runUntilComplete(() -> startUnixServer((reader, writer) -> {
                assertEquals(4, reader.getLimit());
                return reader.readuntil("\n".getBytes()).handle((line, e) -> {
                    serverSaw.add(e == null ? new String(line) : unwrap(e).getClass().getSimpleName());
                    writer.write("0123456789\n".getBytes());
                    writer.close();
                    return null;
                });
            }, path, 4, new io.asyncio4j.engine.net.ServerOptions().backlog(5)).thenCompose(server ->
                    openUnixConnection(path, 4).thenCompose(pair -> {
                        assertEquals(4, pair.reader().getLimit());
                        pair.writer().write("too long a line\n".getBytes());
                        return pair.reader().readuntil("\n".getBytes()).handle((line, e) -> unwrap(e));
                    }).thenCompose(e -> {
                        assertInstanceOf(io.asyncio4j.engine.exceptions.LimitOverrunError.class, e);
                        server.close();
                        return server.waitClosed();
                    })));
            assertEquals(List.of("LimitOverrunError"), serverSaw);
        } finally {
            loop.close();
            java.nio.file.Files.deleteIfExists(path);
            java.nio.file.Files.delete(dir);
        }
    }
}
