package io.asyncio4j.engine.streams

import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.Transport
import io.asyncio4j.engine.task.sleepOn
import java.util.concurrent.CompletionStage

/**
 * asyncio.StreamWriter: writes go to the transport at once (never blocking); [drain] waits until the
 * transport's buffer is back under its low-water mark, [close]/[waitClosed] end the connection.
 */
public class StreamWriter(
    private var transport: Transport,
    private val protocol: StreamReaderProtocol,
    private val reader: StreamReader?,
    private val loop: EventLoop,
) {
    /** The underlying transport (asyncio's `writer.transport`). */
    public fun transport(): Transport = transport

    /** Writes [data]; IllegalStateException after [close]. Call [drain] to respect flow control. */
    public fun write(data: ByteArray) {
        transport.write(data)
    }

    /** Writes each buffer of [data] in order (asyncio's `writelines`); call [drain] for flow control. */
    public fun writelines(data: Iterable<ByteArray>) {
        transport.writelines(data)
    }

    /** Closes the write side after the buffered data (asyncio's `write_eof`); IOException if the transport cannot (TLS). */
    public fun writeEof() {
        transport.writeEof()
    }

    /** True if [writeEof] is supported (asyncio's `can_write_eof`): false over TLS. */
    public fun canWriteEof(): Boolean = transport.canWriteEof()

    /** Closes the transport after flushing; await [waitClosed] for the end. */
    public fun close() {
        transport.close()
    }

    /** True once [close] was called or the connection is being lost (asyncio's `is_closing`). */
    public fun isClosing(): Boolean = transport.isClosing()

    /** Completes when the connection is lost (with its error, if it ended with one). */
    public fun waitClosed(): CompletionStage<Void?> = protocol.closeWaiter().thenApply { null }

    /** The transport's extra info [name] ("peername", "sockname", "peercert", "sslcontext"...), or null (asyncio's `get_extra_info`). */
    public fun getExtraInfo(name: String): Any? = transport.getExtraInfo(name)

    /** The transport's extra info [name], or [default] when it has none (asyncio's `get_extra_info(name, default)`). */
    public fun getExtraInfo(name: String, default: Any?): Any? = transport.getExtraInfo(name, default)

    /**
     * Waits until it is appropriate to write more: at once when the transport's buffer is under its high-water
     * mark, else until it drains to the low-water mark. Fails with the reader's exception if the connection
     * broke, with IOException "Connection lost" after the connection was lost. Concurrent drains are safe.
     */
    public fun drain(): CompletionStage<Void?> {
        reader?.exception()?.let { exc -> return Stage<Void?>(loop).also { it.completeExceptionally(exc) } }
        if (transport.isClosing()) {
            // Yield once so that connectionLost gets its chance to run (asyncio's sleep(0) here).
            return sleepOn<Void?>(loop, 0.0, null).thenCompose { protocol.drainHelper() }
        }
        return protocol.drainHelper()
    }

    /**
     * Upgrades this connection to TLS (asyncio's StreamWriter.start_tls): waits for pending writes to drain,
     * runs the handshake, then reads and writes go through TLS. Client side; [serverHostname] null or "": no
     * hostname verification. Timeouts in seconds, null: the defaults (60 s handshake, 30 s shutdown).
     */
    @JvmOverloads
    public fun startTls(
        sslContext: javax.net.ssl.SSLContext,
        serverHostname: String? = null,
        sslHandshakeTimeout: Double? = null,
        sslShutdownTimeout: Double? = null,
    ): CompletionStage<Void?> = startTls(sslContext, false, serverHostname, sslHandshakeTimeout, sslShutdownTimeout)

    /** [startTls] for either side: [serverSide] true upgrades a server's accepted connection. */
    public fun startTls(
        sslContext: javax.net.ssl.SSLContext,
        serverSide: Boolean,
        serverHostname: String?,
        sslHandshakeTimeout: Double?,
        sslShutdownTimeout: Double?,
    ): CompletionStage<Void?> =
        drain().thenCompose {
            loop.startTls(transport, protocol, sslContext, serverSide, serverHostname, sslHandshakeTimeout, sslShutdownTimeout)
        }.thenApply { newTransport ->
            transport = newTransport
            protocol.replaceTransport(newTransport)
            null
        }

    override fun toString(): String = "<StreamWriter transport=$transport reader=$reader>"
}
