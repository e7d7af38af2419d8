package io.asyncio4j.engine.net

import io.asyncio4j.engine.exceptions.SendfileNotAvailableError
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
    fun sockSendfile(loop: EventLoop, sock: SocketChannel, file: FileChannel, offset: Long, count: Long?): Future<Long> {
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

    fun sendfile(
        loop: EventLoop,
        transport: Transport,
        file: FileChannel,
        offset: Long,
        count: Long?,
        fallback: Boolean,
    ): CompletionStage<Long> {
        check(offset, count)
        if (transport.isClosing()) return failed(loop, IllegalStateException("Transport is closing"))
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
            return failed(loop, SendfileNotAvailableError("sendfile is not available for transport $transport"))
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
        val flow = FallbackProtocol(loop)
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
                val n = file.read(buf, position)
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
            transport.setProtocol(original)
            if (resumeReading) transport.resumeReading()
        }
    }

    /** The fallback path on any transport (tests use it on a socket transport, which would go native). */
    fun sendfileFallbackForTest(loop: EventLoop, transport: Transport, file: FileChannel, offset: Long, count: Long?) =
        sendfileFallback(loop, transport, file, offset, count)

    private class FallbackProtocol(private val loop: EventLoop) : Protocol {
        private var waiter: Future<Void?>? = null
        private var lost: Throwable? = null
        private var isLost = false

        override fun pauseWriting() {
            if (waiter == null) waiter = loop.createFuture()
        }

        override fun resumeWriting() {
            waiter?.let { if (!it.done()) it.setResult(null) }
            waiter = null
        }

        override fun connectionLost(exc: Throwable?) {
            isLost = true
            lost = exc
            waiter?.let { if (!it.done()) it.setException(exc ?: IOException("Connection closed by peer")) }
        }

        fun drain(): CompletionStage<Void?> {
            if (isLost) return failed(loop, lost ?: IOException("Connection closed by peer"))
            return waiter?.thenApply { null } ?: NetEvents.done(loop, null)
        }
    }

    private fun <T> failed(loop: EventLoop, e: Throwable): CompletionStage<T> = NetEvents.failed(loop, e)

}
