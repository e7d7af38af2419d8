package io.asyncio4j.engine.net

import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.testkit.RealLoopTest
import java.net.InetSocketAddress
import java.util.function.Supplier
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * pauseWriting/resumeWriting at exactly asyncio's points (_maybe_pause_protocol / _maybe_resume_protocol): pause
 * once the buffer is strictly above the high-water mark (on a write, or at once in setWriteBufferLimits), never
 * twice in a row; resume when a flush brings it to the low-water mark or below. Once the peer stops reading and
 * the socket is full, every write goes whole into the buffer, so the sizes below are exact.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WriteFlowControlTest : RealLoopTest() {

    /** Records each call with the buffer size the transport had at that moment. */
    private class Flow : Protocol {
        lateinit var t: Transport
        val events = ArrayList<String>()
        override fun connectionMade(transport: Transport) { t = transport }
        override fun pauseWriting() { events.add("PW@${t.getWriteBufferSize()}") }
        override fun resumeWriting() { events.add("RW@${t.getWriteBufferSize()}") }
    }

    @Test
    fun `pause above high, not at it, once, resume at low, setWriteBufferLimits pauses at once`() = run {
        var peer: Transport? = null
        val server = loop.createServer(Supplier {
            object : Protocol {
                override fun connectionMade(transport: Transport) {
                    peer = transport
                    transport.pauseReading()
                }
            }
        }, "127.0.0.1", 0).await()
        val port = (server.sockets()[0].localAddress as InetSocketAddress).port
        val conn = loop.createConnection({ Flow() }, "127.0.0.1", port).await()
        val t = conn.transport()
        val events = conn.protocol().events
        until("peer connected") { peer != null }

        // Fill the socket with flow control out of the way.
        t.setWriteBufferLimits(Int.MAX_VALUE, 0)
        var rounds = 0
        while (t.getWriteBufferSize() == 0 && rounds++ < 64) t.write(ByteArray(1 shl 20))
        val b = t.getWriteBufferSize()
        assertTrue(b > 0, "the socket never filled")

        t.setWriteBufferLimits(b + 10, 5)
        assertEquals(listOf(5, b + 10), t.getWriteBufferLimits().toList())
        assertEquals(listOf<String>(), events, "size $b <= high ${b + 10}: no pause")
        t.write(ByteArray(10))
        assertEquals(b + 10, t.getWriteBufferSize(), "a full socket buffers the whole write")
        assertEquals(listOf<String>(), events, "size == high is not above it")
        t.write(ByteArray(1))
        assertEquals(listOf("PW@${b + 11}"), events)
        t.write(ByteArray(1))
        t.setWriteBufferLimits(1, 0)
        assertEquals(listOf("PW@${b + 11}"), events, "already paused: no second pauseWriting")

        t.setWriteBufferLimits(b + 100, 1000)
        peer!!.resumeReading()
        until("resumed") { events.size == 2 }
        val resumedAt = events[1].removePrefix("RW@").toInt()
        assertTrue(resumedAt <= 1000, "resumeWriting at $resumedAt, above the low-water mark 1000")
        until("drained") { t.getWriteBufferSize() == 0 }
        assertEquals(2, events.size, "resumeWriting once")

        // Not paused, buffer refilled: lowering the limits below the size pauses at once, without a write.
        peer!!.pauseReading()
        t.setWriteBufferLimits(Int.MAX_VALUE, 0)
        rounds = 0
        while (t.getWriteBufferSize() == 0 && rounds++ < 64) t.write(ByteArray(1 shl 20))
        val b2 = t.getWriteBufferSize()
        assertTrue(b2 > 0, "the socket never filled again")
        t.setWriteBufferLimits(0, 0)
        assertEquals("PW@$b2", events[2])
        peer!!.resumeReading()
        until("resumed again") { events.size == 4 }
        assertEquals("RW@0", events[3], "low-water mark 0: resume only when empty")
        t.close()
        server.close()
        server.abortClients()
        server.waitClosed().await()
    }
}
