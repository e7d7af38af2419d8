package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import java.io.IOException
import java.net.SocketAddress
import java.net.StandardSocketOptions
import java.nio.ByteBuffer
import java.nio.channels.SocketChannel
import java.util.ArrayDeque

/**
 * A stream transport over a non-blocking [SocketChannel] (asyncio's _SelectorSocketTransport), TCP or Unix.
 *
 * Lifecycle: [closing], [connLost] and [closedByUser] as in [SelectorTransport], plus
 *  - [eof]: writeEof was called; the write side shuts down once the buffer is empty.
 * Invariants: the channel has a writer registered exactly while [buffer] is non-empty and [connLost] == 0;
 * [bufferSize] is the sum of the remaining bytes in [buffer]; a reader is registered exactly while the transport
 * is open, not closing and not paused (and, after eofReceived returned true, never again).
 * connectionLost is called once, after which the channel is closed and the server (if any) is detached.
 */
internal class SocketTransport(
    loop: EventLoop,
    private val channel: SocketChannel,
    protocol: BaseProtocol,
    waiter: Future<Void?>?,
    extra: Map<String, Any?>,
    private val server: Server?,
) : SelectorTransport(loop, channel, protocol), Transport {
    private val buffer = ArrayDeque<ByteBuffer>()
    private var eof = false
    private var paused = false
    private val readBuffer: ByteBuffer by lazy { ByteBuffer.allocate(MAX_SIZE) }

    /** Completed when connectionLost has run (sendfile and tests use it); never fails. */
    @get:JvmSynthetic internal val lostFuture: Future<Void?> = loop.createFuture()

    init {
        this.extra["socket"] = channel
        try {
            this.extra["sockname"] = channel.localAddress
        } catch (_: IOException) {
        }
        try {
            this.extra["peername"] = channel.remoteAddress
        } catch (_: IOException) {
        }
        this.extra.putAll(extra)
        try {
            if (channel.localAddress is java.net.InetSocketAddress) channel.setOption(StandardSocketOptions.TCP_NODELAY, true)
        } catch (_: IOException) {
        }
        server?.attach(this)
        loop.callSoon { connectionMade() }
        loop.callSoon { if (!closing && !paused) selector.addReader(channel) { readReady() } }
        if (waiter != null) loop.callSoon { if (!waiter.done()) waiter.setResult(null) }
    }

    private fun connectionMade() {
        protocolConnected = true
        when (val p = protocol) {
            is Protocol -> p.connectionMade(this)
            is BufferedProtocol -> p.connectionMade(this)
            else -> {}
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Reading.

    private fun readReady() {
        if (connLost > 0) return
        val p = protocol
        if (p is BufferedProtocol) readIntoProtocolBuffer(p) else readData()
    }

    private fun readData() {
        val buf = readBuffer
        buf.clear()
        val n = try {
            channel.read(buf)
        } catch (e: IOException) {
            fatalError(e, "Fatal read error on socket transport")
            return
        }
        if (n == 0) return
        if (n < 0) {
            onEof()
            return
        }
        val data = ByteArray(n)
        buf.flip()
        buf.get(data)
        try {
            (protocol as? Protocol)?.dataReceived(data)
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            fatalError(e, "Fatal error: protocol.dataReceived() call failed.")
        }
    }

    private fun readIntoProtocolBuffer(p: BufferedProtocol) {
        val buf = try {
            p.getBuffer(-1)
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            fatalError(e, "Fatal error: protocol.getBuffer() call failed.")
            return
        }
        if (!buf.hasRemaining()) {
            fatalError(IllegalStateException("getBuffer() returned an empty buffer"),
                "Fatal error: protocol.getBuffer() call failed.")
            return
        }
        val n = try {
            channel.read(buf)
        } catch (e: IOException) {
            fatalError(e, "Fatal read error on socket transport")
            return
        }
        if (n == 0) return
        if (n < 0) {
            onEof()
            return
        }
        try {
            p.bufferUpdated(n)
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            fatalError(e, "Fatal error: protocol.bufferUpdated() call failed.")
        }
    }

    private fun onEof() {
        val keepOpen = try {
            when (val p = protocol) {
                is Protocol -> p.eofReceived()
                is BufferedProtocol -> p.eofReceived()
                else -> false
            }
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            fatalError(e, "Fatal error: protocol.eofReceived() call failed.")
            return
        }
        if (keepOpen) {
            // Half-closed: we stop reading (there is nothing more to read) but can still write.
            readEofSeen = true
            selector.removeReader(channel)
        } else {
            closeInternal()
        }
    }

    /** EOF was received and the protocol kept the transport open: nothing more will be read. */
    private var readEofSeen = false

    override fun isReading(): Boolean = !paused && !closing && !readEofSeen

    override fun pauseReading() {
        if (closing || paused) return
        paused = true
        selector.removeReader(channel)
    }

    override fun resumeReading() {
        if (closing || !paused) return
        paused = false
        if (connLost == 0 && !readEofSeen) selector.addReader(channel) { readReady() }
    }

    // ------------------------------------------------------------------------------------------------
    // Writing.

    override fun write(data: ByteArray) {
        requireNotNull(data) { "data must not be null" }
        if (eof) throw IllegalStateException("Cannot call write() after write_eof()")
        if (closedByUser) throw IllegalStateException("write() on a closed transport: $this")
        if (emptyWaiter != null) throw IllegalStateException("unable to write; sendfile is in progress")
        if (data.isEmpty()) return
        if (connLost > 0) {
            if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) LOGGER.log(System.Logger.Level.WARNING, "socket.send() raised exception.")
            connLost++
            return
        }
        var start = 0
        if (buffer.isEmpty()) {
            val buf = ByteBuffer.wrap(data)
            try {
                channel.write(buf)
            } catch (e: IOException) {
                fatalError(e, "Fatal write error on socket transport")
                return
            }
            if (!buf.hasRemaining()) return
            start = buf.position()
            selector.addWriter(channel) { writeReady() }
        }
        // Copy what is left: the caller may reuse its array (asyncio copies into its bytearray too).
        buffer.addLast(ByteBuffer.wrap(data.copyOfRange(start, data.size)))
        bufferSize += data.size - start
        maybePauseProtocol()
    }

    /** Set while sendfile waits for the buffer to empty and sends: writes fail meanwhile (asyncio's rule). */
    private var emptyWaiter: Future<Void?>? = null

    @JvmSynthetic internal fun makeEmptyWaiter(): Future<Void?> {
        check(emptyWaiter == null) { "Empty waiter is already set" }
        val w = loop.createFuture<Void?>()
        emptyWaiter = w
        if (buffer.isEmpty()) w.setResult(null)
        return w
    }

    @JvmSynthetic internal fun resetEmptyWaiter() {
        emptyWaiter = null
    }

    override fun writelines(data: Iterable<ByteArray>) {
        val parts = data.toList()
        val total = ByteArray(parts.sumOf { it.size })
        var at = 0
        for (p in parts) {
            System.arraycopy(p, 0, total, at, p.size)
            at += p.size
        }
        write(total)
    }

    private fun writeReady() {
        if (connLost > 0) return
        try {
            val array = buffer.toTypedArray()
            val n = channel.write(array)
            bufferSize -= n.toInt()
            while (buffer.isNotEmpty() && !buffer.peekFirst().hasRemaining()) buffer.pollFirst()
        } catch (e: IOException) {
            selector.removeWriter(channel)
            buffer.clear()
            bufferSize = 0
            fatalError(e, "Fatal write error on socket transport")
            emptyWaiter?.let { if (!it.done()) it.setException(e) }
            return
        }
        maybeResumeProtocol()
        if (buffer.isEmpty()) {
            selector.removeWriter(channel)
            emptyWaiter?.let { if (!it.done()) it.setResult(null) }
            if (closing) {
                callConnectionLost(null)
            } else if (eof) {
                shutdownOutput()
            }
        }
    }

    override fun writeEof() {
        if (closing || eof) return
        eof = true
        if (buffer.isEmpty()) shutdownOutput()
    }

    private fun shutdownOutput() {
        try {
            channel.shutdownOutput()
        } catch (_: IOException) {
        }
    }

    override fun canWriteEof(): Boolean = true

    override fun getWriteBufferLimits(): IntArray = intArrayOf(lowWater, highWater)

    override fun setWriteBufferLimits(high: Int?, low: Int?) {
        val (h, l) = WriteLimits.compute(high, low)
        highWater = h
        lowWater = l
        maybePauseProtocol()
    }

    // ------------------------------------------------------------------------------------------------
    // Closing.

    override fun hasBufferedWrites(): Boolean = buffer.isNotEmpty()

    override fun clearWriteBuffer() = buffer.clear()

    override fun afterConnectionLost() {
        server?.detach(this)
        if (!lostFuture.done()) lostFuture.setResult(null)
        emptyWaiter?.let { if (!it.done()) it.setException(java.io.IOException("Connection is closed by peer")) }
    }

    @JvmSynthetic internal fun channel(): SocketChannel = channel

    override fun toString(): String {
        val state = when {
            !channel.isOpen -> "closed"
            closing -> "closing"
            else -> "open"
        }
        val peer = extra["peername"] as SocketAddress?
        return "<SocketTransport $state peer=$peer read=${if (isReading()) "polling" else "idle"} " +
            "write=<${if (bufferSize > 0) "polling" else "idle"}, bufsize=$bufferSize>>"
    }

    private companion object {
        const val MAX_SIZE = 256 * 1024
    }
}

/** asyncio's _set_write_buffer_limits rule, shared by the stream and datagram transports. */
internal object WriteLimits {
    @JvmSynthetic fun compute(high: Int?, low: Int?): Pair<Int, Int> {
        val h = high ?: if (low == null) 64 * 1024 else 4 * low
        val l = low ?: (h / 4)
        if (!(h >= l && l >= 0)) throw IllegalArgumentException("high ($h) must be >= low ($l) must be >= 0")
        return h to l
    }
}
