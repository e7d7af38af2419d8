package io.asyncio4j.engine.net

import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.testkit.RealLoopTest
import java.io.IOException
import java.net.BindException
import java.net.UnixDomainSocketAddress
import java.nio.file.Files
import java.nio.file.Path
import java.util.function.Supplier
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** createUnixServer/createUnixConnection with protocols (JDK Unix domain sockets), and asyncio's path rules. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixSocketTest : RealLoopTest() {
    private val dir: Path = Files.createTempDirectory("asyncio4j-unix")

    @AfterEach
    fun cleanUp() {
        Files.list(dir).use { files -> files.forEach { Files.deleteIfExists(it) } }
        Files.deleteIfExists(dir)
    }


    private class Echo : Protocol {
        lateinit var t: Transport
        override fun connectionMade(transport: Transport) { t = transport }
        override fun dataReceived(data: ByteArray) { t.write(data) }
    }

    @Test
    fun `protocols over a unix socket, in asyncio order, with the path as sockname and peername`() = run {
        val path = dir.resolve("echo.sock")
        val server = loop.createUnixServer(Supplier { Echo() }, path).await()
        assertEquals(UnixDomainSocketAddress.of(path), server.sockets()[0].localAddress)
        val conn = loop.createUnixConnection({ RecordingProtocol() }, path).await()
        assertEquals(UnixDomainSocketAddress.of(path), conn.transport().getExtraInfo("peername"))
        assertTrue(conn.transport().canWriteEof())
        conn.transport().write("over unix".toByteArray())
        until("echo") { conn.protocol().data.size() == 9 }
        conn.transport().writeEof()
        until("lost") { conn.protocol().lost }
        assertEquals(listOf("CM", "DR", "ER", "CL"), conn.protocol().events)
        assertNull(conn.protocol().lostWith)
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `a socket file left by a closed server is replaced, as asyncio does, any other file is in use`() = run {
        val path = dir.resolve("again.sock")
        val first = loop.createUnixServer(Supplier { Echo() }, path, ServerOptions().cleanupSocket(false)).await()
        first.close()
        first.waitClosed().await()
        assertTrue(Files.exists(path), "with cleanup_socket=False the socket file outlives the server")
        val second = loop.createUnixServer(Supplier { Echo() }, path).await()
        val conn = loop.createUnixConnection({ RecordingProtocol() }, path).await()
        conn.transport().write("x".toByteArray())
        until("echo") { conn.protocol().data.size() == 1 }
        conn.transport().close()
        second.close()
        second.waitClosed().await()

        val regular = Files.createFile(dir.resolve("regular"))
        val e = runCatching { loop.createUnixServer(Supplier { Echo() }, regular).await() }.exceptionOrNull()
        assertTrue(e is BindException, "$e")
        assertEquals("Address '$regular' is already in use", e!!.message)
        assertTrue(Files.isRegularFile(regular), "a regular file is never removed")
    }

    @Test
    fun `connecting to a missing path fails with the path in the message`() = run {
        val missing = dir.resolve("nope.sock")
        val e = runCatching { loop.createUnixConnection({ RecordingProtocol() }, missing).await() }.exceptionOrNull()
        assertTrue(e is IOException, "$e")
        assertTrue(e!!.message!!.contains(missing.toString()) && e.message!!.contains("No such file"), e.message)
    }
}
