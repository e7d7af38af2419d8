package io.asyncio4j.net;

import static io.asyncio4j.Asyncio.openConnection;
import static io.asyncio4j.Asyncio.startServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asyncio4j.Asyncio;
import io.asyncio4j.engine.net.ConnectionOptions;
import io.asyncio4j.engine.net.Server;
import io.asyncio4j.engine.net.ServerOptions;
import io.asyncio4j.engine.streams.StreamReader;
import io.asyncio4j.engine.streams.StreamWriter;

import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TLS from Java through the facade: a line echo with a self-signed certificate made by keytool. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsStreamsTest {
    private static final String PASSWORD = "changeit";

    @Test
    void echoOverTlsFromJava() throws Exception {
        KeyStore keystore = makeKeystore();
        X509Certificate cert = (X509Certificate) keystore.getCertificate("server");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keystore, PASSWORD.toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);

        String answer = Asyncio.run(() -> startServer(TlsStreamsTest::echo, "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT,
                new ServerOptions().ssl(serverContext)).thenCompose(server -> {
            int port = port(server);
            return openConnection("127.0.0.1", port, StreamReader.DEFAULT_LIMIT,
                    new ConnectionOptions().ssl(clientContext).serverHostname("localhost")).thenCompose(pair -> {
                StreamWriter writer = pair.writer();
                assertEquals(cert, writer.getExtraInfo("peercert"));
                writer.write("hello tls\n".getBytes(StandardCharsets.UTF_8));
                return pair.reader().readline().thenCompose(line -> {
                    writer.close();
                    return writer.waitClosed().thenApply(x -> new String(line, StandardCharsets.UTF_8));
                });
            }).thenCompose(line -> closeServer(server).thenApply(x -> line));
        }));
        assertEquals("hello tls\n", answer);
    }

    /**
     * A client that never speaks TLS (a port scan, a health check) makes the server's handshake fail. asyncio's
     * _accept_connection2 reports that to the exception handler only in debug mode; otherwise it is silent.
     */
    @Test
    void failedServerHandshakeIsReportedOnlyInDebugMode() throws Exception {
        KeyStore keystore = makeKeystore();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keystore, PASSWORD.toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        for (boolean debug : new boolean[] {false, true}) {
            java.util.List<String> reports = new java.util.ArrayList<>();
            Asyncio.run(() -> {
                Asyncio.getRunningLoop().setExceptionHandler((l, c) -> reports.add(String.valueOf(c.get("message"))));
                return startServer(TlsStreamsTest::echo, "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT,
                        new ServerOptions().ssl(serverContext)).thenCompose(server ->
                        openConnection("127.0.0.1", port(server)).thenCompose(pair -> {
                            pair.writer().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            return pair.reader().read(); // until the server gives up and closes
                        }).thenCompose(x -> Asyncio.sleep(0)).thenCompose(x -> Asyncio.sleep(0))
                                .thenCompose(x -> closeServer(server)));
            }, debug);
            if (debug) {
                assertEquals(java.util.List.of("Error on transport creation for incoming connection"), reports);
            } else {
                assertEquals(java.util.List.of(), reports);
            }
        }
    }

    private static int port(Server server) {
        try {
            return ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CompletionStage<Void> closeServer(Server server) {
        server.close();
        return server.waitClosed();
    }

    private static CompletionStage<Void> echo(StreamReader reader, StreamWriter writer) {
        return reader.readline().thenCompose(line -> {
            writer.write(line);
            return writer.drain();
        }).thenRun(writer::close);
    }

    private static KeyStore makeKeystore() throws Exception {
        Path dir = Files.createTempDirectory("asyncio4j-tls");
        File file = dir.resolve("server.p12").toFile();
        try {
            String keytool = new File(System.getProperty("java.home"), "bin/keytool").getPath();
            Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", file.getPath(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0,
                    () -> "keytool failed: " + new String(output, StandardCharsets.UTF_8));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(file)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            return ks;
        } finally {
            Files.deleteIfExists(file.toPath());
            Files.deleteIfExists(dir);
        }
    }
}
