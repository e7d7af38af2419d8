package io.asyncio4j.bench;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.net.Protocol;
import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.net.ServerOptions;
import io.asyncio4j.engine.net.Transport;
import io.asyncio4j.engine.streams.StreamReader;
import io.asyncio4j.engine.streams.StreamWriter;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * asyncio4j echo servers for the echo workloads: {@code EchoServers <asyncio4j-java|asyncio4j-kotlin>
 * <streams|protocol>}. Binds 127.0.0.1:0, prints "PORT n", serves until killed. The same two servers as
 * benchmarks/python/echo_server.py: startServer + StreamReader.read/write/drain, and Protocol.dataReceived → write.
 */
public final class EchoServers {
    private EchoServers() {
    }

    public static void main(String[] args) {
        String api = args[1];
        if (args[0].equals("asyncio4j-kotlin")) {
            KotlinEcho.INSTANCE.run(api);
            return;
        }
        Asyncio.run(() -> serve(api));
    }

    static final class EchoProtocol implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    // async def handle(reader, writer):
    //     while data := await reader.read(65536): writer.write(data); await writer.drain()
    //     writer.close()
    static CompletionStage<Void> handle(StreamReader reader, StreamWriter writer) {
        boolean[] eof = {false};
        return Asyncio.loopWhile(() -> !eof[0], () -> reader.read(65536).thenCompose(data -> {
            if (data.length == 0) {
                eof[0] = true;
                return CompletableFuture.completedFuture(null);
            }
            writer.write(data);
            return writer.drain();
        })).whenComplete((x, e) -> writer.close());
    }

    static CompletionStage<Void> serve(String api) {
        EventLoop loop = Asyncio.getRunningLoop();
        ServerOptions options = new ServerOptions().backlog(1024);
        CompletionStage<Server> started = api.equals("streams")
                ? Asyncio.startServer(EchoServers::handle, "127.0.0.1", 0, 65536, options)
                : loop.createServer(EchoProtocol::new, "127.0.0.1", 0, options);
        return started.thenCompose(server -> {
            InetSocketAddress address;
            try {
                address = (InetSocketAddress) server.sockets().get(0).getLocalAddress();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.out.println("PORT " + address.getPort());
            System.out.flush();
            return server.serveForever();
        });
    }
}
