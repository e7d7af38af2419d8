package io.asyncio4j.engine.net

import java.nio.channels.ServerSocketChannel

/**
 * The keyword arguments of `createServer`/`startServer`, as a fluent options object:
 * `new ServerOptions().backlog(10).startServing(false)`. Defaults are asyncio's (backlog 100, SO_REUSEADDR on,
 * SO_REUSEPORT off, serving at once).
 */
public class ServerOptions {
    public var backlog: Int = 100
        private set
    public var reuseAddress: Boolean = true
        private set
    public var reusePort: Boolean = false
        private set
    public var startServing: Boolean = true
        private set

    /** An existing bound ServerSocketChannel to serve on instead of host/port (asyncio's sock). */
    public var sock: ServerSocketChannel? = null
        private set

    public fun backlog(value: Int): ServerOptions = apply {
        require(value >= 0) { "backlog must be >= 0: $value" }
        backlog = value
    }

    public fun reuseAddress(value: Boolean): ServerOptions = apply { reuseAddress = value }

    public fun reusePort(value: Boolean): ServerOptions = apply { reusePort = value }

    public fun startServing(value: Boolean): ServerOptions = apply { startServing = value }

    public fun sock(value: ServerSocketChannel?): ServerOptions = apply { sock = value }

    override fun toString(): String =
        "ServerOptions(backlog=$backlog, reuseAddress=$reuseAddress, reusePort=$reusePort, " +
            "startServing=$startServing, sock=$sock)"
}
