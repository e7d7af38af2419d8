package io.asyncio4j.engine.net

import io.asyncio4j.engine.exceptions.CancelledError
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.task.Coroutine
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.testkit.RealLoopTest
import java.net.BindException
import java.net.InetSocketAddress
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.util.function.Supplier
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** asyncio.Server's methods and the create_connection/create_server options, over real loopback sockets. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServerApiTest : RealLoopTest() {


    private class Echo : Protocol {
        lateinit var t: Transport
        override fun connectionMade(transport: Transport) { t = transport }
        override fun dataReceived(data: ByteArray) { t.write(data) }
    }

    private suspend fun echoOnce(port: Int, text: String = "ping") {
        val conn = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port).await()
        conn.transport().write(text.toByteArray())
        until("echo") { conn.protocol().data.size() == text.length }
        assertEquals(text, conn.protocol().data.toString())
        conn.transport().close()
        until("closed") { conn.protocol().lost }
    }

    @Test
    fun `closeClients flushes and closes, abortClients drops, waitClosed waits for the connections`() = run {
        val server = loop.createServer(Supplier { Echo() }, "127.0.0.1", 0).await()
        val a = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port(server)).await()
        val b = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port(server)).await()
        a.transport().write("x".toByteArray())
        b.transport().write("y".toByteArray())
        until("both echoed") { a.protocol().data.size() == 1 && b.protocol().data.size() == 1 }
        server.close()
        assertFalse(server.isServing())
        assertTrue(server.sockets().isEmpty())
        val closed = loop.createTask(Coroutine { server.waitClosed() })
        sleep(0.01)
        assertFalse(closed.done(), "waitClosed must wait for the two live connections (3.12+)")
        server.closeClients()
        until("clients see EOF") { a.protocol().lost && b.protocol().lost }
        assertEquals(listOf("CM", "DR", "ER", "CL"), a.protocol().events)
        assertNull(a.protocol().lostWith)
        closed.await()
        server.waitClosed().await() // once closed, waitClosed returns at once
        server.close() // idempotent
    }

    @Test
    fun `abortClients resets the connections`() = run {
        val server = loop.createServer(Supplier { Echo() }, "127.0.0.1", 0).await()
        val a = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port(server)).await()
        a.transport().write("x".toByteArray())
        until("echoed") { a.protocol().data.size() == 1 }
        server.abortClients()
        until("client lost") { a.protocol().lost }
        assertTrue(server.isServing(), "abortClients does not stop the listening socket")
        echoOnce(port(server))
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `startServing false, then startServing, serveForever until cancelled, errors of serveForever`() = run {
        val server = loop.createServer(Supplier { Echo() }, "127.0.0.1", 0, ServerOptions().startServing(false)).await()
        assertFalse(server.isServing())
        assertEquals(1, server.sockets().size)
        server.startServing().await()
        assertTrue(server.isServing())
        echoOnce(port(server))
        val forever = loop.createTask(Coroutine { server.serveForever() })
        sleep(0.0)
        val second = failure { server.serveForever().await() }
        assertTrue(second is IllegalStateException && second.message!!.contains("is already being awaited on serve_forever()"),
            "$second")
        echoOnce(port(server), "while serving forever")
        forever.cancel()
        assertTrue(failure { forever.await() } is CancelledError)
        assertFalse(server.isServing(), "cancelling serveForever closes the server")
        assertTrue(server.sockets().isEmpty())
        val closed = failure { server.serveForever().await() }
        assertTrue(closed is IllegalStateException && closed.message!!.endsWith("is closed"), "$closed")
    }

    @Test
    fun `Server is AutoCloseable - use {} closes it like async with server`() = run {
        val server = loop.createServer(Supplier { Echo() }, "127.0.0.1", 0).await()
        val listening = server.sockets()[0]
        server.use { echoOnce(port(it)) }
        assertFalse(server.isServing())
        assertFalse(listening.isOpen)
        server.waitClosed().await()
    }

    @Test
    fun `sock options - serve on a given ServerSocketChannel, connect over a given SocketChannel`() = run {
        val listening = ServerSocketChannel.open().bind(InetSocketAddress("127.0.0.1", 0))
        val p = (listening.localAddress as InetSocketAddress).port
        val server = loop.createServer(Supplier { Echo() }, null, 0, ServerOptions().sock(listening)).await()
        assertEquals(p, port(server))
        val both = failure { loop.createServer(Supplier { Echo() }, "127.0.0.1", 0, ServerOptions().sock(listening)).await() }
        assertEquals("host/port and sock can not be specified at the same time", both!!.message)
        val channel = SocketChannel.open(InetSocketAddress("127.0.0.1", p))
        val conn = loop.createConnection({ RecordingProtocol() }, null, 0, ConnectionOptions().sock(channel)).await()
        assertEquals(channel, conn.transport().getExtraInfo("socket"))
        conn.transport().write("via sock".toByteArray())
        until("echo") { conn.protocol().data.size() == 8 }
        conn.transport().close()
        val both2 = failure { loop.createConnection({ RecordingProtocol() }, "127.0.0.1", p, ConnectionOptions().sock(channel)).await() }
        assertEquals("host/port and sock can not be specified at the same time", both2!!.message)
        val neither = failure { loop.createConnection({ RecordingProtocol() }, null, 0, ConnectionOptions()).await() }
        assertEquals("host and port was not specified and no sock specified", neither!!.message)
        until("closed") { conn.protocol().lost }
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `localAddr binds the client socket, and a local address in use is a clear error`() = run {
        val server = loop.createServer(Supplier { Echo() }, "127.0.0.1", 0).await()
        val conn = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port(server),
            ConnectionOptions().localAddr(InetSocketAddress("127.0.0.1", 0))).await()
        val local = conn.transport().getExtraInfo("sockname") as InetSocketAddress
        assertEquals("127.0.0.1", local.address.hostAddress)
        assertTrue(local.port > 0)
        conn.transport().close()
        val inUse = InetSocketAddress("127.0.0.1", port(server))
        val e = failure {
            loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port(server), ConnectionOptions().localAddr(inUse)).await()
        }
        assertTrue(e is BindException, "$e")
        assertTrue(e!!.message!!.startsWith("error while attempting to bind on address $inUse: "), e.message)
        until("closed") { conn.protocol().lost }
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `a port in use is an error with the default options too, reusePort shares it`() = run {
        val server = loop.createServer(Supplier { Echo() }, "127.0.0.1", 0).await()
        val e = failure { loop.createServer(Supplier { Echo() }, "127.0.0.1", port(server)).await() }
        assertTrue(e is BindException, "$e")
        assertEquals("error while attempting to bind on address ('127.0.0.1', ${port(server)}): address already in use",
            e!!.message)
        server.close()
        server.waitClosed().await()
        val first = loop.createServer(Supplier { Echo() }, "127.0.0.1", 0, ServerOptions().reusePort(true)).await()
        val second = loop.createServer(Supplier { Echo() }, "127.0.0.1", port(first), ServerOptions().reusePort(true)).await()
        assertEquals(port(first), port(second))
        first.close()
        second.close()
        first.waitClosed().await()
        second.waitClosed().await()
    }

    @Test
    fun `connectAcceptedSocket wraps a socket accepted elsewhere`() = run {
        val listening = ServerSocketChannel.open().bind(InetSocketAddress("127.0.0.1", 0))
        val client = loop.createConnection({ RecordingProtocol() }, "127.0.0.1",
            (listening.localAddress as InetSocketAddress).port).await()
        val accepted = listening.accept() // blocking accept: the connection is already queued
        val conn = loop.connectAcceptedSocket(Supplier { Echo() }, accepted).await()
        assertEquals(accepted, conn.transport().getExtraInfo("socket"))
        client.transport().write("accepted".toByteArray())
        until("echo") { client.protocol().data.size() == 8 }
        client.transport().close()
        until("closed") { client.protocol().lost }
        listening.close()
    }
}
