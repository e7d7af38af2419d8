package io.asyncio4j.engine.net

import io.asyncio4j.engine.testkit.RealLoopTest
import io.asyncio4j.engine.selector.SelectorPoller
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.task.Coroutine
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.loop.Events
import java.io.IOException
import java.net.InetSocketAddress
import java.nio.channels.ServerSocketChannel
import java.util.concurrent.CompletionStage
import java.util.function.Supplier
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows

/** Records the callback order of a stream protocol, asyncio's grammar CM [DR*] [ER?] CL. */
internal class RecordingProtocol(private val keepOpenOnEof: Boolean = false) : Protocol {
    val events = ArrayList<String>()
    val data = java.io.ByteArrayOutputStream()
    var transport: Transport? = null
    var lostWith: Throwable? = null
    var lost = false

    override fun connectionMade(transport: Transport) {
        events.add("CM")
        this.transport = transport
    }

    override fun dataReceived(data: ByteArray) {
        if (events.last() != "DR") events.add("DR")
        this.data.write(data)
    }

    override fun eofReceived(): Boolean {
        events.add("ER")
        return keepOpenOnEof
    }

    override fun connectionLost(exc: Throwable?) {
        events.add("CL")
        lost = true
        lostWith = exc
    }

    override fun pauseWriting() {
        events.add("PW")
    }

