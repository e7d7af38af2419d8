package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.BaseProtocol
import io.asyncio4j.engine.net.Protocol
import io.asyncio4j.engine.net.Transport
import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.util.concurrent.LinkedBlockingQueue

// asyncio's _UnixReadPipeTransport / _UnixWritePipeTransport (unix_events.py), for the pipes the JDK can give:
// a child's pipes come only as blocking InputStream/OutputStream with no selectable channel, and a FIFO or a
// java.nio Pipe is just as well read through a stream. So each pipe gets one small dedicated daemon thread
// (256 KiB stack) that does the blocking I/O and hands data or progress to the loop with callSoonThreadsafe:
// the loop thread never blocks on a pipe. Cost: one platform thread per open pipe (it ends at EOF / close),
// plus one callSoonThreadsafe per chunk (up to 64 KiB). Everything a protocol sees happens on the loop thread,
// in asyncio's order. Used by loop.connectReadPipe/connectWritePipe and by the subprocess transport (whose
// pipes are exactly those two transports, as in base_subprocess.py).

/**
 * A read pipe (asyncio's _UnixReadPipeTransport): `connectionMade` on the next iteration, then `dataReceived*`,
 * then at EOF `eofReceived` and `connectionLost(null)` (each on its own later iteration, as asyncio schedules
 * them); a read error reports "Fatal read error on pipe transport" to the exception handler and ends with
 * `connectionLost(error)`. `close()` ends it with `connectionLost(null)` on a later iteration and drops what
 * the pipe still holds. It is a [Transport] because [Protocol.connectionMade] takes one; its writing half
 * throws UnsupportedOperationException (asyncio's read pipe has no such methods).
 *
 * Flow control: after `pauseReading()` no `dataReceived` is called until `resumeReading()`; the thread stops
 * reading before its next read, and a chunk it had already read waits in [pending] (so nothing is lost and the
 * order is kept); resuming delivers it on a later iteration, as asyncio's re-added reader would.
 */
