package io.asyncio4j.examples.seeds;

import static io.asyncio4j.Asyncio.createTask;
import static io.asyncio4j.Asyncio.gather;
import static io.asyncio4j.Asyncio.getRunningLoop;
import static io.asyncio4j.Asyncio.openConnection;
import static io.asyncio4j.Asyncio.sleep;

import io.asyncio4j.examples.Py;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.net.Protocol;
import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.net.Transport;
import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.task.Task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * seed_http_protocol_block: a mini HTTP server on a Protocol: a slow path answered from a task, others at once (real time).
 *
 * <p>In more detail: a mini HTTP server made of a Protocol (createServer); GET /block answers after 0.3 s from
 * a task created in dataReceived, other paths at once; a second connection is served meanwhile. Real sockets on
 * 127.0.0.1 port 0, real time.
 *
 * <p>The Python original, {@code seed_http_protocol_block.py}; this program prints its trace byte for byte
 * ({@code seed_http_protocol_block.expected}). Run it with {@code -Dexamples=seed_http_protocol_block}.
 * <pre>
 * import asyncio
 * import re
 *
 * T0 = None
 * CONNECTED = None  # asyncio.Queue: one item per server-side connection_made
 * LOST = []
 *
 *
 * def el():
 *     return f't={asyncio.get_running_loop().time() - T0:.1f}'
 *
 *
 * class DemoProtocol(asyncio.Protocol):
 *     url_re = re.compile(b'GET (.*) HTTP/1.1')
 *
 *     def connection_made(self, transport):
 *         peername = transport.get_extra_info('peername')
 *         print('server: Connection from {}'.format(peername[0]), el())
 *         self.transport = transport
 *         CONNECTED.put_nowait(True)
 *
 *     def data_received(self, data):
 *         url = DemoProtocol.url_re.match(data).group(1)
 *         print("server: GET", url.decode(), el())
 *         if url == b"/block":
 *             asyncio.create_task(self.response_after(b'&lt;h1&gt;Are you block?&lt;/h1&gt;', 0.3))
 *         else:
 *             asyncio.create_task(self.response(b'&lt;h1&gt;hello world&lt;/h1&gt;'))
 *
 *     def connection_lost(self, exc):
 *         LOST.append(exc)
 *
 *     async def response(self, content):
 *         self.transport.write(b"HTTP/1.1 200 OK\r\n")
 *         self.transport.write(b"Content-Type: text/html\r\n")
 *         self.transport.write(b"\r\n")
 *         self.transport.write(content)
 *         self.transport.write(b"\r\n")
 *         self.transport.close()
 *
 *     async def response_after(self, content, delay):
 *         await asyncio.sleep(delay)
 *         await self.response(content)
 *
 *
 * async def fetch(port, path, start_delay):
 *     await asyncio.sleep(start_delay)
 *     reader, writer = await asyncio.open_connection('127.0.0.1', port)
 *     await CONNECTED.get()
 *     print(f'client: request {path}', el())
 *     writer.write(f'GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.encode())
 *     data = await reader.read()  # until EOF: the server closes after answering
 *     lines = data.decode().split('\r\n')
 *     print(f'client: response for {path}: status="{lines[0]}" body="{lines[3]}"', el())
 *     writer.close()
 *     await writer.wait_closed()
 *     return path
 *
 *
 * async def main():
 *     global T0, CONNECTED
 *     CONNECTED = asyncio.Queue()
 *     loop = asyncio.get_running_loop()
 *     T0 = loop.time()
 *     server = await loop.create_server(lambda: DemoProtocol(), '127.0.0.1', 0)
 *     port = server.sockets[0].getsockname()[1]
 *     order = []
 *     tasks = [asyncio.create_task(fetch(port, '/block', 0.0)),
 *              asyncio.create_task(fetch(port, '/', 0.1))]
 *     for t in tasks:
 *         t.add_done_callback(lambda t: order.append(t.result()))
 *     await asyncio.gather(*tasks)
 *     print('order of responses: ' + ' then '.join(order))
 *     server.close()
 *     await server.wait_closed()
 *     print('server closed')
 *     print('server: connection_lost calls: [' + ', '.join(str(e) for e in LOST) + ']')
 *
 *
 * asyncio.run(main())
 * </pre>
 */
public final class SeedHttpProtocolBlock {
    static double t0;
    static Queue<Boolean> connected;
    static final List<Throwable> LOST = new ArrayList<>();

    /** True during the warm-up run: the trace is printed only by the real run. */
    static boolean quiet;

    static void say(Object... parts) {
        if (!quiet) {
            Py.print(parts);
        }
    }

    static String el() {
        return Py.t(getRunningLoop().time() - t0);
    }

    static final class DemoProtocol implements Protocol {
        static final Pattern URL_RE = Pattern.compile("GET (.*) HTTP/1.1");
        Transport transport;

        @Override
        public void connectionMade(Transport transport) {
            InetSocketAddress peer = (InetSocketAddress) transport.getExtraInfo("peername");
            say("server: Connection from " + peer.getAddress().getHostAddress(), el());
            this.transport = transport;
            connected.putNowait(true);
        }

        @Override
        public void dataReceived(byte[] data) {
            Matcher m = URL_RE.matcher(new String(data, StandardCharsets.ISO_8859_1));
            if (!m.lookingAt()) {
                throw new IllegalArgumentException("no request line");
            }
            String url = m.group(1);
            say("server: GET " + url, el());
            if (url.equals("/block")) {
                createTask(() -> responseAfter("<h1>Are you block?</h1>", 0.3));
            } else {
                createTask(() -> response("<h1>hello world</h1>"));
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            LOST.add(exc);
        }

        CompletionStage<Void> response(String content) {
            transport.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            transport.write("Content-Type: text/html\r\n".getBytes(StandardCharsets.US_ASCII));
            transport.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            transport.write(content.getBytes(StandardCharsets.US_ASCII));
            transport.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            transport.close();
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        CompletionStage<Void> responseAfter(String content, double delay) {
            return sleep(delay).thenCompose(x -> response(content));
        }
    }

    static CompletionStage<String> fetch(int port, String path, double startDelay) {
        return sleep(startDelay)
                .thenCompose(x -> openConnection("127.0.0.1", port))
                .thenCompose(pair -> connected.get().thenCompose(ok -> {
                    say("client: request " + path, el());
                    pair.writer().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    return pair.reader().read();
                }).thenCompose(data -> {
                    String[] lines = new String(data, StandardCharsets.US_ASCII).split("\r\n", -1);
                    say("client: response for " + path + ": status=\"" + lines[0] + "\" body=\"" + lines[3] + "\"",
                            el());
                    pair.writer().close();
                    return pair.writer().waitClosed();
                }))
                .thenApply(x -> path);
    }

    static int port(Server server) {
        try {
            return ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompletionStage<Void> main() {
        connected = new Queue<>();
        EventLoop loop = getRunningLoop();
        t0 = loop.time();
        return loop.createServer(DemoProtocol::new, "127.0.0.1", 0).thenCompose(server -> {
            int port = port(server);
            List<String> order = new ArrayList<>();
            List<Task<String>> tasks = List.of(
                    createTask(() -> fetch(port, "/block", 0.0)),
                    createTask(() -> fetch(port, "/", 0.1)));
            for (Task<String> t : tasks) {
                t.addDoneCallback(done -> order.add(done.result()));
            }
            return gather(tasks).thenCompose(results -> {
                say("order of responses: " + String.join(" then ", order));
                server.close();
                return server.waitClosed();
            }).thenRun(() -> {
                say("server closed");
                List<String> lost = new ArrayList<>();
                for (Throwable e : LOST) {
                    lost.add(Py.str(e));
                }
                say("server: connection_lost calls: [" + String.join(", ", lost) + "]");
            });
        });
    }

    public static void main(String[] args) {
        // A quiet first run loads the socket, selector and regex classes, so class loading does not shift the
        // real run's first timings by a tenth of a second (the other ports warm up the same way).
        quiet = true;
        Asyncio.run(() -> main()); // a lambda: main is overloaded, and run() has direct-style overloads
        quiet = false;
        LOST.clear();
        Asyncio.run(() -> main()); // a lambda: main is overloaded, and run() has direct-style overloads
    }
}
