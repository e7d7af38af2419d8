package io.asyncio4j.engine.net

import java.nio.channels.ServerSocketChannel

/**
 * The keyword arguments of `createServer`/`startServer`, as a fluent options object:
 * `new ServerOptions().backlog(10).startServing(false)`. Defaults are asyncio's (backlog 100, SO_REUSEADDR on,
 * SO_REUSEPORT off, serving at once).
 */
public class ServerOptions {
    /** The listen backlog (asyncio's `backlog=`, 100). */
    public var backlog: Int = 100
        private set
    /** SO_REUSEADDR (asyncio's `reuse_address=`, on). */
    public var reuseAddress: Boolean = true
        private set
    /** SO_REUSEPORT (asyncio's `reuse_port=`, off). */
    public var reusePort: Boolean = false
        private set
    /** Whether the server accepts at once (asyncio's `start_serving=`, true). */
    public var startServing: Boolean = true
        private set

    /** An existing bound ServerSocketChannel to serve on instead of host/port (asyncio's sock). */
    public var sock: ServerSocketChannel? = null
        private set

    /** TLS: the SSLContext to run TLS with (asyncio's ssl); null: plain TCP. */
    public var ssl: javax.net.ssl.SSLContext? = null
        private set

    /** TLS: the handshake time limit in seconds (asyncio's ssl_handshake_timeout); null: 60 s. */
    public var sslHandshakeTimeout: Double? = null
        private set

    /** TLS: how long to wait for the peer's close_notify, in seconds (asyncio's ssl_shutdown_timeout); null: 30 s. */
    public var sslShutdownTimeout: Double? = null
        private set

    /** SO_KEEPALIVE on every accepted connection (asyncio 3.13's keep_alive); false: the OS default. */
    public var keepAlive: Boolean = false
        private set

    /** Only addresses of this family (INET or INET6) for the host (asyncio's family=); null: any (AF_UNSPEC). */
    public var family: java.net.StandardProtocolFamily? = null
        private set

    /**
     * Unix servers: remove the socket file when the server closes, if it is still the one the server made
     * (same inode), as asyncio 3.13's cleanup_socket (default true).
     */
    public var cleanupSocket: Boolean = true
        private set

    /** Sets [keepAlive] (asyncio 3.13's `keep_alive=`). */
    public fun keepAlive(value: Boolean): ServerOptions = apply { keepAlive = value }

    /** Sets [family] (asyncio's `family=`): INET, INET6 or null for any; IllegalArgumentException for another family. */
    public fun family(value: java.net.StandardProtocolFamily?): ServerOptions = apply {
        AddressInfo.checkFamily(value)
        family = value
    }

    /** Sets [cleanupSocket] (asyncio 3.13's `cleanup_socket=`). */
    public fun cleanupSocket(value: Boolean): ServerOptions = apply { cleanupSocket = value }

    /** Sets [backlog]; IllegalArgumentException if negative. */
    public fun backlog(value: Int): ServerOptions = apply {
        require(value >= 0) { "backlog must be >= 0: $value" }
        backlog = value
    }

    /** Sets [reuseAddress]. */
    public fun reuseAddress(value: Boolean): ServerOptions = apply { reuseAddress = value }

    /** Sets [reusePort]. */
    public fun reusePort(value: Boolean): ServerOptions = apply { reusePort = value }

    /** Sets [startServing]: false to call `server.startServing()` later. */
    public fun startServing(value: Boolean): ServerOptions = apply { startServing = value }

    /** An existing bound ServerSocketChannel to serve on instead of host/port (asyncio's `sock=`). */
    public fun sock(value: ServerSocketChannel?): ServerOptions = apply { sock = value }

    /** Serves TLS with this context (asyncio's `ssl=`); null for plain TCP. */
    public fun ssl(value: javax.net.ssl.SSLContext?): ServerOptions = apply { ssl = value }

    /** The TLS handshake timeout in seconds (asyncio's `ssl_handshake_timeout=`, default 60); IllegalArgumentException unless > 0. */
    public fun sslHandshakeTimeout(seconds: Double?): ServerOptions = apply {
        sslHandshakeTimeout = seconds?.let { TlsSettings.checkTimeout("ssl_handshake_timeout", it) }
    }

    /** The TLS shutdown timeout in seconds (asyncio's `ssl_shutdown_timeout=`, default 30); IllegalArgumentException unless > 0. */
    public fun sslShutdownTimeout(seconds: Double?): ServerOptions = apply {
        sslShutdownTimeout = seconds?.let { TlsSettings.checkTimeout("ssl_shutdown_timeout", it) }
    }

    /** The server-side TLS settings, or null without ssl; IllegalArgumentException on TLS-only options. */
    @JvmSynthetic internal fun tlsSettings(): TlsSettings? {
        val context = ssl
        if (context == null) {
            require(sslHandshakeTimeout == null) { "ssl_handshake_timeout is only meaningful with ssl" }
            require(sslShutdownTimeout == null) { "ssl_shutdown_timeout is only meaningful with ssl" }
            return null
        }
        return TlsSettings(context, true, null, sslHandshakeTimeout ?: TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT,
            sslShutdownTimeout ?: TlsSettings.DEFAULT_SHUTDOWN_TIMEOUT)
    }

    override fun toString(): String =
        "ServerOptions(ssl=$ssl, backlog=$backlog, reuseAddress=$reuseAddress, reusePort=$reusePort, " +
            "startServing=$startServing, sock=$sock, keepAlive=$keepAlive, family=$family, cleanupSocket=$cleanupSocket)"
}
