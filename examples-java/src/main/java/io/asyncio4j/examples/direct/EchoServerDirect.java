package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.streams.StreamPair;
import io.asyncio4j.engine.streams.StreamReader;
import io.asyncio4j.engine.streams.StreamWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The direct-style twin of {@link io.asyncio4j.examples.EchoServer} (Java 21+): the TCP echo server and client of
 * the asyncio streams docs, written as the Python is, each {@code await} an {@code await(...)} and each
 * {@code finally} a {@code finally}.
 * <pre>
 * async def handle_echo(reader, writer):
 *     try:
 *         data = await reader.read(100)
 *         writer.write(data)
 *         await writer.drain()
 *     finally:
 *         writer.close()
 *         await writer.wait_closed()
 *
 * async def tcp_echo_client(port, message):
 *     reader, writer = await asyncio.open_connection('127.0.0.1', port)
 *     try:
 *         writer.write(message.encode())
 *         await writer.drain()
 *         data = await reader.read(100)
 *         print(f'Received: {data.decode()!r}')
 *     finally:
 *         writer.close()
 *         await writer.wait_closed()
 *
 * async def main():
 *     server = await asyncio.start_server(handle_echo, '127.0.0.1', 0)
 *     port = server.sockets[0].getsockname()[1]
 *     async with server:
 *         for message in ['Hello World!', 'Goodbye!']:
 *             await tcp_echo_client(port, message)
 * </pre>
 */
public final class EchoServerDirect {
    static void handleEcho(StreamReader reader, StreamWriter writer) {
        try {
            byte[] data = await(reader.read(100));
            System.out.println("server received " + data.length + " bytes from " + writer.getExtraInfo("peername"));
            writer.write(data);
            await(writer.drain());
        } finally {
            writer.close();
            await(writer.waitClosed());
        }
    }

    static void client(int port, String message) {
        StreamPair pair = await(openConnection("127.0.0.1", port));
        StreamWriter writer = pair.writer();
        try {
            writer.write(message.getBytes(StandardCharsets.UTF_8));
            await(writer.drain());
            byte[] data = await(pair.reader().read(100));
            System.out.println("Received: '" + new String(data, StandardCharsets.UTF_8) + "'");
        } finally {
            writer.close();
            await(writer.waitClosed());
        }
    }

    static void main() {
        // The server's per-connection callback is a direct body too: async(...) is its not-yet-started coroutine.
        Server server = await(startServer((reader, writer) -> async(() -> handleEcho(reader, writer)).start(),
                "127.0.0.1", 0));
        int port = ((InetSocketAddress) server.sockets().get(0).socket().getLocalSocketAddress()).getPort();
        System.out.println("Serving on 127.0.0.1 (ephemeral port)");
        try { // async with server:
            for (String message : new String[] {"Hello World!", "Goodbye!"}) {
                client(port, message);
            }
        } finally {
            server.close();
            await(server.waitClosed());
        }
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
