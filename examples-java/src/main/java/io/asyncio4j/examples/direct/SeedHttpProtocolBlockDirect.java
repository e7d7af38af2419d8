package io.asyncio4j.examples.direct;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.loop.EventLoop;
import io.asyncio4j.engine.net.Protocol;
import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.net.Transport;
import io.asyncio4j.engine.streams.StreamPair;
import io.asyncio4j.engine.sync.Queue;
import io.asyncio4j.engine.task.Task;
import io.asyncio4j.examples.Py;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * seed_http_protocol_block in direct style (real sockets on 127.0.0.1, real time): a Protocol's dataReceived
 * creates direct tasks that answer (one after a 0.3 s sleep); direct clients read to EOF.
 *
 * <p>The Python original is in {@link io.asyncio4j.examples.seeds.SeedHttpProtocolBlock};
 * this program prints its trace ({@code seed_http_protocol_block.expected}) byte for byte.
 * Run it with {@code -Dexamples=seed_http_protocol_block_direct} (Java 21+).
 */
public final class SeedHttpProtocolBlockDirect {
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

        void response(String content) {
            transport.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            transport.write("Content-Type: text/html\r\n".getBytes(StandardCharsets.US_ASCII));
            transport.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            transport.write(content.getBytes(StandardCharsets.US_ASCII));
            transport.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            transport.close();
        }

        void responseAfter(String content, double delay) {
            await(sleep(delay));
            response(content);
        }
    }

    static String fetch(int port, String path, double startDelay) {
        await(sleep(startDelay));
        StreamPair pair = await(openConnection("127.0.0.1", port));
        await(connected.get());
        say("client: request " + path, el());
        pair.writer().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] data = await(pair.reader().read()); // until EOF: the server closes after answering
        String[] lines = new String(data, StandardCharsets.US_ASCII).split("\r\n", -1);
        say("client: response for " + path + ": status=\"" + lines[0] + "\" body=\"" + lines[3] + "\"", el());
        pair.writer().close();
        await(pair.writer().waitClosed());
        return path;
    }

    static int port(Server server) {
        try {
            return ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void main() {
        connected = new Queue<>();
        EventLoop loop = getRunningLoop();
        t0 = loop.time();
        Server server = await(loop.createServer(DemoProtocol::new, "127.0.0.1", 0));
        int port = port(server);
        List<String> order = new ArrayList<>();
        List<Task<String>> tasks = List.of(
                createTask(() -> fetch(port, "/block", 0.0)),
                createTask(() -> fetch(port, "/", 0.1)));
        for (Task<String> t : tasks) {
            t.addDoneCallback(done -> order.add(done.result()));
        }
        await(gather(tasks));
        say("order of responses: " + String.join(" then ", order));
        server.close();
        await(server.waitClosed());
        say("server closed");
        List<String> lost = new ArrayList<>();
        for (Throwable e : LOST) {
            lost.add(Py.str(e));
        }
        say("server: connection_lost calls: [" + String.join(", ", lost) + "]");
    }

    public static void main(String[] args) {
        // A quiet first run loads the socket, selector and regex classes, so class loading does not shift the
        // real run's first timings by a tenth of a second.
        quiet = true;
        Asyncio.run(() -> main());
        quiet = false;
        LOST.clear();
        Asyncio.run(() -> main());
    }
}
