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

    /** Completed when connectionLost has run (sendfile and tests use it); never fails. */
    internal val lostFuture: Future<Void?> = loop.createFuture()

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
        // The loop's shared direct buffer: the bytes are copied out (into the protocol's own array) before
        // dataReceived runs, so nothing of this read stays with the connection.
        val buf = selector.readBuffer()
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
        checkWritable()
        if (data.isEmpty() || droppedAfterLoss()) return
        var start = 0
        if (buffer.isEmpty()) {
            // Nothing pending: the kernel takes what it can straight from the caller's array (asyncio's "try to
            // send now"); only the remainder is copied. All of it is offered, as asyncio does: offering less
            // would queue bytes the kernel could take and move the pauseWriting points.
            val buf = ByteBuffer.wrap(data)
            try {
                channel.write(buf)
            } catch (e: IOException) {
                fatalError(e, "Fatal write error on socket transport")
                return
            }
            writeCalls++
            start = buf.position()
            if (start == data.size) return
            selector.addWriter(channel) { writeReady() }
        }
        enqueue(data, start, data.size - start)
        maybePauseProtocol()
    }

    /** write()'s and writelines()'s checks of the transport's state, in asyncio's order. */
    private fun checkWritable() {
        if (eof) throw IllegalStateException("Cannot call write() after write_eof()")
        if (closedByUser) throw IllegalStateException("write() on a closed transport: $this")
        if (emptyWaiter != null) throw IllegalStateException("unable to write; sendfile is in progress")
    }

    /**
     * True when the connection is lost: the write is dropped and counted (asyncio's "socket.send() raised
     * exception." after a few).
     */
    private fun droppedAfterLoss(): Boolean {
        if (connLost > 0) {
            if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) LOGGER.log(System.Logger.Level.WARNING, "socket.send() raised exception.")
            connLost++
            return true
        }
        return false
    }

    /**
     * Appends [len] bytes of [data] from [off] to the pending buffer, copied (the caller may reuse its array;
     * asyncio copies into its buffer too). Small writes are packed into shared chunks of [CHUNK] bytes, so a
     * million 16-byte writes make a few hundred buffers, not a million; a large one gets its own exact copy.
     * A chunk is recognisable by its spare room (limit < capacity): only chunks are ever appended to.
     * Each byte is copied once, whatever the queue holds: the cost is linear in the bytes written.
     */
    private fun enqueue(data: ByteArray, off: Int, len: Int) {
        val tail = buffer.peekLast()
        if (tail != null && tail.capacity() - tail.limit() >= len) {
            System.arraycopy(data, off, tail.array(), tail.arrayOffset() + tail.limit(), len)
            tail.limit(tail.limit() + len)
        } else if (len <= CHUNK / 4) {
            val chunk = ByteBuffer.allocate(CHUNK)
            chunk.put(data, off, len).flip()
            buffer.addLast(chunk)
        } else {
            buffer.addLast(ByteBuffer.wrap(data.copyOfRange(off, off + len)))
        }
        bytesCopied += len
        bufferSize += len
    }

    /** Set while sendfile waits for the buffer to empty and sends: writes fail meanwhile (asyncio's rule). */
    private var emptyWaiter: Future<Void?>? = null

    internal fun makeEmptyWaiter(): Future<Void?> {
        check(emptyWaiter == null) { "Empty waiter is already set" }
        val w = loop.createFuture<Void?>()
        emptyWaiter = w
        if (buffer.isEmpty()) w.setResult(null)
        return w
    }

    internal fun resetEmptyWaiter() {
        emptyWaiter = null
    }

    /**
     * Writes the parts in order, as one gathering write when nothing is pending (asyncio 3.12's writelines +
     * sendmsg): no concatenated copy; what the kernel does not take is queued as [write] queues it.
     */
    override fun writelines(data: Iterable<ByteArray>) {
        val parts = data.toList()
        for (p in parts) requireNotNull(p) { "data must not be null" }
        checkWritable()
        var total = 0L
        for (p in parts) total += p.size
        if (total == 0L || droppedAfterLoss()) return
        var first = 0 // parts before this one were fully sent
        var sentOfFirst = 0
        if (buffer.isEmpty()) {
            val bufs = ArrayList<ByteBuffer>(minOf(parts.size, WRITE_BATCH))
            for (p in parts) {
                if (bufs.size == WRITE_BATCH) break
                if (p.isNotEmpty()) bufs.add(ByteBuffer.wrap(p))
            }
            var n = try {
                channel.write(bufs.toTypedArray())
            } catch (e: IOException) {
                fatalError(e, "Fatal write error on socket transport")
                return
            }
            writeCalls++
            buffersTouched += bufs.size
            if (n == total) return
            while (first < parts.size && n >= parts[first].size) {
                n -= parts[first].size
                first++
            }
            sentOfFirst = n.toInt()
            selector.addWriter(channel) { writeReady() }
        }
        for (i in first until parts.size) {
            val p = parts[i]
            val off = if (i == first) sentOfFirst else 0
            if (p.size > off) enqueue(p, off, p.size - off)
        }
        maybePauseProtocol()
    }

    /**
     * The socket is writable: one gathering write of at most [WRITE_BATCH] pending buffers and about
     * [MAX_WRITE] bytes (asyncio 3.12's sendmsg of at most SC_IOV_MAX buffers). Touches only that batch, never
     * the whole queue: flushing N pending writes costs O(N), not O(N^2).
     */
    private fun writeReady() {
        if (connLost > 0) return
        try {
            val n: Long
            val first = buffer.peekFirst()
            if (buffer.size == 1 || first.remaining() >= MAX_WRITE) {
                n = writeCapped(first).toLong()
                buffersTouched++
            } else {
                val batch = arrayOfNulls<ByteBuffer>(minOf(buffer.size, WRITE_BATCH, MAX_WRITE / 1024))
                var count = 0
                var bytes = 0
                for (b in buffer) {
                    if (count == batch.size || bytes + b.remaining() > MAX_WRITE) break
                    batch[count++] = b
                    bytes += b.remaining()
                }
                @Suppress("UNCHECKED_CAST")
                n = channel.write(batch as Array<ByteBuffer>, 0, count)
                buffersTouched += count
            }
            writeCalls++
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

    /** Writes [b] from its position, at most [MAX_WRITE] bytes of it (the JDK's bounce copy stays bounded). */
    private fun writeCapped(b: ByteBuffer): Int {
        if (b.remaining() <= MAX_WRITE) return channel.write(b)
        val limit = b.limit()
        b.limit(b.position() + MAX_WRITE)
        try {
            return channel.write(b)
        } finally {
            b.limit(limit)
        }
    }

    // Work counters of the write path, for the tests of its linearity (not a public statistic).
    /** Bytes copied into the pending buffer. */
    internal var bytesCopied: Long = 0

    /** Buffers handed to the channel, summed over all write calls. */
    internal var buffersTouched: Long = 0

    /** Write calls made to the channel. */
    internal var writeCalls: Long = 0

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

    internal fun channel(): SocketChannel = channel

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

    internal companion object {
        /** Size of the chunks small pending writes are packed into. */
        const val CHUNK = 16 * 1024

        /** Most buffers one gathering write takes (asyncio's SC_IOV_MAX: Linux's IOV_MAX, 1024). */
        const val WRITE_BATCH = 1024

        /**
         * The most pending bytes one writable event hands to the channel: the JDK copies everything it is given
         * into a temporary direct buffer before the kernel takes its part, so an unbounded offer would copy a
         * large pending buffer again on every event.
         */
        const val MAX_WRITE = 256 * 1024
    }
}

/** asyncio's _set_write_buffer_limits rule, shared by the stream and datagram transports. */
internal object WriteLimits {
    fun compute(high: Int?, low: Int?): Pair<Int, Int> {
        val h = high ?: if (low == null) 64 * 1024 else 4 * low
        val l = low ?: (h / 4)
        if (!(h >= l && l >= 0)) throw IllegalArgumentException("high ($h) must be >= low ($l) must be >= 0")
        return h to l
    }
}
