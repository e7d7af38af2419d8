// asyncio's sslproto.py: TLS between a socket transport and the application's protocol, with the JDK's SSLEngine.
package io.asyncio4j.engine.net

import io.asyncio4j.engine.exceptions.TimeoutError
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.TimerHandle
import java.io.IOException
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.util.concurrent.Callable
import javax.net.ssl.SNIHostName
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLEngine
import javax.net.ssl.SSLEngineResult
import javax.net.ssl.SSLEngineResult.HandshakeStatus
import javax.net.ssl.SSLException
import javax.net.ssl.SSLHandshakeException
import javax.net.ssl.SSLPeerUnverifiedException

/** The TLS settings of one connection (asyncio's ssl, server_side, server_hostname, ssl_*_timeout). */
internal class TlsSettings(
    @get:JvmSynthetic val context: SSLContext,
    val serverSide: Boolean,
    /** Client only: the name checked against the certificate and sent as SNI; null or "": no hostname check. */
    @get:JvmSynthetic val serverHostname: String?,
    val handshakeTimeout: Double,
    @get:JvmSynthetic val shutdownTimeout: Double,
) {
    override fun toString(): String =
        "TlsSettings(serverSide=$serverSide, serverHostname=$serverHostname, handshakeTimeout=$handshakeTimeout, " +
            "shutdownTimeout=$shutdownTimeout)"

    companion object {
        const val DEFAULT_HANDSHAKE_TIMEOUT = 60.0
        const val DEFAULT_SHUTDOWN_TIMEOUT = 30.0

        @JvmSynthetic fun checkTimeout(name: String, value: Double): Double {
            require(value > 0 && !value.isNaN() && !value.isInfinite()) { "$name should be a positive number, got $value" }
            return value
        }
    }
}

/**
 * asyncio.sslproto.SSLProtocol: the protocol of a socket transport that runs TLS over it and exposes the
 * plaintext side as [appTransport] to the application's protocol.
 *
 * Lifecycle ([State]): UNWRAPPED -> DO_HANDSHAKE (connectionMade of the socket transport) -> WRAPPED (handshake
 * done; the app's connectionMade runs, the waiter completes) -> FLUSHING (app closed: pending writes are wrapped)
 * -> SHUTDOWN (close_notify sent; waiting for the peer's close_notify or EOF, at most shutdownTimeout) ->
 * UNWRAPPED (socket transport lost). A handshake error or timeout goes straight to closing the socket.
 *
 * Invariants: [netIn] holds received TLS bytes not yet unwrapped (read mode, from its position to its limit);
 * it is the transport's own array while that is being unwrapped and no buffer at all (capacity 0) once all is
 * unwrapped, so an idle connection keeps no TLS buffer (the wrap output and unwrap input buffers are the loop
 * thread's [Scratch]); app data unwrapped before the handshake completed waits in [early];
 * [outgoing] holds app bytes not yet wrapped (only while the handshake runs, or while [taskRunning]);
 * while [taskRunning] (an SSLEngine delegated task runs in the default executor) the engine is not touched.
 * All methods run on the loop's thread.
 */
