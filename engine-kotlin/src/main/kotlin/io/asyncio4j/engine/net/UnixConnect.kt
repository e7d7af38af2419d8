package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.loop.EventLoop
import java.io.IOException
import java.net.StandardProtocolFamily
import java.net.UnixDomainSocketAddress
import java.nio.channels.SocketChannel
import java.nio.file.Path
import java.util.concurrent.CompletionStage
import java.util.function.Supplier

/**
 * unix_events' create_unix_connection with its keywords (ssl, sock, server_hostname, TLS timeouts) and
 * selector_events' connect_accepted_socket with ssl, in asyncio's order of checks and wording.
 */
internal object UnixConnect {
    @JvmSynthetic fun <P : BaseProtocol> createUnixConnection(
        loop: EventLoop, factory: Supplier<P>, path: Path?, options: ConnectionOptions,
    ): CompletionStage<Connection<P>> {
        requireNotNull(factory) { "protocolFactory must not be null" }
        requireNotNull(options) { "options must not be null" }
        loop.checkClosed()
        val tls = try {
            if (options.ssl != null && options.serverHostname == null) {
                throw IllegalArgumentException("you have to pass server_hostname when using ssl")
            }
            options.tlsSettings(null)
        } catch (e: IllegalArgumentException) {
            return NetEvents.failed(loop, e)
        }
        val given = options.sock
        val connected: CompletionStage<SocketChannel> = if (path != null) {
            if (given != null) return NetEvents.failed(loop, IllegalArgumentException("path and sock can not be specified at the same time"))
            val channel = SocketChannel.open(StandardProtocolFamily.UNIX)
            channel.configureBlocking(false)
            NetEvents.sockConnect(loop, channel, UnixDomainSocketAddress.of(path)).handle { _, e ->
                if (e != null) {
                    channel.close()
                    throw Futures.unwrap(e)
                }
                channel
            }
        } else {
            if (given == null) return NetEvents.failed(loop, IllegalArgumentException("no path and sock were specified"))
            val remote = try {
                given.remoteAddress
            } catch (e: IOException) {
                return NetEvents.failed(loop, e)
            }
            if (remote !is UnixDomainSocketAddress) {
                return NetEvents.failed(loop, IllegalArgumentException("A UNIX Domain Stream Socket was expected, got $given"))
            }
            try {
                given.configureBlocking(false)
            } catch (e: IOException) {
                return NetEvents.failed(loop, e)
            }
            NetEvents.done(loop, given)
        }
        return connected.thenCompose { NetEvents.createConnectionTransport(loop, it, factory, null, tls) }
    }

    /** connect_accepted_socket(..., ssl=, ssl_handshake_timeout=, ssl_shutdown_timeout=): TLS on the server side. */
    @JvmSynthetic fun <P : BaseProtocol> connectAcceptedSocket(
        loop: EventLoop, factory: Supplier<P>, sock: SocketChannel, options: ServerOptions,
    ): CompletionStage<Connection<P>> {
        requireNotNull(factory) { "protocolFactory must not be null" }
        requireNotNull(sock) { "sock must not be null" }
        requireNotNull(options) { "options must not be null" }
        loop.checkClosed()
        return try {
            val tls = options.tlsSettings()
            sock.configureBlocking(false)
            NetEvents.createConnectionTransport(loop, sock, factory, null, tls)
        } catch (e: IllegalArgumentException) {
            NetEvents.failed(loop, e)
        } catch (e: IOException) {
            NetEvents.failed(loop, e)
        }
    }
}
