package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.streams.StreamPair;
import io.asyncio4j.engine.streams.StreamReader;
import io.asyncio4j.engine.streams.StreamWriter;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * seed_echo_server_client in direct style (real sockets on 127.0.0.1, real time): the server's per-connection
 * callback is a direct body ({@code async(...).start()} as the callback's stage), the client reads to EOF, and
 * {@code async with server:} is a try/finally that closes the server and waits for it.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedEchoServerClient};
 * this program prints its trace ({@code seed_echo_server_client.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_echo_server_client_direct} (Java 21+).
 */
public final class SeedEchoServerClientDirect {
    static void echo(StreamReader reader, StreamWriter writer) {
        byte[] data = await(reader.read(1024));
        String message = new String(data, StandardCharsets.UTF_8);
        String host = ((InetSocketAddress) writer.getExtraInfo("peername")).getAddress().getHostAddress();
        Py.print("server: Received " + message + " from " + host);
        Py.print("server: Send: " + message);
        writer.write(data);
        await(writer.drain());
        writer.close();
    }

    static void tcpEchoClient(String message, int port) {
        StreamPair pair = await(openConnection("127.0.0.1", port));
        StreamReader reader = pair.reader();
        StreamWriter writer = pair.writer();
        Py.print("client: Send to server: " + message);
        writer.write(message.getBytes(StandardCharsets.UTF_8));
        await(writer.drain());
        byte[] data = await(reader.read(1024));
        Py.print("client: Received from server: " + new String(data, StandardCharsets.UTF_8));
        byte[] rest = await(reader.read(1024));
        Py.print("client: then EOF: " + Py.str(rest.length == 0));
        writer.close();
        await(writer.waitClosed());
    }

    static InetSocketAddress sockname(Server server) {
        try {
            return (InetSocketAddress) server.sockets().get(0).getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void main(String host) {
        Server server = await(startServer((reader, writer) -> async(() -> echo(reader, writer)).start(), host, 0));
        InetSocketAddress addr = sockname(server);
        Py.print("Serving on " + addr.getAddress().getHostAddress() + " (ephemeral port: " + Py.str(addr.getPort() > 0) + ")");
        try { // async with server:
            Task<Void> serving = createTask(() -> server.serveForever());
            await(sleep(0));
            for (String msg : List.of("hello", "asyncio echo", "bye")) {
                tcpEchoClient(msg, addr.getPort());
            }
            serving.cancel();
            try {
                await(serving);
            } catch (CancelledError e) {
                Py.print("serve_forever task: caught CancelledError");
            }
        } finally {
            server.close();
            await(server.waitClosed());
        }
        Py.print("server is_serving after: " + Py.str(server.isServing()));
    }

    public static void main(String[] args) {
        run(() -> main("127.0.0.1"));
    }
}
