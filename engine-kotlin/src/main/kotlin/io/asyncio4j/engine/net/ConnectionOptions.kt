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

    /** TLS: the SSLContext to run TLS with (asyncio's ssl); null: plain TCP. */
    public var ssl: javax.net.ssl.SSLContext? = null
        private set

    /** TLS: the handshake time limit in seconds (asyncio's ssl_handshake_timeout); null: 60 s. */
    public var sslHandshakeTimeout: Double? = null
        private set

    /** TLS: how long to wait for the peer's close_notify, in seconds (asyncio's ssl_shutdown_timeout); null: 30 s. */
    public var sslShutdownTimeout: Double? = null
        private set

    /**
     * TLS, client side: the name the server's certificate must match (hostname verification, on by default) and
     * the SNI name sent; null: the host given to createConnection; "": no hostname verification.
     */
    public var serverHostname: String? = null
        private set

    /**
     * Happy Eyeballs (asyncio 3.8+'s happy_eyeballs_delay, RFC 8305): start the next address's attempt when the
     * previous one failed or after this many seconds, the first connection made winning; null (the default):
     * one address after another.
     */
    public var happyEyeballsDelay: Double? = null
        private set

    /**
     * Reorder the resolved addresses by family, alternating (asyncio's interleave): this many of the first
     * family first, then one of each in turn; 0 keeps the resolver's order; null: 1 with [happyEyeballsDelay],
     * else 0.
     */
    public var interleave: Int? = null
        private set

    /**
     * When every address failed: an ExceptionGroup("create_connection failed") of all the errors (asyncio
     * 3.12's all_errors), instead of the one error or an IOException "Multiple exceptions: ...".
     */
    public var allErrors: Boolean = false
        private set

    /** Sets [happyEyeballsDelay] in seconds (asyncio's `happy_eyeballs_delay=`); IllegalArgumentException unless finite and >= 0. */
    public fun happyEyeballsDelay(seconds: Double?): ConnectionOptions = apply {
        if (seconds != null) require(seconds >= 0 && seconds.isFinite()) { "happy_eyeballs_delay must be finite and >= 0: $seconds" }
        happyEyeballsDelay = seconds
    }

    /** Sets [interleave] (asyncio's `interleave=`); IllegalArgumentException if negative. */
    public fun interleave(value: Int?): ConnectionOptions = apply {
        if (value != null) require(value >= 0) { "interleave must be >= 0: $value" }
        interleave = value
    }

    /** Sets [allErrors] (asyncio 3.12's `all_errors=`). */
    public fun allErrors(value: Boolean): ConnectionOptions = apply { allErrors = value }

    /** Only addresses of this family (INET or INET6) for the host (asyncio's family=); null: any (AF_UNSPEC). */
    public var family: java.net.StandardProtocolFamily? = null
        private set

    /** Sets [family] (asyncio's `family=`): INET, INET6 or null for any; IllegalArgumentException for another family. */
    public fun family(value: java.net.StandardProtocolFamily?): ConnectionOptions = apply {
        AddressInfo.checkFamily(value)
        family = value
    }

    /** The local address to bind before connecting (asyncio's `local_addr=`). */
    public fun localAddr(value: SocketAddress?): ConnectionOptions = apply { localAddr = value }

    /** An existing connected SocketChannel to use instead of host/port (asyncio's `sock=`). */
    public fun sock(value: SocketChannel?): ConnectionOptions = apply { sock = value }

    /** Connects over TLS with this context (asyncio's `ssl=`); null for plain TCP. */
    public fun ssl(value: javax.net.ssl.SSLContext?): ConnectionOptions = apply { ssl = value }

    /** The TLS handshake timeout in seconds (asyncio's `ssl_handshake_timeout=`, default 60); IllegalArgumentException unless > 0. */
    public fun sslHandshakeTimeout(seconds: Double?): ConnectionOptions = apply {
        sslHandshakeTimeout = seconds?.let { TlsSettings.checkTimeout("ssl_handshake_timeout", it) }
    }

    /** The TLS shutdown timeout in seconds (asyncio's `ssl_shutdown_timeout=`, default 30); IllegalArgumentException unless > 0. */
    public fun sslShutdownTimeout(seconds: Double?): ConnectionOptions = apply {
        sslShutdownTimeout = seconds?.let { TlsSettings.checkTimeout("ssl_shutdown_timeout", it) }
    }

    /** TLS with the JDK's default SSLContext (SSLContext.getDefault(): the JDK's CA store), like ssl=True. */
    public fun sslDefaultContext(): ConnectionOptions = apply { ssl = javax.net.ssl.SSLContext.getDefault() }

    /** The name to verify the server's certificate against (asyncio's `server_hostname=`); default: the host. */
    public fun serverHostname(value: String?): ConnectionOptions = apply { serverHostname = value }

    /** The TLS settings for a connection to [host], or null without ssl; IllegalArgumentException on TLS-only options. */
    @JvmSynthetic internal fun tlsSettings(host: String?): TlsSettings? {
        val context = ssl
        if (context == null) {
            require(serverHostname == null) { "server_hostname is only meaningful with ssl" }
            require(sslHandshakeTimeout == null) { "ssl_handshake_timeout is only meaningful with ssl" }
            require(sslShutdownTimeout == null) { "ssl_shutdown_timeout is only meaningful with ssl" }
            return null
        }
        val hostname = serverHostname ?: host
            ?: throw IllegalArgumentException("You must set server_hostname when using ssl without a host")
        return TlsSettings(context, false, hostname, sslHandshakeTimeout ?: TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT,
            sslShutdownTimeout ?: TlsSettings.DEFAULT_SHUTDOWN_TIMEOUT)
    }

    override fun toString(): String =
        "ConnectionOptions(localAddr=$localAddr, sock=$sock, ssl=$ssl, serverHostname=$serverHostname, " +
            "sslHandshakeTimeout=$sslHandshakeTimeout, sslShutdownTimeout=$sslShutdownTimeout, " +
            "happyEyeballsDelay=$happyEyeballsDelay, interleave=$interleave, allErrors=$allErrors, family=$family)"
}