internal class SslProtocol(
    private val loop: EventLoop,
    private var appProtocol: BaseProtocol,
    private val tls: TlsSettings,
    private val waiter: Future<Void?>?,
    private val callConnectionMade: Boolean,
) : Protocol {
    internal enum class State { UNWRAPPED, DO_HANDSHAKE, WRAPPED, FLUSHING, SHUTDOWN }

    private var state = State.UNWRAPPED
    private var transport: Transport? = null
    private lateinit var engine: SSLEngine
    private var netIn: ByteBuffer = NO_BYTES
    private val scratch: Scratch get() = SCRATCH.get()

    /** Application bytes unwrapped with the last handshake flight, delivered once the app is connected. */
    private var early: ByteArray? = null
    private val outgoing = ArrayDeque<ByteBuffer>()
    private var outgoingSize = 0
    private var taskRunning = false
    private var appConnected = false
    private var appReadingPaused = false
    private var appEofSeen = false
    private var peerEof = false
    private var handshakeTimer: TimerHandle? = null
    private var shutdownTimer: TimerHandle? = null
    private val extra = LinkedHashMap<String, Any?>()

    init {
        // start_tls: the app protocol is already connected (to the plain transport), so it hears connectionLost.
        appConnected = !callConnectionMade
    }

    /** The plaintext transport the application protocol sees (asyncio's _SSLProtocolTransport). */
    @get:JvmSynthetic internal val appTransport: AppTransport = AppTransport()

    // ------------------------------------------------------------------------------------------------
    // Socket-transport side.

    override fun connectionMade(transport: Transport) {
        this.transport = transport
        val hostname = tls.serverHostname?.takeIf { it.isNotEmpty() }
        val peer = transport.getExtraInfo("peername") as? java.net.InetSocketAddress
        engine = if (!tls.serverSide && hostname != null) tls.context.createSSLEngine(hostname, peer?.port ?: -1)
        else tls.context.createSSLEngine()
        engine.useClientMode = !tls.serverSide
        if (!tls.serverSide && hostname != null) {
            val params = engine.sslParameters
            params.endpointIdentificationAlgorithm = "HTTPS"
            if (!NetEvents.isIpLiteral(hostname)) params.serverNames = listOf(SNIHostName(hostname))
            engine.sslParameters = params
        }
        val session = engine.session
        scratch.ensure(session.packetBufferSize, session.applicationBufferSize)
        extra["sslcontext"] = tls.context
        extra["ssl_object"] = engine
        state = State.DO_HANDSHAKE
        handshakeTimer = loop.callLater(tls.handshakeTimeout) { checkHandshakeTimeout() }
        try {
            engine.beginHandshake()
        } catch (e: SSLException) {
            onHandshakeFailed(e)
            return
        }
        pump()
    }

    override fun dataReceived(data: ByteArray) {
        if (state == State.UNWRAPPED) return
        netIn = when {
            !netIn.hasRemaining() -> ByteBuffer.wrap(data) // the transport's array is ours: unwrapped in place
            netIn.capacity() - netIn.limit() >= data.size -> {
                val at = netIn.position()
                netIn.position(netIn.limit()).limit(netIn.limit() + data.size)
                netIn.put(data).position(at)
                netIn
            }
            else -> {
                val joined = ByteBuffer.allocate(maxOf(netIn.remaining() + data.size, engine.session.packetBufferSize))
                joined.put(netIn).put(data).flip()
                joined
            }
        }
        pump()
    }

    override fun eofReceived(): Boolean {
        peerEof = true
        when (state) {
            State.DO_HANDSHAKE -> {
                onHandshakeFailed(IOException("Connection reset by peer during the SSL handshake"))
                return false
            }
            State.WRAPPED -> {
                // EOF without close_notify: deliver it as EOF to the application (asyncio does the same).
                if (!appEofSeen) deliverAppEof()
                return true
            }
            State.FLUSHING, State.SHUTDOWN -> {
                transport?.close()
                return true
            }
            State.UNWRAPPED -> return false
        }
    }

    override fun connectionLost(exc: Throwable?) {
        val previous = state
        state = State.UNWRAPPED
        handshakeTimer?.cancel()
        shutdownTimer?.cancel()
        outgoing.clear()
        outgoingSize = 0
        if (previous == State.DO_HANDSHAKE) wakeupWaiter(exc ?: IOException("Connection lost during the SSL handshake"))
        if (appConnected) {
            appConnected = false
            loop.callSoon { appProtocol.connectionLost(exc) }
        }
        transport = null
    }

    override fun pauseWriting() {
        if (appConnected) appProtocol.pauseWriting()
    }

    override fun resumeWriting() {
        if (appConnected) appProtocol.resumeWriting()
    }

    // ------------------------------------------------------------------------------------------------
    // The engine pump: handshake, unwrap of received data, wrap of outgoing data, shutdown.

    private fun pump() {
        if (taskRunning || state == State.UNWRAPPED) return
        try {
            var progress = true
            while (progress && state != State.UNWRAPPED && !taskRunning) {
                progress = when (engine.handshakeStatus!!) {
                    HandshakeStatus.NEED_TASK -> {
                        runDelegatedTasks()
                        false
                    }
                    HandshakeStatus.NEED_WRAP -> wrap(EMPTY)
                    HandshakeStatus.NEED_UNWRAP, HandshakeStatus.NEED_UNWRAP_AGAIN -> unwrap()
                    HandshakeStatus.FINISHED, HandshakeStatus.NOT_HANDSHAKING -> notHandshaking()
                }
            }
            if (!netIn.hasRemaining()) netIn = NO_BYTES // everything unwrapped: keep no buffer
            if (state == State.SHUTDOWN && !taskRunning && engine.isOutboundDone && (engine.isInboundDone || peerEof)) {
                transport?.close()
            }
        } catch (e: SSLException) {
            if (state == State.DO_HANDSHAKE) onHandshakeFailed(e) else fatalError(e, "Fatal error on SSL protocol")
        }
    }

    /** One step outside a handshake; true if something moved. */
    private fun notHandshaking(): Boolean {
        if (state == State.DO_HANDSHAKE) {
            onHandshakeComplete()
            return true
        }
        if (!appReadingPaused && netIn.hasRemaining() && !engine.isInboundDone && unwrap()) return true
        if (outgoing.isNotEmpty() && !engine.isOutboundDone) {
            // A bounded batch (one record holds at most 16 KiB anyway), never the whole queue: app writes queued
            // during the handshake are wrapped in linear time.
            val srcs = arrayOfNulls<ByteBuffer>(minOf(outgoing.size, WRAP_BATCH))
            var before = 0
            for (i in srcs.indices) {
                srcs[i] = outgoing[i]
                before += outgoing[i].remaining()
            }
            @Suppress("UNCHECKED_CAST")
            if (wrap(srcs as Array<ByteBuffer>)) {
                var after = 0
                for (b in srcs) after += b.remaining()
                outgoingSize -= before - after
                while (outgoing.isNotEmpty() && !outgoing.first().hasRemaining()) outgoing.removeFirst()
                return true
            }
        }
        if (state == State.FLUSHING && (outgoing.isEmpty() || engine.isOutboundDone)) {
            // Outbound already done (the engine answered the peer's close_notify): what is left can't be sent.
            outgoing.clear()
            outgoingSize = 0
            startShutdown()
            return true
        }
        if (state == State.SHUTDOWN && engine.isOutboundDone && (engine.isInboundDone || peerEof)) {
            transport?.close()
            return false
        }
        return false
    }

    private fun wrap(srcs: Array<ByteBuffer>): Boolean {
        while (true) {
            val netOut = scratch.netOut
            netOut.clear()
            val result = engine.wrap(srcs, netOut)
            when (result.status!!) {
                SSLEngineResult.Status.BUFFER_OVERFLOW -> {
                    scratch.netOut = ByteBuffer.allocate(maxOf(netOut.capacity() * 2, engine.session.packetBufferSize))
                    continue
                }
                SSLEngineResult.Status.BUFFER_UNDERFLOW -> throw SSLException("SSLEngine.wrap reported BUFFER_UNDERFLOW")
                SSLEngineResult.Status.OK, SSLEngineResult.Status.CLOSED -> {
                    if (netOut.position() > 0) {
                        netOut.flip()
                        val bytes = ByteArray(netOut.remaining())
                        netOut.get(bytes)
                        transport?.let { if (!it.isClosing()) it.write(bytes) }
                    }
                    return result.bytesProduced() > 0 || result.bytesConsumed() > 0
                }
            }
        }
    }

    private fun unwrap(): Boolean {
        if (engine.isInboundDone) return false
        while (true) {
            // No compaction per record: netIn's position moves on; a partial record is moved once, below.
            val result = engine.unwrap(netIn, scratch.appIn)
            when (result.status!!) {
                SSLEngineResult.Status.BUFFER_OVERFLOW -> {
                    scratch.appIn = grow(scratch.appIn, scratch.appIn.position() + engine.session.applicationBufferSize)
                    continue
                }
                SSLEngineResult.Status.BUFFER_UNDERFLOW -> {
                    // A partial record: kept alone in a buffer that can hold a whole one (never the large array
                    // it arrived in, which would stay with an idle connection).
                    val need = engine.session.packetBufferSize
                    if (!netIn.hasRemaining()) {
                        netIn = NO_BYTES
                    } else if (netIn.position() > 0 || netIn.capacity() < need) {
                        val partial = ByteBuffer.allocate(maxOf(need, netIn.remaining()))
                        partial.put(netIn).flip()
                        netIn = partial
                    }
                    return false // wait for more bytes from the socket
                }
                SSLEngineResult.Status.OK -> {
                    deliverAppData()
                    return result.bytesConsumed() > 0 || result.bytesProduced() > 0
                }
                SSLEngineResult.Status.CLOSED -> {
                    deliverAppData()
                    onCloseNotify()
                    return true
                }
            }
        }
    }

    private fun deliverAppData() {
        val appIn = scratch.appIn
        var data: ByteArray? = null
        if (appIn.position() > 0) {
            appIn.flip()
            data = ByteArray(appIn.remaining())
            appIn.get(data)
            appIn.clear()
        }
        val kept = early
        if (state == State.DO_HANDSHAKE) { // kept until the app is connected
            if (data != null) early = if (kept == null) data else kept + data
            return
        }
        if (kept != null) {
            early = null
            data = if (data == null) kept else kept + data
        }
        if (data == null || !appConnected) return
        try {
            when (val p = appProtocol) {
                is Protocol -> p.dataReceived(data)
                is BufferedProtocol -> {
                    var off = 0
                    while (off < data.size) {
                        val buf = p.getBuffer(data.size - off)
                        val n = minOf(buf.remaining(), data.size - off)
                        if (n == 0) throw IllegalStateException("getBuffer() returned an empty buffer")
                        buf.put(data, off, n)
                        p.bufferUpdated(n)
                        off += n
                    }
                }
                else -> {}
            }
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            fatalError(e, "Fatal error: protocol.dataReceived() call failed.")
        }
    }

    /** The peer sent close_notify. */
    private fun onCloseNotify() {
        when (state) {
            State.WRAPPED -> if (!appEofSeen) deliverAppEof()
            State.FLUSHING, State.SHUTDOWN -> {}
            else -> {}
        }
    }

    private fun deliverAppEof() {
        appEofSeen = true
        val keepOpen = try {
            when (val p = appProtocol) {
                is Protocol -> p.eofReceived()
                is BufferedProtocol -> p.eofReceived()
                else -> false
            }
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            fatalError(e, "Error calling eof_received()")
            return
        }
        // TLS has no half-close: the shutdown starts whatever the protocol answered (asyncio 3.11's
        // _call_eof_received + _start_shutdown), with asyncio's warning for an answer that cannot be honoured.
        if (keepOpen) LOGGER.log(System.Logger.Level.WARNING, "returning true from eof_received() has no effect when using ssl")
        appTransport.close()
    }

    private fun runDelegatedTasks() {
        taskRunning = true
        loop.runInExecutor(null, Callable {
            while (true) (engine.delegatedTask ?: break).run()
            null
        }).addDoneCallback { done ->
            taskRunning = false
            val exc = done.exception()
            if (exc != null) fatalError(exc, "SSLEngine delegated task failed") else pump()
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Handshake.

    private fun checkHandshakeTimeout() {
        if (state != State.DO_HANDSHAKE) return
        val exc = TimeoutError("SSL handshake is taking longer than ${tls.handshakeTimeout} seconds: aborting the connection")
        state = State.UNWRAPPED
        wakeupWaiter(exc)
        transport?.abort()
    }

    private fun onHandshakeComplete() {
        handshakeTimer?.cancel()
        val session = engine.session
        extra["sslsession"] = session
        extra["cipher"] = session.cipherSuite
        extra["protocol_version"] = session.protocol
        extra["peercert"] = try {
            session.peerCertificates.firstOrNull()
        } catch (_: SSLPeerUnverifiedException) {
            null
        }
        state = State.WRAPPED
        if (callConnectionMade) {
            appConnected = true
            try {
                when (val p = appProtocol) {
                    is Protocol -> p.connectionMade(appTransport)
                    is BufferedProtocol -> p.connectionMade(appTransport)
                    else -> {}
                }
            } catch (e: Throwable) {
                if (e is VirtualMachineError) throw e
                fatalError(e, "Fatal error: protocol.connectionMade() call failed.")
                return
            }
        } else {
            appConnected = true
        }
        wakeupWaiter(null)
        // Application data that arrived with the last handshake flight.
        deliverAppData()
    }

    private fun onHandshakeFailed(exc: Throwable) {
        handshakeTimer?.cancel()
        val error = if (exc is SSLHandshakeException && isCertificateError(exc)) {
            SSLHandshakeException("SSL handshake failed on verifying the certificate: ${exc.message}").also { it.initCause(exc) }
        } else exc
        // Send the alert the engine produced, so that the peer sees why.
        try {
            engine.closeOutbound()
            val netOut = scratch.netOut
            netOut.clear()
            engine.wrap(EMPTY, netOut)
            if (netOut.position() > 0) {
                netOut.flip()
                val bytes = ByteArray(netOut.remaining())
                netOut.get(bytes)
                transport?.write(bytes)
            }
        } catch (_: Exception) {
        }
        state = State.UNWRAPPED
        wakeupWaiter(error)
        if (loop.getDebug()) LOGGER.log(System.Logger.Level.DEBUG, "$this: SSL handshake failed", error)
        transport?.close()
    }

    private fun isCertificateError(e: Throwable): Boolean {
        var c: Throwable? = e
        while (c != null) {
            if (c is java.security.cert.CertificateException) return true
            c = c.cause
        }
        return false
    }

    private fun wakeupWaiter(exc: Throwable?) {
        val w = waiter ?: return
        if (w.done()) return
        if (exc == null) w.setResult(null) else w.setException(exc)
    }

    // ------------------------------------------------------------------------------------------------
    // Shutdown and errors.

    private fun startShutdown() {
        state = State.SHUTDOWN
        shutdownTimer = loop.callLater(tls.shutdownTimeout) {
            if (state == State.SHUTDOWN) transport?.abort()
        }
        engine.closeOutbound()
    }

    private fun fatalError(exc: Throwable, message: String) {
        if (exc !is IOException) {
            loop.callExceptionHandler(linkedMapOf("message" to message, "exception" to exc,
                "transport" to transport, "protocol" to this))
        }
        if (state == State.DO_HANDSHAKE) wakeupWaiter(exc)
        state = State.UNWRAPPED
        val t = transport ?: return
        if (t is SocketTransport) t.fatalError(exc, message) else t.abort()
    }

    override fun toString(): String = "<SslProtocol state=$state serverSide=${tls.serverSide} app=$appProtocol>"

    // ------------------------------------------------------------------------------------------------

    /** asyncio's _SSLProtocolTransport: what the application protocol writes to. */
    internal inner class AppTransport : Transport {
        private var closed = false

        override fun getExtraInfo(name: String, default: Any?): Any? =
            if (extra.containsKey(name)) extra[name] else transport?.getExtraInfo(name, default) ?: default

        override fun isClosing(): Boolean = closed || state != State.WRAPPED

        override fun close() {
            if (closed) return
            closed = true
            when (state) {
                State.WRAPPED -> {
                    state = State.FLUSHING
                    pump()
                }
                State.DO_HANDSHAKE -> {
                    state = State.UNWRAPPED
                    wakeupWaiter(IOException("SSL transport closed during the handshake"))
                    transport?.close()
                }
                else -> {}
            }
        }

        override fun abort() {
            closed = true
            state = State.UNWRAPPED
            transport?.abort()
        }

        override fun setProtocol(protocol: BaseProtocol) {
            appProtocol = protocol
        }

        override fun getProtocol(): BaseProtocol = appProtocol

        override fun isReading(): Boolean = !appReadingPaused && !isClosing()

        override fun pauseReading() {
            appReadingPaused = true
            transport?.pauseReading()
        }

        override fun resumeReading() {
            if (!appReadingPaused) return
            appReadingPaused = false
            transport?.resumeReading()
            loop.callSoon { pump() }
        }

        override fun setWriteBufferLimits(high: Int?, low: Int?) {
            transport?.setWriteBufferLimits(high, low)
        }

        override fun getWriteBufferSize(): Int = outgoingSize + (transport?.getWriteBufferSize() ?: 0)

        override fun getWriteBufferLimits(): IntArray = transport?.getWriteBufferLimits() ?: intArrayOf(0, 0)

        /** The socket transport's pause state, which its pauseWriting/resumeWriting pass on to the app protocol. */
        @JvmSynthetic internal fun isProtocolPaused(): Boolean = (transport as? SelectorTransport)?.isProtocolPaused() ?: false

        override fun write(data: ByteArray) {
            if (closed) throw IllegalStateException("write() on a closed SSL transport: $this")
            if (data.isEmpty()) return
            if (state == State.UNWRAPPED) return // the connection is lost: dropped, as asyncio does
            outgoing.addLast(ByteBuffer.wrap(data.copyOf()))
            outgoingSize += data.size
            pump()
        }

        override fun writelines(data: Iterable<ByteArray>) {
            for (d in data) write(d)
        }

        override fun writeEof() {
            throw UnsupportedOperationException("SSL doesn't support half-closes")
        }

        override fun canWriteEof(): Boolean = false

        override fun toString(): String = "<SslAppTransport state=$state closed=$closed transport=$transport>"
    }

    /**
     * The buffers engine.wrap writes to and engine.unwrap writes into, one set per thread, that is per loop
     * (every SslProtocol method runs on its loop's thread; delegated tasks never touch them). Their content is
     * copied out before any other code runs (transport.write, the app's dataReceived), so sharing them
     * between the loop's connections is safe, re-entrant calls included.
     */
    private class Scratch {
        var netOut: ByteBuffer = ByteBuffer.allocate(0)
        var appIn: ByteBuffer = ByteBuffer.allocate(0)

        fun ensure(packetSize: Int, appSize: Int) {
            if (netOut.capacity() < packetSize) netOut = ByteBuffer.allocate(packetSize)
            if (appIn.capacity() < appSize) appIn = ByteBuffer.allocate(appSize)
        }
    }

    private companion object {
        val EMPTY = arrayOf<ByteBuffer>(ByteBuffer.allocate(0))
        val NO_BYTES: ByteBuffer = ByteBuffer.allocate(0).asReadOnlyBuffer()

        /** Most queued app buffers handed to one engine.wrap. */
        const val WRAP_BATCH = 64
        val SCRATCH: ThreadLocal<Scratch> = ThreadLocal.withInitial { Scratch() }
        val LOGGER: System.Logger = System.getLogger("asyncio") // sslproto.py logs to asyncio's logger too

        fun grow(buf: ByteBuffer, minCapacity: Int): ByteBuffer {
            val bigger = ByteBuffer.allocate(maxOf(minCapacity, buf.capacity() * 2))
            buf.flip()
            bigger.put(buf)
            return bigger
        }
    }
}
