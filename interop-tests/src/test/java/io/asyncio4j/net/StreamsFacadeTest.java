package io.asyncio4j.net;

import static io.asyncio4j.Asyncio.openConnection;
import static io.asyncio4j.Asyncio.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.exceptions.IncompleteReadError;
import io.asyncio4j.engine.net.Server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The streams API from Java through the facade: a line-echo server and a client, as a Java user writes them. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamsFacadeTest {
    static int port(Server server) {
        try {
            return ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompletionStage<Void> echoLines(io.asyncio4j.engine.streams.StreamReader reader,
                                           io.asyncio4j.engine.streams.StreamWriter writer) {
        return reader.readline().thenCompose(line -> {
            if (line.length == 0) {
                writer.close();
                return writer.waitClosed();
            }
            writer.write(("echo " + new String(line, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            return writer.drain().thenCompose(x -> echoLines(reader, writer));
        });
    }

    @Test
    void lineEchoAndIncompleteRead() {
        List<String> got = Asyncio.run(() -> startServer(StreamsFacadeTest::echoLines, "127.0.0.1", 0)
                .thenCompose(server -> openConnection("127.0.0.1", port(server)).thenCompose(pair -> {
                    List<String> lines = new ArrayList<>();
                    pair.writer().write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
                    pair.writer().writeEof();
                    return pair.reader().readline()
                            .thenCompose(l -> {
                                lines.add(new String(l, StandardCharsets.UTF_8));
                                return pair.reader().readline();
                            })
                            .thenCompose(l -> {
                                lines.add(new String(l, StandardCharsets.UTF_8));
                                return pair.reader().readexactly(1);
                            })
                            .handle((r, e) -> {
                                assertInstanceOf(IncompleteReadError.class, Asyncio.unwrap(e));
                                lines.add("eof");
                                pair.writer().close();
                                server.close();
                                return lines;
                            })
                            .thenCompose(l -> server.waitClosed().thenApply(x -> l));
                })));
        assertEquals(List.of("echo one\n", "echo two\n", "eof"), got);
    }
}
