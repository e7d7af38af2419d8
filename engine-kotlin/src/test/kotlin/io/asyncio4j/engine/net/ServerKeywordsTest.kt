package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.testkit.RealLoopTest
import java.io.IOException
import java.net.Inet4Address
import java.net.InetSocketAddress
import java.net.StandardProtocolFamily
import java.net.StandardSocketOptions
import java.net.UnixDomainSocketAddress
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.file.Files
import java.util.function.Supplier
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** create_server's keep_alive and family (3.13), create_unix_server's cleanup_socket (3.13) and sock. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServerKeywordsTest : RealLoopTest() {
    private val dir = Files.createTempDirectory("asyncio4j-srv")

    @AfterEach
    fun cleanDir() {
        Files.list(dir).use { files -> files.forEach { Files.deleteIfExists(it) } }
        Files.deleteIfExists(dir)
    }

    private class Keep : Protocol {
        @Volatile var transport: Transport? = null
        override fun connectionMade(transport: Transport) { this.transport = transport }
    }

    @Test
    fun `keep_alive sets SO_KEEPALIVE on accepted connections`() = run {
        for (keep in listOf(true, false)) {
            val made = ArrayList<Keep>()
            val server = loop.createServer(Supplier { Keep().also { made.add(it) } }, "127.0.0.1", 0,
                ServerOptions().keepAlive(keep)).await()
            val client = SocketChannel.open(server.sockets()[0].localAddress)
            until("accepted") { made.isNotEmpty() && made[0].transport != null }
            val sock = made[0].transport!!.getExtraInfo("socket") as SocketChannel
            assertEquals(keep, sock.getOption(StandardSocketOptions.SO_KEEPALIVE), "keep_alive=$keep")
            client.close()
            made[0].transport!!.close()
            server.close()
            server.waitClosed().await()
        }
    }

    @Test
    fun `family keeps only addresses of that family`() = run {
        val server = loop.createServer(Supplier { Keep() }, "localhost", 0,
            ServerOptions().family(StandardProtocolFamily.INET)).await()
        assertTrue(server.sockets().all { (it.localAddress as InetSocketAddress).address is Inet4Address })
        server.close()
        server.waitClosed().await()
        val e = runCatching {
            loop.createServer(Supplier { Keep() }, "127.0.0.1", 0, ServerOptions().family(StandardProtocolFamily.INET6)).await()
        }.exceptionOrNull()
        assertInstanceOf(IOException::class.java, Futures.unwrap(e!!))
        assertEquals("[Errno -9] Address family for hostname not supported", Futures.unwrap(e).message)
        assertThrows(IllegalArgumentException::class.java) { ServerOptions().family(StandardProtocolFamily.UNIX) }
    }

    @Test
    fun `cleanup_socket removes the server's own socket file on close, not a replacement`() = run {
        val path = dir.resolve("s.sock")
        val server = loop.createUnixServer(Supplier { Keep() }, path).await()
        assertTrue(Files.exists(path))
        server.close()
        server.waitClosed().await()
        assertFalse(Files.exists(path), "cleanup_socket (default) removed it")

        val second = loop.createUnixServer(Supplier { Keep() }, path).await()
        Files.delete(path)
        Files.createFile(path) // someone else's file now sits at the path: it stays
        second.close()
        second.waitClosed().await()
        assertTrue(Files.isRegularFile(path))
        Files.delete(path)
    }

    @Test
    fun `a unix server on a given sock`() = run {
        val path = dir.resolve("given.sock")
        val sock = ServerSocketChannel.open(StandardProtocolFamily.UNIX).apply { bind(UnixDomainSocketAddress.of(path)) }
        val server = loop.createUnixServer(Supplier { Keep() }, null, ServerOptions().sock(sock)).await()
        val conn = loop.createUnixConnection({ Keep() }, path).await()
        assertEquals(UnixDomainSocketAddress.of(path), conn.transport().getExtraInfo("peername"))
        conn.transport().close()
        server.close()
        server.waitClosed().await()
        val both = runCatching { loop.createUnixServer(Supplier { Keep() }, path, ServerOptions().sock(sock)).await() }.exceptionOrNull()
        assertEquals("path and sock can not be specified at the same time", Futures.unwrap(both!!).message)
        ServerSocketChannel.open().use { tcp ->
            tcp.bind(InetSocketAddress("127.0.0.1", 0))
            val wrong = runCatching { loop.createUnixServer(Supplier { Keep() }, null, ServerOptions().sock(tcp)).await() }.exceptionOrNull()
            assertTrue(Futures.unwrap(wrong!!).message!!.startsWith("A UNIX Domain Stream Socket was expected, got "))
        }
        val neither = runCatching { loop.createUnixServer(Supplier { Keep() }, null, ServerOptions()).await() }.exceptionOrNull()
        assertEquals("path was not specified, and no sock specified", Futures.unwrap(neither!!).message)
    }

    @Test
    fun `family on getaddrinfo and create_connection, flags on getnameinfo`() = run {
        val v4 = loop.getaddrinfo("localhost", 80, StandardProtocolFamily.INET).await()
        assertTrue(v4.isNotEmpty() && v4.all { it.address is Inet4Address }, "$v4")
        val none = runCatching { loop.getaddrinfo("localhost", 80, StandardProtocolFamily.INET6).await() }.exceptionOrNull()
            ?.let { Futures.unwrap(it) }
        if (none != null) assertEquals("[Errno -9] Address family for hostname not supported", none.message)
        ServerSocketChannel.open().use { listener ->
            listener.bind(InetSocketAddress("127.0.0.1", 0))
            val port = (listener.localAddress as InetSocketAddress).port
            val conn = loop.createConnection({ Keep() }, "127.0.0.1", port,
                ConnectionOptions().family(StandardProtocolFamily.INET)).await()
            conn.transport().close()
            val e = runCatching {
                loop.createConnection({ Keep() }, "127.0.0.1", port, ConnectionOptions().family(StandardProtocolFamily.INET6)).await()
            }.exceptionOrNull()
            assertEquals("[Errno -9] Address family for hostname not supported", Futures.unwrap(e!!).message)
        }
        val addr = InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 80)
        assertEquals(listOf("127.0.0.1", "80"), loop.getnameinfo(addr, AddressInfo.NI_NUMERICHOST).await())
        assertEquals(loop.getnameinfo(addr).await(), loop.getnameinfo(addr, 0).await())
        assertEquals("flags has unknown NI_* bits: 1024",
            assertThrows(IllegalArgumentException::class.java) { loop.getnameinfo(addr, 1024) }.message)
    }
}
