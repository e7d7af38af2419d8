package io.asyncio4j.subprocess;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.future.Future;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.net.BaseProtocol;
import io.asyncio4j.engine.net.Protocol;
import io.asyncio4j.engine.net.ReadTransport;
import io.asyncio4j.engine.net.Transport;
import io.asyncio4j.engine.net.WriteTransport;
import io.asyncio4j.engine.task.Coroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** loop.connectReadPipe / connectWritePipe on java.nio Pipes and a child's stream (real time, bounded). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PipeTransportTest {
    static class Reader implements Protocol {
        final List<String> log = new ArrayList<>();
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final Future<Void> lost = getRunningLoop().createFuture();
        Transport transport;

        @Override public void connectionMade(Transport t) { transport = t; log.add("connection_made"); }
        @Override public void dataReceived(byte[] data) { got.writeBytes(data); if (!log.get(log.size() - 1).equals("data")) log.add("data"); }
        @Override public boolean eofReceived() { log.add("eof_received"); return false; }
        @Override public void connectionLost(Throwable exc) { log.add("connection_lost " + exc); lost.setResult(null); }
    }

    static class Writer implements Protocol {
        final List<String> log = new ArrayList<>();
        final Future<Void> lost = getRunningLoop().createFuture();
        Throwable exc;

        @Override public void connectionMade(Transport t) { log.add("connection_made"); }
        @Override public void pauseWriting() { log.add("pause_writing"); }
        @Override public void resumeWriting() { log.add("resume_writing"); }
        @Override public void connectionLost(Throwable e) { exc = e; log.add("connection_lost " + (e == null ? null : e.getClass().getSimpleName())); lost.setResult(null); }
    }

    private static <T> T runReal(Coroutine<T> main) {
        EventLoop loop = Asyncio.newEventLoop();
        List<Map<String, ?>> errors = new ArrayList<>();
        loop.setExceptionHandler((l, context) -> errors.add(context));
        try {
            return loop.runUntilComplete(main);
        } finally {
            loop.close();
            assertEquals(List.of(), errors, "unhandled errors");
        }
    }

    @Test
    void readPipeDeliversDataThenEofThenConnectionLost() throws IOException {
        Pipe pipe = Pipe.open();
        runReal(() -> {
            Reader r = new Reader();
            return getRunningLoop().connectReadPipe(() -> r, pipe.source()).thenCompose(tp -> {
                assertSame(r, tp.protocol());
                assertEquals(List.of("connection_made"), r.log, "connectionMade before the call returns");
                ReadTransport t = tp.transport();
                assertSame(pipe.source(), t.getExtraInfo("pipe"));
                assertTrue(t.isReading());
                CompletableFuture.runAsync(() -> {
                    try (var sink = pipe.sink()) {
                        sink.write(ByteBuffer.wrap("hello pipe".getBytes()));
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                return r.lost.thenApply(x -> {
                    assertEquals(List.of("connection_made", "data", "eof_received", "connection_lost null"), r.log);
                    assertEquals("hello pipe", r.got.toString());
                    assertTrue(t.isClosing());
                    assertFalse(t.isReading());
                    return null;
                });
            });
        });
    }

    @Test
    void pausedReadPipeHoldsDataUntilResumed() throws IOException {
        Pipe pipe = Pipe.open();
        runReal(() -> {
            Reader r = new Reader();
            return getRunningLoop().connectReadPipe(() -> r, pipe.source()).thenCompose(tp -> {
                ReadTransport t = tp.transport();
                t.pauseReading();
                assertFalse(t.isReading());
                t.pauseReading(); // no-op when paused
                // More than the OS pipe holds: the writer blocks until we resume, so it is not awaited.
                CompletableFuture.runAsync(() -> {
                    try (var sink = pipe.sink()) {
                        sink.write(ByteBuffer.wrap(new byte[100_000]));
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                return sleep(0.1).thenCompose(x -> {
                    assertEquals(0, r.got.size(), "nothing while paused");
                    assertEquals(List.of("connection_made"), r.log, "not even the EOF");
                    t.resumeReading();
                    return r.lost;
                }).thenApply(x -> {
                    assertEquals(100_000, r.got.size());
                    assertEquals(List.of("connection_made", "data", "eof_received", "connection_lost null"), r.log);
                    return null;
                });
            });
        });
    }

    @Test
    void closingAReadPipeCallsConnectionLostOnceAndRefusesWrites() throws IOException {
        Pipe pipe = Pipe.open();
        runReal(() -> {
            Reader r = new Reader();
            return getRunningLoop().connectReadPipe(() -> r, pipe.source()).thenCompose(tp -> {
                Transport t = r.transport;
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> t.write(new byte[1]));
                assertEquals("a read pipe transport cannot write: write", e.getMessage());
                assertEquals("a read pipe transport cannot write: writeEof",
                        assertThrows(UnsupportedOperationException.class, t::writeEof).getMessage());
                assertFalse(t.canWriteEof());
                tp.transport().close();
                tp.transport().close();
                assertTrue(tp.transport().isClosing());
                tp.transport().resumeReading(); // no-op when closing
                return r.lost;
            }).thenApply(x -> {
                assertEquals(List.of("connection_made", "connection_lost null"), r.log);
                assertFalse(pipe.source().isOpen(), "the pipe is closed after connectionLost");
                return null;
            });
        });
        pipe.sink().close();
    }

    @Test
    void regularFileIsRefusedWithAsyncioWording() throws IOException {
        Path f = Files.createTempFile("asyncio4j-pipe", ".txt");
        try (FileChannel ch = FileChannel.open(f)) {
            runReal(() -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> getRunningLoop().connectReadPipe(Reader::new, ch));
                assertEquals("Pipe transport is for pipes/sockets only.", e.getMessage());
                return sleep(0);
            });
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void writePipeFlowControlAndWriteEof() throws IOException {
        Pipe pipe = Pipe.open();
        runReal(() -> {
            Writer w = new Writer();
            return getRunningLoop().connectWritePipe(() -> w, pipe.sink()).thenCompose(tp -> {
                WriteTransport t = tp.transport();
                assertEquals(List.of("connection_made"), w.log);
                assertTrue(t.canWriteEof());
                t.setWriteBufferLimits(1000);
                assertArrayEquals(new int[] {250, 1000}, t.getWriteBufferLimits());
                t.write(new byte[300_000]); // more than the OS pipe holds: nobody reads yet
                assertEquals(List.of("connection_made", "pause_writing"), w.log);
                assertEquals(300_000, t.getWriteBufferSize());
                t.writeEof();
                assertTrue(t.isClosing());
                t.write(new byte[5]); // after writeEof: dropped
                return toThread(() -> {
                    ByteBuffer buf = ByteBuffer.allocate(8192);
                    long total = 0;
                    for (int n; (n = pipe.source().read(buf)) >= 0; buf.clear()) total += n;
                    return total;
                }).thenCombine(w.lost, (total, x) -> total);
            }).thenApply(total -> {
                assertEquals(300_000L, total, "everything written, the 5 bytes after writeEof dropped");
                assertEquals(List.of("connection_made", "pause_writing", "resume_writing", "connection_lost null"), w.log);
                return null;
            });
        });
    }

    @Test
    void abortDropsTheBufferAndLosesTheConnectionAtOnce() throws IOException {
        Pipe pipe = Pipe.open();
        runReal(() -> {
            Writer w = new Writer();
            return getRunningLoop().connectWritePipe(() -> w, pipe.sink()).thenCompose(tp -> {
                tp.transport().write(new byte[1 << 20]);
                tp.transport().abort();
                assertEquals(0, tp.transport().getWriteBufferSize());
                return w.lost;
            }).thenApply(x -> {
                assertEquals(List.of("connection_made", "pause_writing", "connection_lost null"), w.log);
                return null;
            });
        });
        pipe.source().close();
    }

    @Test
    void writeToAPipeWhoseReaderIsGoneLosesTheConnectionWithTheError() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().close();
        runReal(() -> {
            Writer w = new Writer();
            BaseProtocol[] seen = {null};
            return getRunningLoop().connectWritePipe(() -> w, pipe.sink()).thenCompose(tp -> {
                seen[0] = tp.transport().getProtocol();
                tp.transport().write("x".getBytes());
                return w.lost;
            }).thenApply(x -> {
                assertSame(w, seen[0]);
                assertInstanceOf(IOException.class, w.exc);
                assertEquals(1, w.log.stream().filter(l -> l.startsWith("connection_lost")).count());
                return null;
            });
        });
    }

    @Test
    void readPipeOnAChildsStdout() throws IOException {
        java.lang.Process child = new ProcessBuilder("printf", "from child").start();
        runReal(() -> {
            Reader r = new Reader();
            return getRunningLoop().connectReadPipe(() -> r, child.getInputStream())
                    .thenCompose(tp -> r.lost)
                    .thenApply(x -> {
                        assertEquals("from child", r.got.toString());
                        assertEquals("connection_lost null", r.log.get(r.log.size() - 1));
                        return null;
                    });
        });
    }
}