internal class PipeReadTransport(
    private val loop: EventLoop,
    private val input: InputStream,
    private var protocol: Protocol,
    name: String,
    private val pipe: Any = input,
) : Transport {
    // Invariants (loop thread unless marked): `closing` after EOF, an error or close(); `lost` once
    // connectionLost was scheduled (at most once). `paused` (also read by the thread) only while !closing.
    // `pending` holds chunks (and EOF/error markers) that arrived while paused; they are delivered in order.
    private val gate = Object()
    @Volatile private var paused = false
    @Volatile private var closing = false
    private var lost = false
    private val pending = ArrayDeque<Any>()
    private val thread: Thread = Thread(null, ::run, name, 256 * 1024L).apply { isDaemon = true }

    /**
     * asyncio's constructor: connectionMade on the next iteration, reading only after it ran. The reading
     * thread is outside work (a virtual clock waits for it) from its start until it posted its end.
     */
    @JvmSynthetic fun start() {
        loop.callSoon { protocol.connectionMade(this) }
        loop.callSoon {
            if (!closing) {
                loop.externalWorkStarted()
                thread.start()
            }
        }
    }

    override fun isReading(): Boolean = !paused && !closing

    override fun pauseReading() {
        if (!isReading()) return
        paused = true
    }

    override fun resumeReading() {
        if (closing || !paused) return
        synchronized(gate) {
            paused = false
            gate.notifyAll()
        }
        if (pending.isNotEmpty()) loop.callSoon(::deliverPending)
    }

    override fun getExtraInfo(name: String, default: Any?): Any? = if (name == "pipe") pipe else default

    override fun isClosing(): Boolean = closing

    override fun close() {
        if (!closing) closeWith(null)
    }

    override fun setProtocol(protocol: BaseProtocol) {
        this.protocol = protocol as? Protocol ?: throw IllegalArgumentException("a read pipe needs a Protocol: $protocol")
    }

    override fun getProtocol(): BaseProtocol = protocol

    // --- the writing half of Transport: a read pipe has none (asyncio: AttributeError) ---
    override fun write(data: ByteArray): Unit = unsupported("write")
    override fun writelines(data: Iterable<ByteArray>): Unit = unsupported("writelines")
    override fun writeEof(): Unit = unsupported("writeEof")
    override fun canWriteEof(): Boolean = false
    override fun abort(): Unit = unsupported("abort")
    override fun setWriteBufferLimits(high: Int?, low: Int?): Unit = unsupported("setWriteBufferLimits")
    override fun getWriteBufferSize(): Int = unsupported("getWriteBufferSize")
    override fun getWriteBufferLimits(): IntArray = unsupported("getWriteBufferLimits")

    private fun unsupported(method: String): Nothing =
        throw UnsupportedOperationException("a read pipe transport cannot write: $method")

    // --- loop side of the thread's events ---

    private fun onData(data: ByteArray) {
        if (closing) return
        if (paused || pending.isNotEmpty()) pending.addLast(data) else protocol.dataReceived(data)
    }

    private fun onEnd(error: IOException?) {
        if (closing) return
        if (paused || pending.isNotEmpty()) {
            pending.addLast(error ?: EOF)
            return
        }
        if (error == null) {
            closing = true
            loop.callSoon { protocol.eofReceived() }
            scheduleConnectionLost(null)
        } else {
            loop.callExceptionHandler(linkedMapOf("message" to "Fatal read error on pipe transport",
                "exception" to error, "transport" to this, "protocol" to protocol))
            closeWith(error)
        }
    }

    private fun deliverPending() {
        while (pending.isNotEmpty() && !paused && !closing) {
            when (val item = pending.removeFirst()) {
                is ByteArray -> protocol.dataReceived(item)
                EOF -> onEnd(null)
                else -> onEnd(item as IOException)
            }
        }
    }

    private fun closeWith(exc: Throwable?) {
        closing = true
        pending.clear()
        synchronized(gate) { gate.notifyAll() }
        scheduleConnectionLost(exc)
    }

    private fun scheduleConnectionLost(exc: Throwable?) {
        if (lost) return
        lost = true
        loop.callSoon {
            try {
                protocol.connectionLost(exc)
            } finally {
                closeQuietly()
            }
        }
    }

    private fun closeQuietly() {
        try {
            input.close()
        } catch (_: IOException) {
        }
    }

    // --- the pipe's thread ---

    private fun run() {
        val chunk = ByteArray(64 * 1024)
        try {
            while (true) {
                synchronized(gate) {
                    while (paused && !closing) gate.wait()
                }
                if (closing) return
                val n = readOnce(chunk)
                if (n < 0) break
                if (n == 0) continue
                val data = chunk.copyOf(n)
                if (!post { onData(data) }) return
            }
            post { onEnd(null) }
        } catch (e: IOException) {
            post { if (!closing) onEnd(e) }
        } catch (_: InterruptedException) {
        } finally {
            closeQuietly()
            loop.externalWorkFinished() // after the end was posted
        }
    }

    /**
     * One read. The JDK's process reaper swaps a child's pipe for the bytes still in it when the child exits,
     * closing the pipe itself: a read caught in between fails "Stream closed" although the stream goes on
     * (with those bytes, then EOF). So "Stream closed" is retried a few times, then taken as EOF; a stream we
     * closed ourselves ends the loop through `closing`.
     */
    private fun readOnce(chunk: ByteArray): Int {
        var attempts = 0
        while (true) {
            try {
                return input.read(chunk)
            } catch (e: IOException) {
                if (closing) return -1
                if (!e.message.equals("Stream closed", ignoreCase = true)) throw e
                if (++attempts == 3) return -1
            }
        }
    }

    private fun post(action: Runnable): Boolean = try {
        loop.callSoonThreadsafe(action)
        true
    } catch (_: IllegalStateException) {
        false // the loop is closed: nobody reads any more
    }

    override fun toString(): String =
        "<ReadPipeTransport ${thread.name}${if (closing) " closing" else if (paused) " paused" else " open"}>"

    private companion object {
        val EOF = Any()
    }
}

/**
 * A write pipe (asyncio's _UnixWritePipeTransport): `connectionMade` on the next iteration; `write` queues the
 * bytes for the pipe's thread and never blocks. Flow control: above the high-water mark (64 KiB) the protocol's
 * `pauseWriting` is called, and `resumeWriting` once the thread has written it down to the low-water mark
 * (16 KiB); [getWriteBufferSize] counts bytes the thread has not yet written (asyncio writes at once what the
 * pipe takes, so its size is often 0 where ours is briefly not). `close()`/`writeEof()` flush the buffer and then
 * call `connectionLost(null)`; `abort()` drops it and calls `connectionLost(null)` on the next iteration. A
 * write error (the reader went away) ends it with `connectionLost(error)`; writes after closing are dropped, as
 * asyncio drops them. [peerClosed] is asyncio's "reader trick" for a child's stdin: the child exited.
 * Only the write side of [Transport] is meaningful; the read side reports "not reading".
 */
