package io.asyncio4j.engine.net

import io.asyncio4j.engine.testkit.RealLoopTest
import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.streams.openConnection
import io.asyncio4j.engine.streams.startServer
import io.asyncio4j.engine.task.sleep
import java.io.File
import java.net.InetSocketAddress
import java.nio.channels.ServerSocketChannel
import java.nio.file.Files
import java.security.KeyStore
import java.security.MessageDigest
import java.security.cert.X509Certificate
import java.util.concurrent.TimeUnit
import java.util.function.Supplier
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLHandshakeException
import javax.net.ssl.TrustManagerFactory
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

/**
 * TLS over real sockets on 127.0.0.1 with a self-signed certificate (CN=localhost, SAN dns:localhost,
 * ip:127.0.0.1) that the test makes with the JDK's keytool into a temporary PKCS12 keystore.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsTest : RealLoopTest(watchdogSeconds = 30.0) {

    private fun clientOptions(hostname: String? = "localhost") =
        ConnectionOptions().ssl(clientContext).serverHostname(hostname)

    @Test
    fun `stream echo over TLS, with peercert and cipher`() {
        run {
            val server = startServer("127.0.0.1", 0, options = ServerOptions().ssl(serverContext)) { reader, writer ->
                while (true) {
                    val line = reader.readline().await()
                    if (line.isEmpty()) break
                    writer.write(line)
                    writer.drain().await()
                }
                writer.close()
                writer.waitClosed().await()
            }
            val (reader, writer) = openConnection("127.0.0.1", port(server), options = clientOptions())
            for (i in 1..3) {
                writer.write("hello $i\n".toByteArray())
                assertEquals("hello $i\n", String(reader.readline().await()))
            }
            val peercert = writer.getExtraInfo("peercert") as X509Certificate
            assertEquals(certificate, peercert)
            val cipher = writer.getExtraInfo("cipher") as String
            assertTrue(cipher.startsWith("TLS_"), cipher)
            assertSame(clientContext, writer.getExtraInfo("sslcontext"))
            assertNotNull(writer.getExtraInfo("ssl_object"))
            assertNotNull(writer.getExtraInfo("sslsession"))
            assertEquals(port(server), (writer.getExtraInfo("peername") as InetSocketAddress).port)
            assertFalse(writer.canWriteEof())
            writer.close()
            writer.waitClosed().await()
            assertTrue(reader.atEof())
            server.close()
            server.waitClosed().await()
        }
    }

    @Test
    fun `a megabyte each way arrives intact`() {
        val size = 1 shl 20
        val payload = ByteArray(size).also { java.util.Random(42).nextBytes(it) }
        run {
            val server = startServer("127.0.0.1", 0, options = ServerOptions().ssl(serverContext)) { reader, writer ->
                var left = size
                while (left > 0) {
                    val chunk = reader.read(65536).await()
                    if (chunk.isEmpty()) break
                    writer.write(chunk)
                    writer.drain().await()
                    left -= chunk.size
                }
                writer.close()
            }
            val (reader, writer) = openConnection("127.0.0.1", port(server), options = clientOptions())
            writer.write(payload)
            writer.drain().await()
            val back = reader.readexactly(size).await()
            assertArrayEquals(sha256(payload), sha256(back))
            assertTrue(reader.read().await().isEmpty()) // the server's close_notify is EOF
            writer.close()
            writer.waitClosed().await()
            server.close()
            server.waitClosed().await()
        }
    }

    @Test
    fun `wrong serverHostname fails the handshake with a certificate error`() {
        run {
            val server = startServer("127.0.0.1", 0, options = ServerOptions().ssl(serverContext)) { _, writer ->
                writer.close()
            }
            val e = assertThrows<SSLHandshakeException> {
                try {
                    openConnection("127.0.0.1", port(server), options = clientOptions("wrong.example.com"))
                } catch (e: Throwable) {
                    throw Futures.unwrap(e)
                }
            }
            assertTrue(e.message!!.startsWith("SSL handshake failed on verifying the certificate"), e.message)
            assertTrue(e.message!!.contains("wrong.example.com"), e.message)
            // The same certificate with the right name (and its IP SAN, with no name) is accepted.
            val (_, writer) = openConnection("127.0.0.1", port(server), options = clientOptions(null))
            writer.close()
            server.close()
            server.waitClosed().await()
            // The server side of the failed handshake is silent outside debug mode, as in asyncio's
            // _accept_connection2 (interop TlsStreamsTest checks the debug-mode report).
            repeat(20) { sleep(0.001) }
            assertTrue(loopErrors.isEmpty(), loopErrors.toString())
        }
    }

    @Test
    fun `handshake timeout against a peer that never answers`() {
        val silent = ServerSocketChannel.open().bind(InetSocketAddress("127.0.0.1", 0))
        try {
            run {
                val e = assertThrows<TimeoutError> {
                    try {
                        openConnection("127.0.0.1", (silent.localAddress as InetSocketAddress).port,
                            options = clientOptions().sslHandshakeTimeout(0.5))
                    } catch (e: Throwable) {
                        throw Futures.unwrap(e)
                    }
                }
                assertEquals("SSL handshake is taking longer than 0.5 seconds: aborting the connection", e.message)
            }
        } finally {
            silent.close()
        }
    }

    @Test
    fun `startTls upgrades a plain stream connection`() {
        run {
            val server = startServer("127.0.0.1", 0) { reader, writer ->
                assertEquals("STARTTLS\n", String(reader.readline().await()))
                writer.write("GO\n".toByteArray())
                writer.startTls(serverContext, true, null, null, null).await()
                val line = reader.readline().await()
                writer.write("secure ".toByteArray() + line)
                writer.close()
                writer.waitClosed().await()
            }
            val (reader, writer) = openConnection("127.0.0.1", port(server))
            writer.write("STARTTLS\n".toByteArray())
            assertEquals("GO\n", String(reader.readline().await()))
            assertEquals(null, writer.getExtraInfo("cipher"))
            writer.startTls(clientContext, "localhost").await()
            assertNotNull(writer.getExtraInfo("cipher"))
            writer.write("ping\n".toByteArray())
            assertEquals("secure ping\n", String(reader.readline().await()))
            assertTrue(reader.read().await().isEmpty())
            writer.close()
            writer.waitClosed().await()
            server.close()
            server.waitClosed().await()
        }
    }

    @Test
    fun `the default context trusts the JDK CA store, not a self-signed certificate`() {
        run {
            val server = startServer("127.0.0.1", 0, options = ServerOptions().ssl(serverContext)) { _, writer ->
                writer.close()
            }
            val e = assertThrows<SSLHandshakeException> {
                try {
                    openConnection("127.0.0.1", port(server),
                        options = ConnectionOptions().sslDefaultContext().serverHostname("localhost"))
                } catch (e: Throwable) {
                    throw Futures.unwrap(e)
                }
            }
            assertTrue(e.message!!.startsWith("SSL handshake failed on verifying the certificate"), e.message)
            server.close()
            server.waitClosed().await()
            var n = 0
            while (loopErrors.isEmpty() && n++ < 5000) sleep(0.001)
            loopErrors.clear() // the server's report of the refused handshake (see the hostname test)
        }
    }

    @Test
    fun `close gives up waiting for the peer's close_notify after sslShutdownTimeout`() {
        val serverWriters = ArrayList<io.asyncio4j.engine.streams.StreamWriter>()
        run {
            // The server stops reading before the client's close_notify arrives, so it never answers it.
            val server = startServer("127.0.0.1", 0, options = ServerOptions().ssl(serverContext)) { reader, writer ->
                serverWriters.add(writer)
                assertEquals("x", String(reader.readexactly(1).await()))
                writer.transport().pauseReading()
                writer.write("ok".toByteArray())
            }
            val (reader, writer) = openConnection("127.0.0.1", port(server),
                options = clientOptions().sslShutdownTimeout(0.5))
            writer.write("x".toByteArray())
            assertEquals("ok", String(reader.readexactly(2).await()))
            // Read the clock before close(): the shutdown timer is armed inside close(), so the whole 0.5 s lies
            // after `started` however long the loop thread is held up between the two calls.
            val started = loop.time()
            writer.close()
            writer.waitClosed().await() // returns once the 0.5 s shutdown timer aborted the socket
            assertTrue(loop.time() - started >= 0.45, "closed before the shutdown timeout") // a lower bound only
            serverWriters.single().transport().abort()
            server.close()
            server.waitClosed().await()
        }
    }

    @Test
    fun `TLS options are checked`() {
        run {
            val e = assertThrows<IllegalArgumentException> {
                try {
                    loop.createConnection({ RecordingProtocol() }, "127.0.0.1", 1,
                        ConnectionOptions().serverHostname("x")).await()
                } catch (e: Throwable) {
                    throw Futures.unwrap(e)
                }
            }
            assertEquals("server_hostname is only meaningful with ssl", e.message)
        }
        val e = assertThrows<IllegalArgumentException> { ConnectionOptions().sslHandshakeTimeout(-1.0) }
        assertEquals("ssl_handshake_timeout should be a positive number, got -1.0", e.message)
    }

    @Test
    fun `protocols over TLS see connectionMade after the handshake and connectionLost at the end`() {
        run {
            val server = loop.createServer(Supplier {
                object : Protocol {
                    lateinit var t: Transport
                    override fun connectionMade(transport: Transport) {
                        t = transport
                    }
                    override fun dataReceived(data: ByteArray) {
                        t.write(data)
                        t.close()
                    }
                }
            }, "127.0.0.1", 0, ServerOptions().ssl(serverContext)).await()
            val conn = loop.createConnection({ RecordingProtocol(keepOpenOnEof = false) }, "127.0.0.1", port(server),
                clientOptions()).await()
            val p = conn.protocol()
            assertEquals(listOf("CM"), p.events)
            assertThrows<UnsupportedOperationException> { conn.transport().writeEof() }
            conn.transport().write("bye".toByteArray())
            var n = 0
            while (!p.lost && n++ < 5000) sleep(0.001)
            assertEquals(listOf("CM", "DR", "ER", "CL"), p.events)
            assertEquals("bye", p.data.toString())
            assertEquals(null, p.lostWith)
            server.close()
            server.waitClosed().await()
        }
    }

    @Test
    fun `the peer's close_notify ends the connection even if the handler never closes its writer`() {
        run {
            var serverWriter: io.asyncio4j.engine.streams.StreamWriter? = null
            val got = loop.createFuture<String>()
            val server = startServer("127.0.0.1", 0, options = ServerOptions().ssl(serverContext)) { reader, writer ->
                serverWriter = writer
                got.setResult(String(reader.read().await())) // to EOF, then return without writer.close()
            }
            val (_, writer) = openConnection("127.0.0.1", port(server), options = clientOptions())
            writer.write("bye".toByteArray())
            writer.close()
            assertEquals("bye", got.await())
            writer.waitClosed().await()
            // TLS cannot half-close: asyncio shuts the connection down after close_notify whatever eofReceived says.
            serverWriter!!.waitClosed().await()
            assertTrue(serverWriter!!.isClosing())
            server.close()
            server.waitClosed().await()
        }
    }

    companion object {
        private const val PASSWORD = "changeit"
        private val keystore: KeyStore by lazy { makeKeystore() }
        private val certificate: X509Certificate by lazy { keystore.getCertificate("server") as X509Certificate }

        val serverContext: SSLContext by lazy {
            val kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
            kmf.init(keystore, PASSWORD.toCharArray())
            SSLContext.getInstance("TLS").apply { init(kmf.keyManagers, null, null) }
        }

        val clientContext: SSLContext by lazy {
            val trust = KeyStore.getInstance("PKCS12").apply { load(null, null) }
            trust.setCertificateEntry("server", certificate)
            val tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
            tmf.init(trust)
            SSLContext.getInstance("TLS").apply { init(null, tmf.trustManagers, null) }
        }

        private fun makeKeystore(): KeyStore {
            val dir = Files.createTempDirectory("asyncio4j-tls")
            val file = dir.resolve("server.p12").toFile()
            try {
                val keytool = File(System.getProperty("java.home"), "bin/keytool").path
                val process = ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", file.path,
                    "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start()
                val output = process.inputStream.readBytes()
                check(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    "keytool failed: ${String(output)}"
                }
                return KeyStore.getInstance("PKCS12").apply { file.inputStream().use { load(it, PASSWORD.toCharArray()) } }
            } finally {
                file.delete()
                Files.deleteIfExists(dir)
            }
        }

        private fun sha256(data: ByteArray): ByteArray = MessageDigest.getInstance("SHA-256").digest(data)
    }
}
