package io.asyncio4j.engine.net

import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.testkit.RealLoopTest
import java.util.function.Supplier
import java.util.zip.CRC32
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * The write path's cost is linear in the number and size of the writes (issue 11): many small writes queued
 * behind a full socket are flushed touching each pending buffer a bounded number of times, and each byte is
 * copied once. Measured by the transport's work counters, not by the clock: flushing 2N writes may cost at
 * most about twice the work of N (the former path copied the whole queue into an array on every writable
 * event: quadratic). The bytes must arrive whole and in order (a CRC of each side).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WritePathTest : RealLoopTest() {

    /** The reading side: paused until told, then counts and checksums everything. */
    private class Sink : Protocol {
        var transport: Transport? = null
        val crc = CRC32()
        var received = 0L
        override fun connectionMade(transport: Transport) {
            this.transport = transport
            transport.pauseReading()
        }
        override fun dataReceived(data: ByteArray) {
            crc.update(data)
            received += data.size
        }
    }

    private class Work(val bytesCopied: Long, val buffersTouched: Long, val writeCalls: Long)

    /** Fills the socket, queues [n] writes of 16 bytes behind it, lets the peer read everything: the work done. */
    private suspend fun flushSmallWrites(n: Int): Work {
        var sink: Sink? = null
        val server = loop.createServer(Supplier { Sink().also { sink = it } }, "127.0.0.1", 0).await()
        val conn = loop.createConnection({ object : Protocol {} }, "127.0.0.1", port(server)).await()
        val t = conn.transport() as SocketTransport
        until("peer connected") { sink?.transport != null }
        t.setWriteBufferLimits(Int.MAX_VALUE, 0)
        val sent = CRC32()
        var total = 0L
        var rounds = 0
        while (t.getWriteBufferSize() == 0 && rounds++ < 64) {
            val block = ByteArray(1 shl 20) { (it * 31).toByte() }
            t.write(block)
            sent.update(block)
            total += block.size
        }
        assertTrue(t.getWriteBufferSize() > 0, "the socket never filled")
        val copied0 = t.bytesCopied
        val touched0 = t.buffersTouched
        val calls0 = t.writeCalls
        val small = ByteArray(16)
        for (i in 0 until n) {
            for (k in 0 until 16) small[k] = (i + k).toByte()
            t.write(small) // the same array every time: the transport must have copied it
            sent.update(small)
        }
        total += 16L * n
        assertEquals(16L * n, t.bytesCopied - copied0, "every small write is queued behind the full socket")
        sink!!.transport!!.resumeReading()
        until("flushed") { t.getWriteBufferSize() == 0 && sink!!.received == total }
        assertEquals(sent.value, sink!!.crc.value, "the bytes arrived whole and in order")
        val work = Work(t.bytesCopied - copied0, t.buffersTouched - touched0, t.writeCalls - calls0)
        t.close()
        server.close()
        server.abortClients()
        server.waitClosed().await()
        return work
    }

    @Test
    fun `flushing 2M small writes costs about twice the work of 1M`() = run {
        val n = 1_000_000
        val w1 = flushSmallWrites(n)
        val w2 = flushSmallWrites(2 * n)
        // Each byte is copied once (into a pending chunk), each pending buffer handed to the channel a bounded
        // number of times: both counts grow linearly.
        assertEquals(2 * w1.bytesCopied, w2.bytesCopied)
        assertTrue(w2.buffersTouched <= 2.5 * w1.buffersTouched + 64,
            "buffers touched: ${w1.buffersTouched} for $n writes, ${w2.buffersTouched} for ${2 * n}")
        // Small writes are packed: far fewer buffers than writes.
        assertTrue(w2.buffersTouched < 2L * n / 100, "buffers touched ${w2.buffersTouched} for ${2 * n} writes")
        assertTrue(w2.writeCalls <= 2.5 * w1.writeCalls + 64, "write calls: ${w1.writeCalls} vs ${w2.writeCalls}")
    }

    @Test
    fun `writelines sends the parts in order, directly or behind pending data, without a concatenated copy`() = run {
        var sink: Sink? = null
        val server = loop.createServer(Supplier { Sink().also { sink = it } }, "127.0.0.1", 0).await()
        val conn = loop.createConnection({ object : Protocol {} }, "127.0.0.1", port(server)).await()
        val t = conn.transport() as SocketTransport
        until("peer connected") { sink?.transport != null }
        val sent = CRC32()
        var total = 0L
        fun parts(seed: Int): List<ByteArray> = listOf(ByteArray(3) { (seed + it).toByte() }, ByteArray(0),
            ByteArray(70_000) { (seed * it).toByte() }, ByteArray(1) { seed.toByte() })

        // Nothing pending: one gathering write takes them (the socket has room), nothing is copied.
        val p0 = parts(1)
        t.writelines(p0)
        p0.forEach { sent.update(it); total += it.size }
        assertEquals(0, t.getWriteBufferSize())
        assertEquals(0L, t.bytesCopied, "a gathering write needs no copy")

        // Behind a full socket: queued whole, in order, after the pending data.
        t.setWriteBufferLimits(Int.MAX_VALUE, 0)
        var rounds = 0
        while (t.getWriteBufferSize() == 0 && rounds++ < 64) {
            val block = ByteArray(1 shl 20) { it.toByte() }
            t.write(block)
            sent.update(block)
            total += block.size
        }
        val before = t.getWriteBufferSize()
        assertTrue(before > 0, "the socket never filled")
        for (seed in 2..5) {
            val p = parts(seed)
            t.writelines(p)
            p.forEach { sent.update(it); total += it.size }
        }
        assertEquals(before + 4 * 70_004, t.getWriteBufferSize(), "every part is buffered, and counted")
        sink!!.transport!!.resumeReading()
        until("flushed") { t.getWriteBufferSize() == 0 && sink!!.received == total }
        assertEquals(sent.value, sink!!.crc.value, "the bytes arrived whole and in order")
        t.writelines(listOf()) // nothing to write: no error, no effect
        t.close()
        server.close()
        server.abortClients()
        server.waitClosed().await()
    }
}
