package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.openConnection;
import static io.asyncio4j.Asyncio.sleep;
import static io.asyncio4j.Asyncio.startServer;
import static io.asyncio4j.Asyncio.unwrap;

import io.asyncio4j.examples.Py;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.exceptions.CancelledError;
import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.streams.StreamReader;
import io.asyncio4j.engine.streams.StreamWriter;
import io.asyncio4j.engine.task.Task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * seed_echo_server_client: a stream echo server and client on 127.0.0.1 (read to EOF, drain, wait_closed) (real time).
 *
 * <p>In more detail: a stream echo server (startServer, read, write/drain/close, serveForever in a task inside
 * the server's lifetime) and an echo client (openConnection, write, drain, read to EOF, close, waitClosed). Real
 * sockets on 127.0.0.1 port 0, real time.
 *
 * <p>The Python original, {@code seed_echo_server_client.py}; this program prints its trace byte for byte
 * ({@code seed_echo_server_client.expected}). Run it with {@code -Dexamples=seed_echo_server_client}.
 * <pre>
 * import asyncio
 * from asyncio import StreamReader, StreamWriter
 *
 *
 * async def echo(reader: StreamReader, writer: StreamWriter):
 *     data = await reader.read(1024)
 *     message = data.decode()
 *     host = writer.get_extra_info('peername')[0]
 *     print(f"server: Received {message!s} from {host}")
 *     print(f"server: Send: {message}")
 *     writer.write(data)
 *     await writer.drain()
 *     writer.close()
 *
 *
 * async def tcp_echo_client(message, port):
 *     reader, writer = await asyncio.open_connection('127.0.0.1', port)
 *     print(f'client: Send to server: {message}')
 *     writer.write(message.encode())
 *     await writer.drain()
 *     data = await reader.read(1024)
 *     print(f'client: Received from server: {data.decode()}')
 *     rest = await reader.read(1024)
 *     print(f'client: then EOF: {rest == b""}')
 *     writer.close()
 *     await writer.wait_closed()
 *
 *
 * async def main(host):
 *     server = await asyncio.start_server(echo, host, 0)
 *     addr = server.sockets[0].getsockname()
 *     print(f'Serving on {addr[0]} (ephemeral port: {addr[1] &gt; 0})')
 *     async with server:
 *         serving = asyncio.create_task(server.serve_forever())
 *         await asyncio.sleep(0)
 *         for msg in ['hello', 'asyncio echo', 'bye']:
 *             await tcp_echo_client(msg, addr[1])
 *         serving.cancel()
 *         try:
 *             await serving
 *         except asyncio.CancelledError:
 *             print('serve_forever task: caught CancelledError')
 *     print('server is_serving after:', server.is_serving())
 *
 *
 * asyncio.run(main("127.0.0.1"))
 * </pre>
 */
public final class SeedEchoServerClient {
    static CompletionStage<Void> echo(StreamReader reader, StreamWriter writer) {
        return reader.read(1024).thenCompose(data -> {
            String message = new String(data, StandardCharsets.UTF_8);
            String host = ((InetSocketAddress) writer.getExtraInfo("peername")).getAddress().getHostAddress();
            Py.print("server: Received " + message + " from " + host);
            Py.print("server: Send: " + message);
            writer.write(data);
            return writer.drain();
        }).thenRun(writer::close);
    }

    static CompletionStage<Void> tcpEchoClient(String message, int port) {
        return openConnection("127.0.0.1", port).thenCompose(pair -> {
            StreamReader reader = pair.reader();
            StreamWriter writer = pair.writer();
            Py.print("client: Send to server: " + message);
            writer.write(message.getBytes(StandardCharsets.UTF_8));
            return writer.drain()
                    .thenCompose(x -> reader.read(1024))
                    .thenCompose(data -> {
                        Py.print("client: Received from server: " + new String(data, StandardCharsets.UTF_8));
                        return reader.read(1024);
                    })
                    .thenCompose(rest -> {
                        Py.print("client: then EOF: " + Py.str(rest.length == 0));
                        writer.close();
                        return writer.waitClosed();
                    });
        });
    }

    static InetSocketAddress sockname(Server server) {
        try {
            return (InetSocketAddress) server.sockets().get(0).getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompletionStage<Void> main(String host) {
        return startServer(SeedEchoServerClient::echo, host, 0).thenCompose(server -> {
            InetSocketAddress addr = sockname(server);
            int port = addr.getPort();
            Py.print("Serving on " + addr.getAddress().getHostAddress() + " (ephemeral port: " + Py.str(port > 0) + ")");
            // async with server:
            Task<Void> serving = createTask(() -> server.serveForever());
            CompletionStage<Void> clients = sleep(0).thenCompose(x -> CompletableFuture.completedFuture(null));
            for (String msg : List.of("hello", "asyncio echo", "bye")) {
                clients = clients.thenCompose(x -> tcpEchoClient(msg, port));
            }
            return clients
                    .thenCompose(x -> {
                        serving.cancel();
                        return serving.handle((r, e) -> {
                            if (e != null && unwrap(e) instanceof CancelledError) {
                                Py.print("serve_forever task: caught CancelledError");
                            } else if (e != null) {
                                throw Py.raise(e);
                            }
                            return null;
                        });
                    })
                    .thenCompose(x -> {
                        server.close(); // leaving `async with server`: close and wait_closed
                        return server.waitClosed();
                    })
                    .thenRun(() -> Py.print("server is_serving after: " + Py.str(server.isServing())));
        });
    }

    public static void main(String[] args) {
        Asyncio.run(() -> main("127.0.0.1"));
    }
}
