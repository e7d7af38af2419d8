package io.asyncio4j.engine.net

/** What `createConnection`/`connectAcceptedSocket` give: asyncio's `(transport, protocol)` pair. */
public class Connection<P : BaseProtocol>(private val transport: Transport, private val protocol: P) {
    /** The connection's transport (the first item of asyncio's `(transport, protocol)`). */
    public fun transport(): Transport = transport

    /** The connection's protocol (the second item of asyncio's `(transport, protocol)`). */
    public fun protocol(): P = protocol

    override fun toString(): String = "($transport, $protocol)"
}
