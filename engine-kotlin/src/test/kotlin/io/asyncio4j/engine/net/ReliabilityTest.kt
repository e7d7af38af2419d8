package io.asyncio4j.engine.net

import io.asyncio4j.engine.exceptions.IncompleteReadError
import io.asyncio4j.engine.selector.SelectorPoller
import io.asyncio4j.engine.streams.StreamWriter
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.streams.openConnection
import io.asyncio4j.engine.streams.startServer
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.testkit.RealLoopTest
import java.io.IOException
import java.net.InetSocketAddress
import java.net.StandardSocketOptions
import java.nio.ByteBuffer
import java.nio.channels.SocketChannel
import java.util.function.Supplier
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * Peers that misbehave: a reset in the middle of a write, a close half-way through a message, a connection that
 * is made and dropped at once. Each must surface as connectionLost(exc) / an exception from the stream call, the
 * server must keep serving, and no socket or selector key may be left behind: every accepted channel is checked
 * closed and the selector's keys are counted.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReliabilityTest : RealLoopTest() {
    private fun selector(): SelectorPoller = loop.selectorPoller()



    /** A raw blocking client socket (the kernel completes the handshake; the loop accepts it later). */
    private fun rawClient(port: Int): SocketChannel = SocketChannel.open(InetSocketAddress("127.0.0.1", port))

    /** Closes [sock] with a TCP RST instead of a FIN. */
    private fun reset(sock: SocketChannel) {
        sock.setOption(StandardSocketOptions.SO_LINGER, 0)
        sock.close()
    }

    /**
     * Server side of each connection: records callbacks and echoes; with [flood], connectionMade writes 1 MiB
     * blocks until the socket is full and some data waits in the transport's buffer.
     */
    private inner class ServerSide(private val flood: Boolean) : Protocol {
        val events = ArrayList<String>()
        var transport: Transport? = null
        var lostWith: Throwable? = null
        var lost = false

        override fun connectionMade(transport: Transport) {
            events.add("CM")
            this.transport = transport
            var rounds = 0
            while (flood && transport.getWriteBufferSize() == 0 && rounds++ < 64) transport.write(ByteArray(1 shl 20))
        }

        override fun dataReceived(data: ByteArray) {
            if (events.last() != "DR") events.add("DR")
            transport!!.write(data)
        }

        override fun eofReceived(): Boolean {
            events.add("ER")
            return false
        }

        override fun connectionLost(exc: Throwable?) {
            events.add("CL")
            lost = true
            lostWith = exc
        }
    }

    /** The server-side channels must all be closed and only the listening socket may still have a key. */
    private fun assertNothingLeaked(sides: List<ServerSide>) {
        for (s in sides) {
            val channel = s.transport!!.getExtraInfo("socket") as SocketChannel
            assertFalse(channel.isOpen, "server-side socket left open: $channel")
        }
        selector().flushClosedKeys()
        assertEquals(1, selector().registeredKeyCount(), "only the listening socket may be registered")
        assertEquals(1, selector().activeKeyCount())
    }

    @Test
    fun `a client that resets while the server is mid-write - connectionLost(exc), the server keeps serving`() {
        val sides = ArrayList<ServerSide>()
        run {
            val server = loop.createServer(Supplier { ServerSide(flood = sides.isEmpty()).also { sides.add(it) } }, "127.0.0.1", 0).await()
            val client = rawClient(port(server))
            until("server connected") { sides.size == 1 && sides[0].transport != null }
            val t = sides[0].transport!!
            assertTrue(t.getWriteBufferSize() > 0, "the server should still have data to send")
            reset(client)
            until("server lost the connection") { sides[0].lost }
            assertTrue(sides[0].lostWith is IOException, "connectionLost got ${sides[0].lostWith}")
            assertEquals(listOf("CM", "CL"), sides[0].events)
            assertEquals(0, t.getWriteBufferSize(), "the write buffer is dropped on a fatal error")
            t.write(ByteArray(10)) // after the connection died writes are dropped, as in asyncio (no exception)

            // The server keeps serving: a regular client gets its echo.
            val echo = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port(server)).await()
            echo.transport().write("still here".toByteArray())
            until("echo") { echo.protocol().data.size() == 10 }
            assertEquals("still here", echo.protocol().data.toString())
            echo.transport().close()
            until("echo closed") { echo.protocol().lost && sides[1].lost }
            assertNull(sides[1].lostWith)
            assertFalse((echo.transport().getExtraInfo("socket") as SocketChannel).isOpen)
            assertTrue(server.isServing())
            assertNothingLeaked(sides)
            server.close()
            server.waitClosed().await()
        }
        selector().flushClosedKeys()
        assertEquals(0, selector().registeredKeyCount(), "selector keys leaked")
    }

    @Test
    fun `the server resets while the client is mid-write - the client's connectionLost gets the error`() {
        run {
            val raw = java.nio.channels.ServerSocketChannel.open().bind(InetSocketAddress("127.0.0.1", 0))
            val conn = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", (raw.localAddress as InetSocketAddress).port).await()
            val accepted = raw.accept()
            val t = conn.transport()
            // Fill past the high-water mark, not just until something is buffered: what the kernel takes of the
            // last 1 MiB write varies, and a remainder at or below the mark would never call pauseWriting.
            val high = t.getWriteBufferLimits()[1]
            var rounds = 0
            while (t.getWriteBufferSize() <= high && rounds++ < 64) t.write(ByteArray(1 shl 20))
            assertTrue(t.getWriteBufferSize() > high, "the socket never filled")
            reset(accepted)
            raw.close()
            until("client lost the connection") { conn.protocol().lost }
            assertTrue(conn.protocol().lostWith is IOException, "connectionLost got ${conn.protocol().lostWith}")
            assertEquals(listOf("CM", "PW", "CL"), conn.protocol().events) // paused writing, never resumed
            assertFalse((t.getExtraInfo("socket") as SocketChannel).isOpen)
        }
        selector().flushClosedKeys()
        assertEquals(0, selector().registeredKeyCount(), "selector keys leaked")
    }

    @Test
    fun `stream server - peers that vanish, close half-way or reset get an exception each, the server keeps serving`() {
        val writers = ArrayList<StreamWriter>()
        val outcomes = ArrayList<Any>()
        run {
            val server = startServer("127.0.0.1", 0) { reader, writer ->
                writers.add(writer)
                try {
                    val msg = reader.readexactly(6).await()
                    writer.write(msg)
                    writer.drain().await()
                    outcomes.add(String(msg))
                } catch (e: Throwable) {
                    outcomes.add(e)
                } finally {
                    writer.close()
                }
            }
            val port = port(server)
            // 1: connects and closes at once (FIN, no data).
            rawClient(port).close()
            until("vanished client") { outcomes.size == 1 }
            val vanished = outcomes[0] as IncompleteReadError
            assertEquals(0, vanished.partial().size)
            assertEquals(6L, vanished.expected())
            // 2: sends half a message, then closes.
            rawClient(port).use { it.write(ByteBuffer.wrap("abc".toByteArray())) }
            until("half-way client") { outcomes.size == 2 }
            val half = outcomes[1] as IncompleteReadError
            assertEquals("abc", String(half.partial()))
            assertEquals(6L, half.expected())
            // 3: sends half a message, then resets.
            val resetter = rawClient(port)
            resetter.write(ByteBuffer.wrap("abc".toByteArray()))
            until("server read the half message") { writers.size == 3 }
            sleep(0.01)
            reset(resetter)
            until("reset client") { outcomes.size == 3 }
            assertTrue(outcomes[2] is IOException, "readexactly after a reset raised ${outcomes[2]}")
            // 4: connects and resets at once.
            reset(rawClient(port))
            until("reset at once") { outcomes.size == 4 }
            assertTrue(outcomes[3] is IOException || outcomes[3] is IncompleteReadError, "got ${outcomes[3]}")
            // The server still serves.
            val (reader, writer) = openConnection("127.0.0.1", port)
            writer.write("hello!".toByteArray())
            assertEquals("hello!", String(reader.readexactly(6).await()))
            assertEquals(0, reader.read().await().size)
            writer.close()
            writer.waitClosed().await()
            assertEquals("hello!", outcomes[4])
            assertTrue(server.isServing())
            for (w in writers) w.waitClosed().handle { _, _ -> null }.await()
            for (w in writers) assertFalse((w.getExtraInfo("socket") as SocketChannel).isOpen, "socket leaked: $w")
            selector().flushClosedKeys()
            assertEquals(1, selector().registeredKeyCount(), "only the listening socket may be registered")
            server.close()
            server.waitClosed().await()
        }
        selector().flushClosedKeys()
        assertEquals(0, selector().registeredKeyCount(), "selector keys leaked")
    }

    @Test
    fun `a protocol callback that throws closes its connection with the error, reported, and the server goes on`() {
        val sides = ArrayList<Protocol>()
        var lostWith: Throwable? = null
        run {
            val server = loop.createServer(Supplier {
                object : Protocol {
                    lateinit var t: Transport
                    override fun connectionMade(transport: Transport) { t = transport }
                    override fun dataReceived(data: ByteArray) {
                        if (String(data) == "boom") throw IllegalStateException("protocol bug")
                        t.write(data)
                    }
                    override fun connectionLost(exc: Throwable?) { if (exc != null) lostWith = exc }
                }.also { sides.add(it) }
            }, "127.0.0.1", 0).await()
            val bad = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port(server)).await()
            bad.transport().write("boom".toByteArray())
            until("bad client closed") { bad.protocol().lost }
            assertNull(bad.protocol().lostWith, "the client sees a plain EOF")
            until("server side lost") { lostWith != null }
            assertEquals("protocol bug", lostWith!!.message)
            assertEquals(1, loopErrors.size)
            assertEquals("Fatal error: protocol.dataReceived() call failed.", loopErrors[0]["message"])
            assertEquals(lostWith, loopErrors[0]["exception"])
            loopErrors.clear()
            val good = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port(server)).await()
            good.transport().write("fine".toByteArray())
            until("echo") { good.protocol().data.size() == 4 }
            good.transport().close()
            until("good closed") { good.protocol().lost }
            server.close()
            server.waitClosed().await()
        }
        selector().flushClosedKeys()
        assertEquals(0, selector().registeredKeyCount(), "selector keys leaked")
    }
}
