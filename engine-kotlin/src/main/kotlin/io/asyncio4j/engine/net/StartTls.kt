package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.loop.EventLoop
import java.util.concurrent.CompletionStage
import javax.net.ssl.SSLContext

/** asyncio's loop.start_tls: puts an [SslProtocol] between an open transport and its protocol. */
internal object StartTls {
    @JvmSynthetic fun startTls(
        loop: EventLoop,
        transport: Transport,
        protocol: BaseProtocol,
        sslContext: SSLContext,
        serverSide: Boolean,
        serverHostname: String?,
        sslHandshakeTimeout: Double?,
        sslShutdownTimeout: Double?,
    ): CompletionStage<Transport> {
        val tls = try {
            require(transport is SocketTransport) { "transport $transport is not supported by start_tls()" }
            require(!serverSide || serverHostname == null) { "server_hostname is only meaningful for client connections" }
            TlsSettings(sslContext, serverSide, serverHostname,
                sslHandshakeTimeout?.let { TlsSettings.checkTimeout("ssl_handshake_timeout", it) } ?: TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT,
                sslShutdownTimeout?.let { TlsSettings.checkTimeout("ssl_shutdown_timeout", it) } ?: TlsSettings.DEFAULT_SHUTDOWN_TIMEOUT)
        } catch (e: IllegalArgumentException) {
            return NetEvents.failed(loop, e)
        }
        val waiter = loop.createFuture<Void?>()
        val ssl = SslProtocol(loop, protocol, tls, waiter, false)
        // Pause reading whilst starting the handshake, so that no plain bytes reach the old protocol meanwhile.
        transport.pauseReading()
        transport.setProtocol(ssl)
        val conmade = loop.callSoon { ssl.connectionMade(transport) }
        val resume = loop.callSoon { transport.resumeReading() }
        return waiter.handle { _, e ->
            if (e != null) {
                transport.close()
                conmade.cancel()
                resume.cancel()
                throw Futures.unwrap(e)
            }
            ssl.appTransport
        }
    }
}
