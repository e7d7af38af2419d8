package io.asyncio4j.engine.net

/** What `createConnection`/`connectAcceptedSocket` give: asyncio's `(transport, protocol)` pair. */
public class Connection<P : BaseProtocol>(private val transport: Transport, private val protocol: P) {
    public fun transport(): Transport = transport

    public fun protocol(): P = protocol

    override fun toString(): String = "($transport, $protocol)"
}
