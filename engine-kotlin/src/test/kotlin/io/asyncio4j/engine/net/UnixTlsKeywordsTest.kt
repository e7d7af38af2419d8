package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.testkit.RealLoopTest
import java.net.InetSocketAddress
import java.net.StandardProtocolFamily
import java.net.UnixDomainSocketAddress
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.file.Files
import java.util.function.Supplier
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** create_unix_connection's ssl/sock/server_hostname keywords and connect_accepted_socket's ssl (TLS fixtures of TlsTest). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixTlsKeywordsTest : RealLoopTest() {
    private val dir = Files.createTempDirectory("asyncio4j-utls")

    @AfterEach
    fun cleanDir() {
        Files.list(dir).use { files -> files.forEach { Files.deleteIfExists(it) } }
        Files.deleteIfExists(dir)
    }

    private class Echo : Protocol {
        lateinit var t: Transport
        override fun connectionMade(transport: Transport) { t = transport }
        override fun dataReceived(data: ByteArray) { t.write(data) }
    }

    @Test
    fun `TLS over a Unix socket, by path and by a connected sock`() = run {
        val path = dir.resolve("tls.sock")
        val server = loop.createUnixServer(Supplier { Echo() }, path, ServerOptions().ssl(TlsTest.serverContext)).await()
        val conn = loop.createUnixConnection({ RecordingProtocol() }, path,
            ConnectionOptions().ssl(TlsTest.clientContext).serverHostname("")).await()
        assertNotNull(conn.transport().getExtraInfo("ssl_object"))
        conn.transport().write("secret".toByteArray())
        until("echo") { conn.protocol().data.size() == 6 }
        conn.transport().close()
        until("closed") { conn.protocol().lost }

        val sock = SocketChannel.open(StandardProtocolFamily.UNIX).apply { connect(UnixDomainSocketAddress.of(path)) }
        val viaSock = loop.createUnixConnection({ RecordingProtocol() }, null,
            ConnectionOptions().sock(sock).ssl(TlsTest.clientContext).serverHostname("")).await()
        viaSock.transport().write("again".toByteArray())
        until("echo 2") { viaSock.protocol().data.size() == 5 }
        viaSock.transport().close()
        until("closed 2") { viaSock.protocol().lost }
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `create_unix_connection's argument errors have asyncio's wording`() = run {
        val path = dir.resolve("none.sock")
        suspend fun message(options: ConnectionOptions, p: java.nio.file.Path?): String? =
            runCatching { loop.createUnixConnection({ RecordingProtocol() }, p, options).await() }.exceptionOrNull()
                ?.let { Futures.unwrap(it).message }
        assertEquals("you have to pass server_hostname when using ssl", message(ConnectionOptions().ssl(TlsTest.clientContext), path))
        assertEquals("server_hostname is only meaningful with ssl", message(ConnectionOptions().serverHostname("x"), path))
        assertEquals("no path and sock were specified", message(ConnectionOptions(), null))
        SocketChannel.open(StandardProtocolFamily.UNIX).use { s ->
            assertEquals("path and sock can not be specified at the same time", message(ConnectionOptions().sock(s), path))
        }
    }

    @Test
    fun `connect_accepted_socket with ssl serves TLS on an accepted socket`() = run {
        ServerSocketChannel.open().use { listener ->
            listener.bind(InetSocketAddress("127.0.0.1", 0))
            val port = (listener.localAddress as InetSocketAddress).port
            val client = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port,
                ConnectionOptions().ssl(TlsTest.clientContext))
            val accepted = loop.sockAccept(listener.apply { configureBlocking(false) }).await()
            val served = loop.connectAcceptedSocket({ Echo() }, accepted, ServerOptions().ssl(TlsTest.serverContext)).await()
            assertNotNull(served.transport().getExtraInfo("ssl_object"))
            val conn = client.await()
            conn.transport().write("tls".toByteArray())
            until("echo") { conn.protocol().data.size() == 3 }
            conn.transport().close()
            until("closed") { conn.protocol().lost }
        }
    }
}
