package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.selector.SelectorPoller
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
    private val loop: EventLoop,
    private val channel: DatagramChannel,
    private var protocol: BaseProtocol,
    /** The connected peer (remoteAddr), or null. */
    private val address: SocketAddress?,
    waiter: Future<Void?>?,
) : DatagramTransport {
    private val selector: SelectorPoller = loop.selectorPoller()
    private val extra = LinkedHashMap<String, Any?>()
    private val buffer = ArrayDeque<Pair<ByteBuffer, SocketAddress?>>()
    private var bufferSize = 0
    private var closing = false
    private var connLost = 0
    private var protocolConnected = false
    private var protocolPaused = false
    private var highWater = SocketTransport.DEFAULT_HIGH
    private var lowWater = SocketTransport.DEFAULT_HIGH / 4
    private val readBuffer = ByteBuffer.allocate(MAX_SIZE)

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
        readBuffer.clear()
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
            if (connLost >= SocketTransport.LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                SocketTransport.LOGGER.log(System.Logger.Level.WARNING, "socket.send() raised exception.")
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

    private fun maybePauseProtocol() {
        if (bufferSize <= highWater || protocolPaused) return
        protocolPaused = true
        protocol.pauseWriting()
    }

    private fun maybeResumeProtocol() {
        if (protocolPaused && bufferSize <= lowWater) {
            protocolPaused = false
            protocol.resumeWriting()
        }
    }

    override fun getWriteBufferSize(): Int = bufferSize

    private var closedByUser = false

    override fun isClosing(): Boolean = closing

    override fun close() {
        closedByUser = true
        if (closing) return
        closing = true
        selector.removeReader(channel)
        if (buffer.isEmpty()) {
            connLost++
            loop.callSoon { callConnectionLost(null) }
        }
    }

    override fun abort() {
        closedByUser = true
        forceClose(null)
    }

    private fun fatalError(exc: Throwable, message: String) {
        if (exc !is IOException) {
            loop.callExceptionHandler(linkedMapOf("message" to message, "exception" to exc,
                "transport" to this, "protocol" to protocol))
        }
        forceClose(exc)
    }

    private fun forceClose(exc: Throwable?) {
        if (connLost > 0) return
        if (buffer.isNotEmpty()) {
            buffer.clear()
            bufferSize = 0
            selector.removeWriter(channel)
        }
        if (!closing) {
            closing = true
            selector.removeReader(channel)
        }
        connLost++
        loop.callSoon { callConnectionLost(exc) }
    }

    private fun callConnectionLost(exc: Throwable?) {
        if (!channel.isOpen) return
        try {
            if (protocolConnected) protocol.connectionLost(exc)
        } finally {
            try {
                channel.close()
            } catch (_: IOException) {
            }
        }
    }

    override fun getExtraInfo(name: String, default: Any?): Any? = if (extra.containsKey(name)) extra[name] else default

    override fun setProtocol(protocol: BaseProtocol) {
        this.protocol = protocol
    }

    override fun getProtocol(): BaseProtocol = protocol

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
