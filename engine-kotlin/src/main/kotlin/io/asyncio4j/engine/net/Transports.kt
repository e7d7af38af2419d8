// asyncio's transports.py: what protocols and streams can ask of a transport.
package io.asyncio4j.engine.net

import java.net.SocketAddress

/** asyncio.BaseTransport. */
public interface BaseTransport {
    /**
     * Optional information about the transport (asyncio's get_extra_info): "peername" and "sockname"
     * (SocketAddress), "socket" (the NIO channel); TLS transports add "sslcontext", "ssl_object", "peercert",
     * "cipher". Unknown names give [default].
     */
    public fun getExtraInfo(name: String, default: Any?): Any?

    public fun getExtraInfo(name: String): Any? = getExtraInfo(name, null)

    /** True once [close] (or abort, or a fatal error) started closing it. */
    public fun isClosing(): Boolean

    /**
     * Closes the transport: buffered data is flushed first, then the protocol's connectionLost(null) is called
     * on a later iteration. Idempotent.
     */
    public fun close()

    public fun setProtocol(protocol: BaseProtocol)

    public fun getProtocol(): BaseProtocol
}

/** asyncio.ReadTransport. */
public interface ReadTransport : BaseTransport {
    public fun isReading(): Boolean

    /** Stops calling the protocol's dataReceived until [resumeReading]; no-op when paused or closing. */
    public fun pauseReading()

    public fun resumeReading()
}

/** asyncio.WriteTransport. */
public interface WriteTransport : BaseTransport {
    /**
     * Sets the flow-control marks: the protocol's pauseWriting is called when the buffer grows above [high],
     * resumeWriting when it drains to [low]. null/null: 64 KiB and 16 KiB; a null [high] is 4 x [low]; a null
     * [low] is [high] / 4. Requires high >= low >= 0.
     */
    public fun setWriteBufferLimits(high: Int?, low: Int?)

    public fun setWriteBufferLimits(high: Int) {
        setWriteBufferLimits(high, null)
    }

    /** The bytes waiting in the write buffer. */
    public fun getWriteBufferSize(): Int

    /** (low, high), as asyncio returns them. */
    public fun getWriteBufferLimits(): IntArray

    /** Writes [data] without blocking: what the socket does not take at once is buffered and sent later. */
    public fun write(data: ByteArray)

    public fun writelines(data: Iterable<ByteArray>)

    /** Closes the write side after flushing the buffered data; further writes fail. */
    public fun writeEof()

    public fun canWriteEof(): Boolean

    /** Closes at once, dropping buffered data; connectionLost(null) follows on a later iteration. */
    public fun abort()
}

/** asyncio.Transport: a bidirectional stream transport. */
public interface Transport : ReadTransport, WriteTransport

/** asyncio.DatagramTransport. */
public interface DatagramTransport : BaseTransport {
    /** Sends [data] to [addr] (null: the connected peer) without blocking; buffered if the socket is full. */
    public fun sendto(data: ByteArray, addr: SocketAddress?)

    public fun sendto(data: ByteArray) {
        sendto(data, null)
    }

    public fun abort()

    public fun getWriteBufferSize(): Int
}
