package io.asyncio4j.engine.net

import io.asyncio4j.engine.testkit.RealLoopTest
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.streams.openUnixConnection
import io.asyncio4j.engine.streams.startUnixServer
import io.asyncio4j.engine.task.Coroutine
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.future.await
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.file.Files
import java.util.function.Supplier
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramUnixLowLevelTest : RealLoopTest() {
    private class Udp : DatagramProtocol {
        val events = ArrayList<String>()
        var transport: DatagramTransport? = null
        val received = ArrayList<Pair<String, SocketAddress>>()
        val errors = ArrayList<Exception>()

        override fun connectionMade(transport: DatagramTransport) {
            events.add("CM")
            this.transport = transport
        }

        override fun datagramReceived(data: ByteArray, addr: SocketAddress) {
            received.add(String(data) to addr)
        }

        override fun errorReceived(exc: Exception) {
            errors.add(exc)
        }

        override fun connectionLost(exc: Throwable?) {
            events.add("CL")
        }
    }

    private suspend fun until(condition: () -> Boolean) = until("a condition of this test", condition)

    @Test
    fun `udp echo between two endpoints, connected and not`() = run {
        val server = loop.createDatagramEndpoint({ Udp() }, InetSocketAddress("127.0.0.1", 0), null).await()
        val serverAddr = server.transport().getExtraInfo("sockname") as InetSocketAddress
        val client = loop.createDatagramEndpoint({ Udp() }, null, serverAddr).await()
        assertEquals(listOf("CM"), client.protocol().events)
        client.transport().sendto("ping".toByteArray())
        until { server.protocol().received.isNotEmpty() }
        val (text, from) = server.protocol().received[0]
        assertEquals("ping", text)
        server.transport().sendto("pong".toByteArray(), from)
        until { client.protocol().received.isNotEmpty() }
        assertEquals("pong", client.protocol().received[0].first)
        val wrong = runCatching { client.transport().sendto(ByteArray(1), InetSocketAddress("127.0.0.1", 9)) }
        assertTrue(wrong.exceptionOrNull() is IllegalArgumentException)
        client.transport().close()
        server.transport().close()
        until { client.protocol().events.size == 2 && server.protocol().events.size == 2 }
        assertEquals(listOf("CM", "CL"), server.protocol().events)
    }

    @Test
    fun `connected udp to a closed port reports errorReceived and stays open`() = run {
        val dead = DatagramChannel.open().bind(InetSocketAddress("127.0.0.1", 0))
        val deadAddr = dead.localAddress as InetSocketAddress
        dead.close()
        val client = loop.createDatagramEndpoint({ Udp() }, null, deadAddr).await()
        var n = 0
        // Bounded by a generous 1000 rounds (10 s or more): loopback ICMP is handled in softirq context, which a
        // loaded machine can defer (ksoftirqd), so a handful of rounds is not enough.
        while (client.protocol().errors.isEmpty() && n++ < 1000) {
            client.transport().sendto("x".toByteArray())
            sleep(0.01)
        }
        assertTrue(client.protocol().errors.isNotEmpty(), "no ICMP error surfaced")
        assertTrue(!client.transport().isClosing())
        client.transport().close()
    }

    @Test
    fun `unix domain stream server and client`() {
        val dir = Files.createTempDirectory("asyncio4j")
        val path = dir.resolve("s.sock")
        try {
            run {
                val server = startUnixServer(path) { reader, writer ->
                    writer.write(reader.readline().await())
                    writer.close()
                }
                val (reader, writer) = openUnixConnection(path)
                writer.write("over unix\n".toByteArray())
                assertEquals("over unix\n", String(reader.read().await()))
                writer.close()
                writer.waitClosed().await()
                server.close()
                server.waitClosed().await()
            }
        } finally {
            Files.deleteIfExists(path)
            Files.deleteIfExists(dir)
        }
    }

    @Test
    fun `low level sock calls`() = run {
        val listener = ServerSocketChannel.open().bind(InetSocketAddress("127.0.0.1", 0))
        listener.configureBlocking(false)
        val client = SocketChannel.open()
        client.configureBlocking(false)
        val accepted = loop.createTask(Coroutine { loop.sockAccept(listener) })
        loop.sockConnect(client, listener.localAddress).await()
        val conn = accepted.await()
        val big = ByteArray(3 shl 20) { (it % 251).toByte() }
        val sending = loop.createTask(Coroutine { loop.sockSendall(client, big) })
        var got = 0
        var sum = 0L
        while (got < big.size) {
            val part = loop.sockRecv(conn, 65536).await()
            assertTrue(part.isNotEmpty())
            for (b in part) sum += (b.toInt() and 0xff)
            got += part.size
        }
        sending.await()
        assertEquals(big.sumOf { (it.toInt() and 0xff).toLong() }, sum)
        client.shutdownOutput()
        val buf = ByteBuffer.allocate(10)
        assertEquals(0, loop.sockRecvInto(conn, buf).await()) // EOF
        val blocking = SocketChannel.open()
        assertTrue(runCatching { loop.sockRecv(blocking, 1) }.exceptionOrNull() is IllegalArgumentException)
        blocking.close()
        val u1 = DatagramChannel.open().bind(InetSocketAddress("127.0.0.1", 0)).also { it.configureBlocking(false) }
        val u2 = DatagramChannel.open().bind(InetSocketAddress("127.0.0.1", 0)).also { it.configureBlocking(false) }
        val recv = createTask { loop.sockRecvfrom(u2, 100).await() }
        sleep(0.0)
        assertEquals(2, loop.sockSendto(u1, "hi".toByteArray(), u2.localAddress).await())
        val entry = recv.await()
        assertEquals("hi", String(entry.key))
        assertEquals(u1.localAddress, entry.value)
        for (c in listOf(u1, u2, conn, client, listener)) c.close()
        val addrs = loop.getaddrinfo("localhost", 80).await()
        assertTrue(addrs.isNotEmpty() && addrs.all { it.port == 80 })
    }
}
