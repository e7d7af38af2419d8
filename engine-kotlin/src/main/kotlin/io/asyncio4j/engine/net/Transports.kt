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

    /** The extra info [name] ("peername", "sockname", "socket", "peercert"...), or null (asyncio's `get_extra_info`). */
    public fun getExtraInfo(name: String): Any? = getExtraInfo(name, null)

    /** True once [close] (or abort, or a fatal error) started closing it. */
    public fun isClosing(): Boolean

    /**
     * Closes the transport: buffered data is flushed first, then the protocol's connectionLost(null) is called
     * on a later iteration. Idempotent.
     */
    public fun close()

    /** Replaces the protocol that receives this transport's events (asyncio's `set_protocol`). */
    public fun setProtocol(protocol: BaseProtocol)

    /** The protocol receiving this transport's events (asyncio's `get_protocol`). */
    public fun getProtocol(): BaseProtocol
}

/** asyncio.ReadTransport. */
public interface ReadTransport : BaseTransport {
    /** True unless reading is paused (asyncio's `is_reading`). */
    public fun isReading(): Boolean

    /** Stops calling the protocol's dataReceived until [resumeReading]; no-op when paused or closing. */
    public fun pauseReading()

    /** Resumes calling dataReceived after [pauseReading] (asyncio's `resume_reading`); no-op when not paused. */
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

    /** Sets the high-water mark to [high] and the low one to a quarter of it (asyncio's `set_write_buffer_limits(high)`). */
    public fun setWriteBufferLimits(high: Int) {
        setWriteBufferLimits(high, null)
    }

    /** The bytes waiting in the write buffer. */
    public fun getWriteBufferSize(): Int

    /** (low, high), as asyncio returns them. */
    public fun getWriteBufferLimits(): IntArray

    /** Writes [data] without blocking: what the socket does not take at once is buffered and sent later. */
    public fun write(data: ByteArray)

    /** Writes each buffer of [data] in order (asyncio's `writelines`). */
    public fun writelines(data: Iterable<ByteArray>)

    /** Closes the write side after flushing the buffered data; further writes fail. */
    public fun writeEof()

    /** True if [writeEof] is supported (asyncio's `can_write_eof`): false over TLS. */
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

    /** Sends [data] to the connected peer (asyncio's `sendto(data)`). */
    public fun sendto(data: ByteArray) {
        sendto(data, null)
    }

    /** Closes at once, dropping buffered datagrams (asyncio's `abort`). */
    public fun abort()

    /** The bytes waiting in the send buffer (asyncio's `get_write_buffer_size`). */
    public fun getWriteBufferSize(): Int
}
