package io.asyncio4j.engine.net

import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.streams.openConnection
import io.asyncio4j.engine.streams.startServer
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.testkit.RealLoopTest
import java.net.Inet6Address
import java.net.InetAddress
import java.net.InetSocketAddress
import java.nio.channels.ServerSocketChannel
import java.util.function.Supplier
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * TCP and UDP over the IPv6 loopback ::1. Skipped (not failed) only when this machine cannot bind ::1 at all,
 * which the first step checks by binding a plain ServerSocketChannel.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Ipv6Test : RealLoopTest() {
    private val loopback6: InetAddress = InetAddress.getByName("::1")

    @BeforeEach
    fun requireIpv6Loopback() {
        val available = try {
            ServerSocketChannel.open(java.net.StandardProtocolFamily.INET6).use { it.bind(InetSocketAddress(loopback6, 0)) }
            true
        } catch (e: Exception) {
            false
        }
        assumeTrue(available, "no IPv6 loopback on this machine")
    }


    @Test
    fun `protocols over the IPv6 loopback - server and client addresses are IPv6`() = run {
        val server = loop.createServer(Supplier {
            object : Protocol {
                lateinit var t: Transport
                override fun connectionMade(transport: Transport) { t = transport }
                override fun dataReceived(data: ByteArray) { t.write(data) }
            }
        }, "::1", 0).await()
        val bound = server.sockets()[0].localAddress as InetSocketAddress
        assertTrue(bound.address is Inet6Address && bound.address.isLoopbackAddress, "$bound")
        val conn = loop.createConnection({ RecordingProtocol() }, "::1", bound.port).await()
        val peer = conn.transport().getExtraInfo("peername") as InetSocketAddress
        val local = conn.transport().getExtraInfo("sockname") as InetSocketAddress
        assertEquals(loopback6, peer.address)
        assertEquals(bound.port, peer.port)
        assertEquals(loopback6, local.address)
        conn.transport().write("six".toByteArray())
        until("echo") { conn.protocol().data.size() == 3 }
        assertEquals("six", conn.protocol().data.toString())
        conn.transport().close()
        until("closed") { conn.protocol().lost }
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `streams over the IPv6 loopback`() = run {
        val server = startServer("::1", 0) { reader, writer ->
            writer.write(reader.readline().await())
            writer.close()
        }
        val port = (server.sockets()[0].localAddress as InetSocketAddress).port
        val (reader, writer) = openConnection("::1", port)
        writer.write("line over v6\n".toByteArray())
        assertEquals("line over v6\n", String(reader.readline().await()))
        assertEquals(0, reader.read().await().size)
        writer.close()
        writer.waitClosed().await()
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `udp over the IPv6 loopback`() = run {
        val received = ArrayList<Pair<String, java.net.SocketAddress>>()
        val server = loop.createDatagramEndpoint({
            object : DatagramProtocol {
                lateinit var t: DatagramTransport
                override fun connectionMade(transport: DatagramTransport) { t = transport }
                override fun datagramReceived(data: ByteArray, addr: java.net.SocketAddress) {
                    received.add(String(data) to addr)
                    t.sendto(data, addr)
                }
            }
        }, InetSocketAddress(loopback6, 0), null).await()
        val serverAddr = server.transport().getExtraInfo("sockname") as InetSocketAddress
        val echoed = ArrayList<String>()
        val client = loop.createDatagramEndpoint({
            object : DatagramProtocol {
                override fun datagramReceived(data: ByteArray, addr: java.net.SocketAddress) { echoed.add(String(data)) }
            }
        }, null, serverAddr).await()
        client.transport().sendto("v6 datagram".toByteArray())
        until("echo") { echoed.isNotEmpty() }
        assertEquals("v6 datagram", received[0].first)
        assertTrue((received[0].second as InetSocketAddress).address is Inet6Address)
        client.transport().close()
        server.transport().close()
    }
}
