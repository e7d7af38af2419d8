package io.asyncio4j.examples;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.streams.StreamReader;
import io.asyncio4j.engine.streams.StreamWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The TCP echo server and client of the asyncio streams docs, in one program on 127.0.0.1 (an ephemeral port).
 * <pre>
 * async def handle_echo(reader, writer):
 *     data = await reader.read(100)
 *     writer.write(data)
 *     await writer.drain()
 *     writer.close()
 *     await writer.wait_closed()
 *
 * async def tcp_echo_client(port, message):
 *     reader, writer = await asyncio.open_connection('127.0.0.1', port)
 *     writer.write(message.encode())
 *     await writer.drain()
 *     data = await reader.read(100)
 *     print(f'Received: {data.decode()!r}')
 *     writer.close()
 *     await writer.wait_closed()
 * </pre>
 */
public final class EchoServer {
    static CompletionStage<Void> handleEcho(StreamReader reader, StreamWriter writer) {
        return reader.read(100).thenCompose(data -> {
            System.out.println("server received " + data.length + " bytes from " + writer.getExtraInfo("peername"));
            writer.write(data);
            return writer.drain();
        }).thenCompose(x -> {
            writer.close();
            return writer.waitClosed();
        });
    }

    static CompletionStage<Void> client(int port, String message) {
        return openConnection("127.0.0.1", port).thenCompose(pair -> {
            StreamWriter writer = pair.writer();
            writer.write(message.getBytes(StandardCharsets.UTF_8));
            return writer.drain()
                    .thenCompose(x -> pair.reader().read(100))
                    .thenCompose(data -> {
                        System.out.println("Received: '" + new String(data, StandardCharsets.UTF_8) + "'");
                        writer.close();
                        return writer.waitClosed();
                    });
        });
    }

    static CompletionStage<Void> main() {
        return startServer(EchoServer::handleEcho, "127.0.0.1", 0).thenCompose((Server server) -> {
            int port = ((InetSocketAddress) server.sockets().get(0).socket().getLocalSocketAddress()).getPort();
            System.out.println("Serving on 127.0.0.1 (ephemeral port)");
            return client(port, "Hello World!")
                    .thenCompose(x -> client(port, "Goodbye!"))
                    .thenCompose(x -> {
                        server.close();
                        return server.waitClosed();
                    });
        }).thenCompose(x -> CompletableFuture.completedFuture(null));
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
