// asyncio's protocols.py: the callbacks a transport calls. Every method has a no-op default, so a protocol
// implements only what it needs.
package io.asyncio4j.engine.net

import java.net.SocketAddress
import java.nio.ByteBuffer

/**
 * What every protocol receives from its transport (asyncio.BaseProtocol).
 *
 * Flow control: [pauseWriting] is called when the transport's write buffer goes over its high-water mark,
 * [resumeWriting] when it drains to the low-water mark or below; calls alternate, starting with pause.
 */
public interface BaseProtocol {
    /**
     * The connection is gone: [exc] is null on a regular close or EOF, else the error that ended it (a reset,
     * a failed read or write, an exception thrown by a protocol callback).
     */
    public fun connectionLost(exc: Throwable?) {}

    /** The transport's write buffer went over its high-water mark (asyncio's `pause_writing`). */
    public fun pauseWriting() {}

    /** The transport's write buffer drained below its low-water mark (asyncio's `resume_writing`). */
    public fun resumeWriting() {}
}

/**
 * A stream protocol (asyncio.Protocol). The transport calls it in this order:
 * `start -> connectionMade [-> dataReceived*] [-> eofReceived?] -> connectionLost -> end`.
 */
public interface Protocol : BaseProtocol {
    /** The connection is made; [transport] is its transport (asyncio's `connection_made`). */
    public fun connectionMade(transport: Transport) {}

    /** Some bytes arrived; [data] is the protocol's to keep. */
    public fun dataReceived(data: ByteArray) {}

    /**
     * The peer closed its writing side. Return false (the default) to let the transport close itself; true
     * keeps it open, half-closed: it can still write, and the protocol closes it when done.
     */
    public fun eofReceived(): Boolean = false
}

/**
 * A stream protocol that receives into its own buffer, without a copy per read (asyncio.BufferedProtocol).
 * Order: `start -> connectionMade [-> getBuffer -> bufferUpdated]* [-> eofReceived?] -> connectionLost -> end`.
 */
public interface BufferedProtocol : BaseProtocol {
    /** The connection is made; [transport] is its transport (asyncio's `connection_made`). */
    public fun connectionMade(transport: Transport) {}

    /**
     * The buffer the next read goes into, from its position to its limit (which must leave room).
     * [sizeHint] is the recommended size (-1: any).
     */
    public fun getBuffer(sizeHint: Int): ByteBuffer

    /** [nbytes] bytes were written into the buffer last returned by [getBuffer], at its former position. */
    public fun bufferUpdated(nbytes: Int)

    /** The peer closed its write side (asyncio's `eof_received`): return true to keep the transport open for writing. */
    public fun eofReceived(): Boolean = false
}

/** A datagram protocol (asyncio.DatagramProtocol). */
public interface DatagramProtocol : BaseProtocol {
    /** The endpoint is ready; [transport] sends datagrams (asyncio's `connection_made`). */
    public fun connectionMade(transport: DatagramTransport) {}

    /** A datagram [data] arrived from [addr] (asyncio's `datagram_received`). */
    public fun datagramReceived(data: ByteArray, addr: SocketAddress) {}

    /** A send or receive failed (an ICMP error, for instance); the endpoint stays open. */
    public fun errorReceived(exc: Exception) {}
}
