package io.asyncio4j.engine.net

import java.net.SocketAddress
import java.nio.channels.SocketChannel

/**
 * The keyword arguments of `createConnection`/`openConnection`, as a fluent options object:
 * `new ConnectionOptions().localAddr(new InetSocketAddress("127.0.0.1", 0))`.
 */
public class ConnectionOptions {
    /** Bind the socket to this local address before connecting (asyncio's local_addr). */
    public var localAddr: SocketAddress? = null
        private set

    /** An existing, already connected SocketChannel to use instead of host/port (asyncio's sock). */
    public var sock: SocketChannel? = null
        private set

    public fun localAddr(value: SocketAddress?): ConnectionOptions = apply { localAddr = value }

    public fun sock(value: SocketChannel?): ConnectionOptions = apply { sock = value }

    override fun toString(): String = "ConnectionOptions(localAddr=$localAddr, sock=$sock)"
}