internal class PipeWriteTransport(
    private val loop: EventLoop,
    private val output: OutputStream,
    private var protocol: BaseProtocol,
    name: String,
    private val pipe: Any = output,
) : Transport {
    // Invariants (loop thread): `buffered` = bytes queued for the thread and not yet written; `writingPaused`
    // while buffered > low after a pauseWriting(); `closing` after close()/writeEof()/abort() or an error;
    // `lost` once connectionLost was scheduled or called (exactly once).
    private var buffered = 0
    private var high = 64 * 1024
    private var low = 16 * 1024
    private var writingPaused = false
    private var closing = false
    private var lost = false

    private val chunks = LinkedBlockingQueue<ByteArray>()
    private val thread: Thread = Thread(null, ::run, name, 256 * 1024L).apply { isDaemon = true }

    /**
     * asyncio's constructor: connectionMade on the next iteration (a [Protocol]'s; a bare BaseProtocol has none
     * in this API). [notify] false: the caller has made the protocol's connection itself.
     */
    @JvmSynthetic fun start(notify: Boolean = true) {
        val p = protocol
        if (notify && p is Protocol) loop.callSoon { p.connectionMade(this) }
        thread.start()
    }

    override fun write(data: ByteArray) {
        requireNotNull(data) { "data must not be null" }
        loop.checkThread("write")
        if (closing || data.isEmpty()) return
        buffered += data.size
        chunks.put(data.copyOf())
        if (!writingPaused && buffered > high) {
            writingPaused = true
            protocol.pauseWriting()
        }
    }

    override fun writelines(data: Iterable<ByteArray>) {
        for (d in data) write(d)
    }

    override fun writeEof() {
        if (closing) return
        closing = true
        chunks.put(CLOSE)
    }

    override fun canWriteEof(): Boolean = true

    override fun close(): Unit = writeEof()

    override fun abort(): Unit = closeWith(null)

    /** The reading end went away (the child exited): lost at once, BrokenPipe if bytes were still queued. */
    @JvmSynthetic fun peerClosed() {
        if (lost) return
        closeWith(if (buffered > 0) IOException("Broken pipe") else null)
    }

    private fun closeWith(exc: Throwable?) {
        closing = true
        chunks.clear()
        chunks.put(CLOSE)
        buffered = 0
        if (lost) return
        lost = true
        loop.callSoon { protocol.connectionLost(exc) }
        try {
            output.close() // a thread blocked in write() gets an error; its report is dropped (lost)
        } catch (_: IOException) {
        }
    }

    override fun isClosing(): Boolean = closing

    override fun setWriteBufferLimits(high: Int?, low: Int?) {
        val h = high ?: (if (low == null) 64 * 1024 else 4 * low)
        val l = low ?: (h / 4)
        require(h >= l && l >= 0) { "high ($h) must be >= low ($l) must be >= 0" }
        this.high = h
        this.low = l
    }

    override fun getWriteBufferSize(): Int = buffered

    override fun getWriteBufferLimits(): IntArray = intArrayOf(low, high)

    override fun isReading(): Boolean = false

    override fun pauseReading() {}

    override fun resumeReading() {}

    override fun getExtraInfo(name: String, default: Any?): Any? = if (name == "pipe") pipe else default

    override fun setProtocol(protocol: BaseProtocol) {
        this.protocol = protocol
    }

    override fun getProtocol(): BaseProtocol = protocol

    private fun onWritten(n: Int) {
        if (lost) return
        buffered -= n
        if (writingPaused && buffered <= low) {
            writingPaused = false
            protocol.resumeWriting()
        }
    }

    private fun onError(e: IOException) {
        if (lost) return
        closeWith(e)
    }

    private fun onClosed() {
        if (lost) return
        lost = true
        protocol.connectionLost(null)
    }

    private fun run() {
        try {
            while (true) {
                val chunk = chunks.take()
                if (chunk === CLOSE) break
                try {
                    output.write(chunk)
                    output.flush()
                } catch (e: IOException) {
                    post { onError(e) }
                    return
                }
                post { onWritten(chunk.size) }
            }
            try {
                output.close()
            } catch (_: IOException) {
            }
            post { onClosed() }
        } catch (_: InterruptedException) {
        } finally {
            try {
                output.close()
            } catch (_: IOException) {
            }
        }
    }

    private fun post(action: Runnable) {
        try {
            loop.callSoonThreadsafe(action)
        } catch (_: IllegalStateException) {
            // the loop is closed
        }
    }

    override fun toString(): String =
        "<WritePipeTransport ${thread.name} bufsize=$buffered${if (lost) " closed" else if (closing) " closing" else ""}>"

    private companion object {
        val CLOSE = ByteArray(0)
    }
}
