package io.asyncio4j.engine.net

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.selector.SelectorPoller
import java.io.IOException
import java.nio.channels.SelectableChannel

/**
 * What the stream and datagram transports share (asyncio's _SelectorTransport): the write-buffer flow control,
 * closing, and the single connectionLost call.
 *
 * Lifecycle flags (asyncio's, kept as they are because each is tested on its own path):
 *  - [closing]: set by close/abort/a fatal error; reading has stopped; never cleared.
 *  - [connLost]: > 0 once connectionLost is scheduled (or the connection died); writes are then dropped.
 *  - [closedByUser]: the user called close()/abort(): writing afterwards is a programming error.
 * connectionLost is called once, after which the channel is closed and [afterConnectionLost] runs.
 * Subclasses own the write buffer; [bufferSize] is the number of bytes in it.
 */
internal abstract class SelectorTransport(
    @get:JvmSynthetic protected val loop: EventLoop,
    private val channel: SelectableChannel,
    @JvmField @field:JvmSynthetic protected var protocol: BaseProtocol,
) : BaseTransport {
    @get:JvmSynthetic protected val selector: SelectorPoller = loop.selectorPoller()
    protected val extra: LinkedHashMap<String, Any?> = LinkedHashMap()
    @get:JvmSynthetic @set:JvmSynthetic protected var bufferSize: Int = 0
    protected var closing: Boolean = false
    @get:JvmSynthetic @set:JvmSynthetic protected var connLost: Int = 0
    protected var closedByUser: Boolean = false
    @get:JvmSynthetic @set:JvmSynthetic protected var protocolConnected: Boolean = false
    protected var protocolPaused: Boolean = false
    @get:JvmSynthetic @set:JvmSynthetic protected var highWater: Int = DEFAULT_HIGH
    protected var lowWater: Int = DEFAULT_HIGH / 4

    /** True while the write buffer holds anything (a zero-length datagram counts). */
    protected abstract fun hasBufferedWrites(): Boolean

    /** Drops the write buffer (abort, fatal error); [bufferSize] is reset by the caller. */
    protected abstract fun clearWriteBuffer()

    /** Runs once, after connectionLost and the channel's close (detach from a server, wake waiters). */
    @JvmSynthetic protected open fun afterConnectionLost() {}

    override fun isClosing(): Boolean = closing

    override fun close() {
        closedByUser = true
        closeInternal()
    }

    /** asyncio's close(): stop reading; connectionLost follows once the write buffer is flushed. */
    @JvmSynthetic protected fun closeInternal() {
        if (closing) return
        closing = true
        selector.removeReader(channel)
        if (!hasBufferedWrites()) {
            connLost++
            selector.removeWriter(channel)
            loop.callSoon { callConnectionLost(null) }
        }
    }

    @JvmSynthetic fun abort() {
        closedByUser = true
        forceClose(null)
    }

    /** A fatal error: report anything but an I/O error to the exception handler, then close at once. */
    @JvmSynthetic internal fun fatalError(exc: Throwable, message: String) {
        if (exc !is IOException) {
            loop.callExceptionHandler(linkedMapOf("message" to message, "exception" to exc,
                "transport" to this, "protocol" to protocol))
        } else if (loop.getDebug()) {
            LOGGER.log(System.Logger.Level.DEBUG, "$this: $message", exc)
        }
        forceClose(exc)
    }

    @JvmSynthetic protected fun forceClose(exc: Throwable?) {
        if (connLost > 0) return
        if (hasBufferedWrites()) {
            clearWriteBuffer()
            bufferSize = 0
            selector.removeWriter(channel)
        }
        if (!closing) {
            closing = true
            selector.removeReader(channel)
        }
        connLost++
        loop.callSoon { callConnectionLost(exc) }
    }

    @JvmSynthetic protected fun callConnectionLost(exc: Throwable?) {
        if (!channel.isOpen) return
        try {
            if (protocolConnected) protocol.connectionLost(exc)
        } finally {
            try {
                channel.close()
            } catch (_: IOException) {
            }
            afterConnectionLost()
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Flow control of the protocol's writing (pauseWriting above the high-water mark, resumeWriting at low).

    @JvmSynthetic fun getWriteBufferSize(): Int = bufferSize

    /** True between the protocol's pauseWriting and resumeWriting (sendfile's fallback asks). */
    @JvmSynthetic internal fun isProtocolPaused(): Boolean = protocolPaused

    @JvmSynthetic protected fun maybePauseProtocol() {
        if (bufferSize <= highWater || protocolPaused) return
        protocolPaused = true
        try {
            protocol.pauseWriting()
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            loop.callExceptionHandler(linkedMapOf("message" to "protocol.pause_writing() failed",
                "exception" to e, "transport" to this, "protocol" to protocol))
        }
    }

    @JvmSynthetic protected fun maybeResumeProtocol() {
        if (protocolPaused && bufferSize <= lowWater) {
            protocolPaused = false
            try {
                protocol.resumeWriting()
            } catch (e: Throwable) {
                if (e is VirtualMachineError) throw e
                loop.callExceptionHandler(linkedMapOf("message" to "protocol.resume_writing() failed",
                    "exception" to e, "transport" to this, "protocol" to protocol))
            }
        }
    }

    override fun getExtraInfo(name: String, default: Any?): Any? =
        if (extra.containsKey(name)) extra[name] else default

    override fun setProtocol(protocol: BaseProtocol) {
        this.protocol = protocol
    }

    override fun getProtocol(): BaseProtocol = protocol

    internal companion object {
        const val DEFAULT_HIGH = 64 * 1024
        const val LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5
        @get:JvmSynthetic val LOGGER: System.Logger = System.getLogger("asyncio")
    }
}