    override fun resumeWriting() {
        events.add("RW")
    }
}

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProtocolTransportTest : RealLoopTest() {
    private fun selector(): SelectorPoller = loop.selectorPoller()

    private suspend fun until(condition: () -> Boolean) = until("a condition of this test", condition)

    @Test
    fun `loop without sockets keeps the parking poller`() {
        loop.runUntilComplete(Coroutine { loop.createFuture<Int>().also { it.setResult(1) } })
        assertFalse(loop.poller is SelectorPoller)
    }

    @Test
    fun `echo through protocols in asyncio order, server keeps serving`() {
        val serverProtocols = ArrayList<RecordingProtocol>()
        run {
            val server = loop.createServer(Supplier {
                object : Protocol {
                    lateinit var t: Transport
                    override fun connectionMade(transport: Transport) { t = transport }
                    override fun dataReceived(data: ByteArray) { t.write(data) }
                }
            }, "127.0.0.1", 0).await()
            val port = (server.sockets()[0].localAddress as InetSocketAddress).port
            assertTrue(server.isServing())
            repeat(3) { i ->
                val conn = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port).await()
                val p = conn.protocol()
                serverProtocols.add(p)
                assertEquals(listOf("CM"), p.events)
                val peer = conn.transport().getExtraInfo("peername") as InetSocketAddress
                assertEquals(port, peer.port)
                conn.transport().write("hello $i".toByteArray())
                until { p.data.size() == 7 }
                assertEquals("hello $i", p.data.toString())
                conn.transport().writeEof()
                until { p.lost }
                assertEquals(listOf("CM", "DR", "ER", "CL"), p.events)
                assertNull(p.lostWith)
            }
            server.close()
            server.waitClosed().await()
            assertFalse(server.isServing())
            assertTrue(server.sockets().isEmpty())
        }
        loop.runUntilComplete(Coroutine { io.asyncio4j.engine.task.Tasks.sleep(0.0, null) }) // flush deregistration
        assertEquals(0, selector().registeredKeyCount())
    }

    @Test
    fun `eofReceived true keeps the transport writable`() {
        run {
            val server = loop.createServer(Supplier {
                object : Protocol {
                    lateinit var t: Transport
                    val got = java.io.ByteArrayOutputStream()
                    override fun connectionMade(transport: Transport) { t = transport }
                    override fun dataReceived(data: ByteArray) { got.write(data) }
                    override fun eofReceived(): Boolean {
                        t.write("got ${got.size()}".toByteArray())
                        t.close()
                        return true
                    }
                }
            }, "127.0.0.1", 0).await()
            val port = (server.sockets()[0].localAddress as InetSocketAddress).port
            val conn = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port).await()
            conn.transport().write(ByteArray(10))
            conn.transport().writeEof()
            assertThrows<IllegalStateException> { conn.transport().write(ByteArray(1)) }
            until { conn.protocol().lost }
            assertEquals("got 10", conn.protocol().data.toString())
            server.close()
        }
    }

    @Test
    fun `write buffer limits call pauseWriting and resumeWriting once each way`() {
        run {
            var serverTransport: Transport? = null
            val server = loop.createServer(Supplier {
                object : Protocol {
                    override fun connectionMade(transport: Transport) {
                        serverTransport = transport
                        transport.pauseReading()
                    }
                }
            }, "127.0.0.1", 0).await()
            val port = (server.sockets()[0].localAddress as InetSocketAddress).port
            val conn = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port).await()
            val t = conn.transport()
            assertThrows<IllegalArgumentException> { t.setWriteBufferLimits(1, 2) }
            t.setWriteBufferLimits(1000, 100)
            assertEquals(listOf(100, 1000), t.getWriteBufferLimits().toList())
            until { serverTransport != null }
            val chunk = ByteArray(1 shl 20)
            var rounds = 0
            // Past the high-water mark, not just until something is buffered: what the kernel takes of the last
            // write varies, and a remainder of 1000 bytes or less would never call pauseWriting.
            while (t.getWriteBufferSize() <= 1000 && rounds++ < 64) t.write(chunk)
            assertTrue(t.getWriteBufferSize() > 1000, "socket never filled")
            assertEquals(listOf("CM", "PW"), conn.protocol().events)
            serverTransport!!.resumeReading()
            until { t.getWriteBufferSize() == 0 }
            assertEquals(listOf("CM", "PW", "RW"), conn.protocol().events)
            t.close()
            server.close()
        }
    }

    @Test
    fun `peer reset surfaces as connectionLost with the error`() {
        run {
            val raw = ServerSocketChannel.open().bind(InetSocketAddress("127.0.0.1", 0))
            val port = (raw.localAddress as InetSocketAddress).port
            val conn = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port).await()
            val accepted = raw.accept()
            accepted.setOption(java.net.StandardSocketOptions.SO_LINGER, 0)
            accepted.close() // RST
            raw.close()
            val t = conn.transport()
            var n = 0
            while (!conn.protocol().lost && n++ < 2000) { // 10 s or more: a generous bound on a loaded machine
                t.write(ByteArray(1000))
                sleep(0.005)
            }
            assertTrue(conn.protocol().lost)
            assertTrue(conn.protocol().lostWith is IOException, "connectionLost got ${conn.protocol().lostWith}")
            assertFalse((t.getExtraInfo("socket") as java.nio.channels.SocketChannel).isOpen)
            assertEquals("CL", conn.protocol().events.last())
            t.write(ByteArray(3)) // after the connection died writes are dropped, as in asyncio
        }
    }

    @Test
    fun `clear errors for refused connection, port in use and unknown host`() {
        run {
            val server = loop.createServer(Supplier { object : Protocol {} }, "127.0.0.1", 0).await()
            val port = (server.sockets()[0].localAddress as InetSocketAddress).port
            val inUse = runCatching { loop.createServer(Supplier { object : Protocol {} }, "127.0.0.1", port,
                ServerOptions().reuseAddress(false)).await() }.exceptionOrNull()
            assertTrue(inUse is java.net.BindException, "got $inUse")
            assertTrue(inUse!!.message!!.contains("address already in use"), inUse.message)
            server.close()
            server.waitClosed().await()
            val refused = runCatching { loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port).await() }
                .exceptionOrNull()
            assertTrue(refused is java.net.ConnectException, "got $refused")
            assertTrue(refused!!.message!!.startsWith("Connect call failed"), refused.message)
            val unknown = runCatching { loop.createConnection({ RecordingProtocol() }, "no-such-host.invalid", 80).await() }
                .exceptionOrNull()
            assertTrue(unknown is java.net.UnknownHostException, "got $unknown")
        }
    }

    @Test
    fun `addReader and removeReader on a pipe`() {
        val pipe = java.nio.channels.Pipe.open()
        pipe.source().configureBlocking(false)
        val got = ArrayList<Int>()
        run {
            val done = loop.createFuture<Void?>()
            loop.addReader(pipe.source()) {
                val buf = java.nio.ByteBuffer.allocate(10)
                val n = pipe.source().read(buf)
                got.add(n)
                if (got.sum() >= 3) {
                    assertTrue(loop.removeReader(pipe.source()))
                    done.setResult(null)
                }
            }
            Thread { pipe.sink().write(java.nio.ByteBuffer.wrap(byteArrayOf(1, 2, 3))) }.start()
            done.await()
            assertFalse(loop.removeReader(pipe.source()))
        }
        assertEquals(3, got.sum())
        assertThrows<IllegalArgumentException> {
            loop.addReader(java.nio.channels.Pipe.open().source(), Runnable {})
        }
        pipe.source().close()
        pipe.sink().close()
    }

    @Test
    fun `callSoonThreadsafe wakes a loop blocked in select`() {
        run {
            loop.selectorPoller()
            val f = loop.createFuture<String>()
            Thread {
                Thread.sleep(20)
                loop.callSoonThreadsafe { f.setResult("woken") }
            }.start()
            assertEquals("woken", f.await())
        }
    }

    @Test
    fun `buffered protocol receives into its own buffer, and no key or socket leaks after many connections`() {
        val total = 200_000
        run {
            val server = loop.createServer(Supplier {
                object : Protocol {
                    lateinit var t: Transport
                    override fun connectionMade(transport: Transport) { t = transport }
                    override fun dataReceived(data: ByteArray) { t.write(data) }
                }
            }, "127.0.0.1", 0).await()
            val port = (server.sockets()[0].localAddress as InetSocketAddress).port
            repeat(20) {
                val events = ArrayList<String>()
                val sink = java.io.ByteArrayOutputStream()
                val conn = loop.createConnection({
                    object : BufferedProtocol {
                        val buf = java.nio.ByteBuffer.allocate(1000)
                        override fun connectionMade(transport: Transport) { events.add("CM") }
                        override fun getBuffer(sizeHint: Int): java.nio.ByteBuffer = buf.clear()
                        override fun bufferUpdated(nbytes: Int) {
                            if (events.last() != "BU") events.add("BU")
                            sink.write(buf.array(), 0, nbytes)
                        }
                        override fun eofReceived(): Boolean { events.add("ER"); return false }
                        override fun connectionLost(exc: Throwable?) { events.add("CL") }
                    }
                }, "127.0.0.1", port).await()
                val payload = ByteArray(total) { (it * 7).toByte() }
                conn.transport().write(payload)
                until { sink.size() == total }
                assertTrue(payload.contentEquals(sink.toByteArray()))
                conn.transport().close()
                until { events.last() == "CL" }
                assertEquals(listOf("CM", "BU", "CL"), events)
            }
            sleep(0.01)
            server.close()
            server.waitClosed().await()
        }
        selector().flushClosedKeys()
        assertEquals(0, selector().registeredKeyCount(), "selector keys leaked")
    }

    @Suppress("unused")
    private fun unused(): CompletionStage<*>? = Events.getRunningLoopOrNull()?.let { null }
}
