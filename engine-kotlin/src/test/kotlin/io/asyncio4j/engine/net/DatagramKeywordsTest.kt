package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.testkit.RealLoopTest
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.net.StandardProtocolFamily
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.util.function.Supplier
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** create_datagram_endpoint's family= and sock= (asyncio 3.13's checks and wording). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramKeywordsTest : RealLoopTest() {
    private class Rec : DatagramProtocol {
        val got = ArrayList<String>()
        override fun datagramReceived(data: ByteArray, addr: SocketAddress) { got.add(String(data)) }
    }

    private suspend fun error(local: InetSocketAddress?, options: DatagramOptions): String? =
        runCatching { loop.createDatagramEndpoint(Supplier { Rec() }, local, null, options).await() }.exceptionOrNull()
            ?.let { Futures.unwrap(it).message }

    @Test
    fun `family alone makes an unbound endpoint, nothing at all is refused`() = run {
        val ep = loop.createDatagramEndpoint(Supplier { Rec() }, null, null, DatagramOptions().family(StandardProtocolFamily.INET)).await()
        val ch = ep.transport().getExtraInfo("socket") as DatagramChannel
        assertEquals(null, ch.localAddress, "not bound yet, as asyncio's ('0.0.0.0', 0)")
        ep.transport().close()
        assertEquals("unexpected address family", error(null, DatagramOptions()))
        assertEquals("[Errno -9] Address family for hostname not supported",
            error(InetSocketAddress("127.0.0.1", 0), DatagramOptions().family(StandardProtocolFamily.INET6)))
    }

    @Test
    fun `an existing sock is used as is, with no other option`() = run {
        DatagramChannel.open().use { peer ->
            peer.bind(InetSocketAddress("127.0.0.1", 0))
            val sock = DatagramChannel.open().bind(InetSocketAddress("127.0.0.1", 0))
            assertEquals("socket modifier keyword arguments can not be used when sock is specified. (local_addr=/127.0.0.1:0)",
                error(InetSocketAddress("127.0.0.1", 0), DatagramOptions().sock(sock)))
            val ep = loop.createDatagramEndpoint(Supplier { Rec() }, null, null, DatagramOptions().sock(sock)).await()
            assertEquals(sock.localAddress, ep.transport().getExtraInfo("sockname"))
            peer.send(ByteBuffer.wrap("hi".toByteArray()), sock.localAddress)
            until("datagram") { ep.protocol().got.isNotEmpty() }
            assertEquals(listOf("hi"), ep.protocol().got)
            ep.transport().close()
        }
    }
}
