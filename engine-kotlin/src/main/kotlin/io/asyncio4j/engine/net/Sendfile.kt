package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.channels.SocketChannel
import java.util.concurrent.CompletionStage

/**
 * asyncio's sendfile: [FileChannel.transferTo] into the socket (zero-copy where the OS allows: sendfile(2) on
 * Linux), waiting for the socket to drain whenever it is full; for transports that are not plain sockets, the
 * fallback reads the file in chunks and writes them, respecting the transport's flow control.
 */
internal object Sendfile {
    private const val FALLBACK_CHUNK = 16 * 1024

    private fun check(offset: Long, count: Long?) {
        require(offset >= 0) { "offset must be a non-negative integer (got $offset)" }
        if (count != null) require(count > 0) { "count must be a positive integer (got $count)" }
    }

    /** Sends [count] bytes (null: to the end) of [file] from [offset] through [sock]; the bytes sent. */
    @JvmSynthetic fun sockSendfile(loop: EventLoop, sock: SocketChannel, file: FileChannel, offset: Long, count: Long?): Future<Long> {
        check(offset, count)
        NetEvents.checkNonBlocking(sock)
        val fut = loop.createFuture<Long>()
        val end = if (count == null) file.size() else minOf(file.size(), offset + count)
        var position = offset
        val selector = loop.selectorPoller()
        fun finish(error: Throwable?) {
            if (selector.hasWriter(sock)) selector.removeWriter(sock)
            try {
                file.position(position) // as asyncio leaves the file offset after the data sent
            } catch (_: IOException) {
            }
            if (fut.done()) return
            if (error != null) fut.setException(error) else fut.setResult(position - offset)
        }
        val step = Runnable {
            if (fut.done()) {
                finish(null)
                return@Runnable
            }
            try {
                while (position < end) {
                    val n = file.transferTo(position, end - position, sock)
                    if (n == 0L) return@Runnable // the socket is full: wait until it is writable
                    position += n
                }
                finish(null)
            } catch (e: IOException) {
                finish(e)
            }
        }
        if (offset >= end) {
            fut.setResult(0L)
            return fut
        }
        step.run()
        if (!fut.done()) selector.addWriter(sock, step)
        return fut
    }

    @JvmSynthetic fun sendfile(
        loop: EventLoop,
        transport: Transport,
        file: FileChannel,
        offset: Long,
        count: Long?,
        fallback: Boolean,
    ): CompletionStage<Long> {
        check(offset, count)
        if (transport.isClosing()) return failed(loop, IllegalStateException("Transport is closing"))
        // asyncio's _sendfile_compatible modes: a socket transport tries native (which cannot be unavailable
        // here: transferTo works on every SocketChannel), a TLS transport can only use the fallback, any other
        // transport is unsupported.
        if (transport !is SocketTransport && transport !is SslProtocol.AppTransport) {
            return failed(loop, IllegalStateException("sendfile is not supported for transport $transport"))
        }
        if (transport is SocketTransport) {
            val resumeReading = transport.isReading()
            transport.pauseReading()
            return transport.makeEmptyWaiter()
                .thenCompose { sockSendfile(loop, transport.channel(), file, offset, count) }
                .whenComplete { _, _ ->
                    transport.resetEmptyWaiter()
                    if (resumeReading) transport.resumeReading()
                }
        }
        if (!fallback) {
            return failed(loop, IllegalStateException(
                "fallback is disabled and native sendfile is not supported for transport $transport"))
        }
        return sendfileFallback(loop, transport, file, offset, count)
    }

    /** asyncio's _sendfile_fallback: a protocol stand-in tracks pause/resume while chunks are written. */
    private fun sendfileFallback(
        loop: EventLoop,
        transport: Transport,
        file: FileChannel,
        offset: Long,
        count: Long?,
    ): CompletionStage<Long> {
        val original = transport.getProtocol()
        val resumeReading = transport.isReading()
        val flow = FallbackProtocol(loop, transport, original, isWritingPaused(transport))
        transport.pauseReading()
        transport.setProtocol(flow)
        val end = if (count == null) file.size() else minOf(file.size(), offset + count)
        val buf = ByteBuffer.allocate(FALLBACK_CHUNK)
        var position = offset
        fun next(): CompletionStage<Long> {
            if (position >= end) return NetEvents.done(loop, position - offset)
            return flow.drain().thenCompose {
                buf.clear()
                buf.limit(minOf(FALLBACK_CHUNK.toLong(), end - position).toInt())
                // The file is read in the default executor, as asyncio's fallback does: a read must not block
                // the loop. One read at a time, so the buffer is never shared.
                loop.runInExecutor(null) { file.read(buf, position) }
            }.thenCompose { n ->
                if (n <= 0) return@thenCompose NetEvents.done(loop, position - offset)
                transport.write(buf.array().copyOf(n))
                position += n
                next()
            }
        }
        return next().thenCompose { sent -> flow.drain().thenApply { sent } }.whenComplete { _, _ ->
            try {
                file.position(position)
            } catch (_: IOException) {
            }
            if (transport.getProtocol() === flow) transport.setProtocol(original)
            if (resumeReading) transport.resumeReading()
            flow.restore()
        }
    }

    /** Whether [transport] has told its protocol to pause writing (asyncio's transport._protocol_paused). */
    private fun isWritingPaused(transport: Transport): Boolean = when (transport) {
        is SelectorTransport -> transport.isProtocolPaused()
        is SslProtocol.AppTransport -> transport.isProtocolPaused()
        else -> false
    }

    /** The fallback path on any transport (tests use it on a socket transport, which would go native). */
    @JvmSynthetic fun sendfileFallbackForTest(loop: EventLoop, transport: Transport, file: FileChannel, offset: Long, count: Long?) =
        sendfileFallback(loop, transport, file, offset, count)

    /**
     * asyncio's _SendfileFallbackProtocol: stands in for the transport's protocol while the chunks are written.
     * [waiter] is pending exactly while the transport has paused writing; it starts pending when the transport
     * was already paused (the original protocol then gets its resumeWriting at [restore]). connectionLost is
     * passed on to the original protocol, which must still learn that its connection ended.
     */
    private class FallbackProtocol(
        private val loop: EventLoop,
        private val transport: Transport,
        private val original: BaseProtocol,
        private val resumeWritingAtEnd: Boolean,
    ) : Protocol {
        private var waiter: Future<Void?>? = if (resumeWritingAtEnd) loop.createFuture() else null

        override fun pauseWriting() {
            if (waiter == null) waiter = loop.createFuture()
        }

        override fun resumeWriting() {
            waiter?.let { if (!it.done()) it.setResult(null) }
            waiter = null
        }

        override fun connectionLost(exc: Throwable?) {
            // Never happens when the peer disconnects after the whole content: from here it is always an error.
            waiter?.let { if (!it.done()) it.setException(exc ?: IOException("Connection is closed by peer")) }
            original.connectionLost(exc)
        }

        fun drain(): CompletionStage<Void?> {
            if (transport.isClosing()) return failed(loop, IOException("Connection closed by peer"))
            return waiter?.thenApply { null } ?: NetEvents.done(loop, null)
        }

        fun restore() {
            waiter?.let { if (!it.done()) it.cancel() }
            waiter = null
            if (resumeWritingAtEnd) original.resumeWriting()
        }
    }

    private fun <T> failed(loop: EventLoop, e: Throwable): CompletionStage<T> = NetEvents.failed(loop, e)

}
