package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import java.io.IOException
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.util.ArrayDeque

/**
 * A datagram transport over a non-blocking [DatagramChannel] (asyncio's _SelectorDatagramTransport).
 * Order: `connectionMade [-> datagramReceived | errorReceived]* -> connectionLost`. A failed send or receive
 * (an ICMP port unreachable on a connected socket, for instance) goes to errorReceived and the endpoint stays
 * open; anything else is fatal. Invariant: a writer is registered exactly while [buffer] is non-empty.
 */
internal class SelectorDatagramTransport(
    loop: EventLoop,
    private val channel: DatagramChannel,
    protocol: BaseProtocol,
    /** The connected peer (remoteAddr), or null. */
    private val address: SocketAddress?,
    waiter: Future<Void?>?,
) : SelectorTransport(loop, channel, protocol), DatagramTransport {
    private val buffer = ArrayDeque<Pair<ByteBuffer, SocketAddress?>>()

    init {
        extra["socket"] = channel
        try {
            extra["sockname"] = channel.localAddress
            extra["peername"] = channel.remoteAddress
        } catch (_: IOException) {
        }
        loop.callSoon {
            protocolConnected = true
            (protocol as? DatagramProtocol)?.connectionMade(this)
        }
        loop.callSoon { if (!closing) selector.addReader(channel) { readReady() } }
        if (waiter != null) loop.callSoon { if (!waiter.done()) waiter.setResult(null) }
    }

    private fun datagramProtocol(): DatagramProtocol? = protocol as? DatagramProtocol

    private fun readReady() {
        if (connLost > 0) return
        // The loop's shared receive buffer, capped at MAX_SIZE (a larger datagram is truncated, as asyncio's
        // recvfrom(max_size) truncates it); the bytes are copied out before the protocol runs.
        val readBuffer = selector.readBuffer()
        readBuffer.limit(MAX_SIZE)
        val from = try {
            channel.receive(readBuffer) ?: return
        } catch (e: IOException) {
            datagramProtocol()?.errorReceived(e)
            return
        }
        readBuffer.flip()
        val data = ByteArray(readBuffer.remaining())
        readBuffer.get(data)
        try {
            datagramProtocol()?.datagramReceived(data, from)
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            fatalError(e, "Fatal error: protocol.datagramReceived() call failed.")
        }
    }

    override fun sendto(data: ByteArray, addr: SocketAddress?) {
        requireNotNull(data) { "data must not be null" }
        var target = addr
        if (address != null) {
            if (addr != null && addr != address) throw IllegalArgumentException("Invalid address: must be None or $address")
            target = address
        } else if (addr == null) {
            throw IllegalArgumentException("Invalid address: must not be None on an unconnected endpoint")
        }
        if (closing && connLost == 0 && closedByUser) throw IllegalStateException("sendto() on a closed transport: $this")
        if (connLost > 0) {
            if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                LOGGER.log(System.Logger.Level.WARNING, "socket.send() raised exception.")
            }
            connLost++
            return
        }
        val buf = ByteBuffer.wrap(data.copyOf())
        if (buffer.isEmpty()) {
            try {
                val sent = if (address != null) channel.write(buf) else channel.send(buf, target)
                if (sent > 0 || data.isEmpty()) return
            } catch (e: IOException) {
                datagramProtocol()?.errorReceived(e)
                return
            }
            selector.addWriter(channel) { sendtoReady() }
        }
        buffer.addLast(buf to target)
        bufferSize += data.size
        maybePauseProtocol()
    }

    private fun sendtoReady() {
        while (buffer.isNotEmpty()) {
            val (buf, target) = buffer.peekFirst()
            try {
                val sent = if (address != null) channel.write(buf) else channel.send(buf, target)
                if (sent == 0 && buf.hasRemaining()) break
            } catch (e: IOException) {
                buffer.pollFirst()
                bufferSize -= buf.capacity()
                datagramProtocol()?.errorReceived(e)
                return
            }
            buffer.pollFirst()
            bufferSize -= buf.capacity()
        }
        maybeResumeProtocol()
        if (buffer.isEmpty()) {
            selector.removeWriter(channel)
            if (closing) callConnectionLost(null)
        }
    }




    override fun hasBufferedWrites(): Boolean = buffer.isNotEmpty()

    override fun clearWriteBuffer() = buffer.clear()

    override fun toString(): String =
        "<DatagramTransport ${if (!channel.isOpen) "closed" else if (closing) "closing" else "open"} " +
            "sockname=${extra["sockname"]} peername=${extra["peername"]} bufsize=$bufferSize>"

    private companion object {
        /** The largest UDP payload. */
        const val MAX_SIZE = 65536
    }
}

/** What createDatagramEndpoint gives: asyncio's `(transport, protocol)` pair for datagrams. */
public class DatagramEndpoint<P : DatagramProtocol>(
    private val transport: DatagramTransport,
    private val protocol: P,
) {
    public fun transport(): DatagramTransport = transport

    public fun protocol(): P = protocol

    override fun toString(): String = "($transport, $protocol)"
}
