package io.asyncio4j.direct;

import io.asyncio4j.engine.exceptions.IncompleteReadError;
import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.streams.StreamPair;
import io.asyncio4j.engine.streams.StreamReader;
import io.asyncio4j.engine.streams.StreamWriter;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.asyncio4j.Asyncio.*;
import static org.junit.jupiter.api.Assertions.*;

/** Streams in direct style over real sockets (127.0.0.1, port 0): a server handler and a client with try/finally. */
class DirectStreamsTest {

    // async def handle(reader, writer):
    //     try:
    //         while line := await reader.readline(): writer.write(line.upper()); await writer.drain()
    //     finally:
    //         writer.close(); await writer.wait_closed()
    static void handle(StreamReader reader, StreamWriter writer) {
        try {
            while (true) {
                byte[] line = await(reader.readline());
                if (line.length == 0) break;
                writer.write(new String(line, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
                await(writer.drain());
            }
        } finally {
            writer.close();
            await(writer.waitClosed());
        }
    }

    @Test
    void echoServerAndClientInDirectStyle() {
        List<String> got = run(() -> {
            // The connection callback starts the direct body in the connection's task.
            Server server = await(startServer((r, w) -> async(() -> handle(r, w)).start(), "127.0.0.1", 0));
            int port = ((InetSocketAddress) server.sockets().get(0).socket().getLocalSocketAddress()).getPort();
            List<String> lines = new ArrayList<>();
            StreamPair pair = await(openConnection("127.0.0.1", port));
            StreamWriter writer = pair.writer();
            try {
                for (String s : List.of("hello\n", "world\n")) {
                    writer.write(s.getBytes(StandardCharsets.UTF_8));
                    await(writer.drain());
                    lines.add(new String(await(pair.reader().readline()), StandardCharsets.UTF_8).trim());
                }
                writer.writeEof();
                try {
                    await(pair.reader().readexactly(1));
                    fail("no EOF");
                } catch (Exception e) { // IncompleteReadError is a checked IOException: catch and test its type
                    assertInstanceOf(IncompleteReadError.class, e);
                    lines.add("eof");
                }
            } finally {
                writer.close();
                await(writer.waitClosed());
                server.close();
                await(server.waitClosed());
            }
            return lines;
        });
        assertEquals(List.of("HELLO", "WORLD", "eof"), got);
    }
}
