package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.BaseProtocol
import io.asyncio4j.engine.net.ReadTransport
import io.asyncio4j.engine.net.Transport
import io.asyncio4j.engine.streams.StreamReader
import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.util.concurrent.LinkedBlockingQueue

// The JDK gives a child's pipes only as blocking InputStream/OutputStream, with no selectable channel. So each
// piped stream gets one small dedicated daemon thread (256 KiB stack) that does the blocking I/O and hands data
// or progress to the loop with callSoonThreadsafe: the loop thread never blocks on a pipe. Cost: up to three
// platform threads per child while its pipes are open (they end at EOF / close), plus one callSoonThreadsafe per
// chunk (up to 64 KiB). The transports below are asyncio's _UnixReadPipeTransport/_UnixWritePipeTransport for
// those threads, so the child's streams are the ordinary StreamReader/StreamWriter.

/**
 * Reads one output pipe of a child in its own thread and feeds a [StreamReader] on the loop. Flow control as a
 * ReadTransport: the reader pauses it when its buffer holds more than twice its limit; the thread then waits
 * before its next read until resumed. [onEnd] runs on the loop after EOF or a read error was fed.
 */
internal class PipeReadTransport(
    private val loop: EventLoop,
    private val input: InputStream,
    private val reader: StreamReader,
    private val onEnd: Runnable,
    name: String,
) : ReadTransport {
    private val gate = Object()
    @Volatile private var paused = false
    @Volatile private var closing = false
    private var protocol: BaseProtocol? = null
    val thread: Thread = Thread(null, ::run, name, 256 * 1024L).apply { isDaemon = true }

    /** Starts the reading thread: outside work (a virtual clock waits for it) until it posted its end. */
    fun start() {
        loop.externalWorkStarted()
        thread.start()
    }

    override fun isReading(): Boolean = !paused && !closing

    override fun pauseReading() {
        paused = true
    }

    override fun resumeReading() {
        synchronized(gate) {
            paused = false
            gate.notifyAll()
        }
    }

    override fun getExtraInfo(name: String, default: Any?): Any? = if (name == "pipe") input else default

    override fun isClosing(): Boolean = closing

    /** Stops reading: the thread closes the pipe (a child still writing then gets SIGPIPE/EPIPE). */
    override fun close() {
        closing = true
        resumeReading()
        try {
            input.close()
        } catch (_: IOException) {
        }
    }

    override fun setProtocol(protocol: BaseProtocol) {
        this.protocol = protocol
    }

    override fun getProtocol(): BaseProtocol = protocol ?: throw IllegalStateException("pipe transport has no protocol")

    private fun run() {
        val chunk = ByteArray(64 * 1024)
        try {
            while (true) {
                synchronized(gate) {
                    while (paused && !closing) gate.wait()
                }
                val n = input.read(chunk)
                if (n < 0) break
                if (n == 0) continue
                val data = chunk.copyOf(n)
                if (!post { reader.feedData(data) }) return
            }
            post { end(null) }
        } catch (e: IOException) {
            post { end(if (closing) null else e) }
        } catch (_: InterruptedException) {
        } finally {
            try {
                input.close()
            } catch (_: IOException) {
            }
            loop.externalWorkFinished() // after the end was posted
        }
    }

    private fun end(error: Throwable?) {
        if (error == null) reader.feedEof() else reader.setException(error)
        onEnd.run()
    }

    private fun post(action: Runnable): Boolean = try {
        loop.callSoonThreadsafe(action)
        true
    } catch (_: IllegalStateException) {
        false // the loop is closed: nobody reads any more
    }

    override fun toString(): String = "<PipeReadTransport ${thread.name}${if (paused) " paused" else ""}>"
}

/**
 * Writes a child's stdin from its own thread: `write` queues the bytes and never blocks. Flow control as a
 * WriteTransport: above the high-water mark (64 KiB) the protocol is paused (StreamWriter.drain waits), and
 * resumed at the low-water mark (16 KiB). A write error (the child exited or closed stdin) loses the
 * connection: connectionLost(error), later writes are dropped, as asyncio's pipe transport drops them.
 * Only the write side of [Transport] is meaningful; the read side reports "not reading".
 */
internal class PipeWriteTransport(
    private val loop: EventLoop,
    private val output: OutputStream,
    name: String,
) : Transport {
    // Invariants (loop thread): `buffered` = bytes queued for the thread and not yet written; `writingPaused`
    // while buffered > high after a pauseWriting(); `closing` after close()/writeEof()/abort() or an error;
    // connectionLost is called once, when the thread has closed the pipe.
    private var protocol: BaseProtocol? = null
    private var buffered = 0
    private var high = 64 * 1024
    private var low = 16 * 1024
    private var writingPaused = false
    private var closing = false
    private var error: IOException? = null
    private var lost = false

    private val chunks = LinkedBlockingQueue<ByteArray>()
    val thread: Thread = Thread(null, ::run, name, 256 * 1024L).apply { isDaemon = true }

    fun start() = thread.start()

    override fun write(data: ByteArray) {
        requireNotNull(data) { "data must not be null" }
        loop.checkThread("write")
        if (closing || data.isEmpty()) return
        buffered += data.size
        chunks.put(data.copyOf())
        if (!writingPaused && buffered > high) {
            writingPaused = true
            protocol?.pauseWriting()
        }
    }

    override fun writelines(data: Iterable<ByteArray>) {
        for (d in data) write(d)
    }

    override fun writeEof(): Unit = close()

    override fun canWriteEof(): Boolean = true

    override fun close() {
        if (closing) return
        closing = true
        chunks.put(CLOSE)
    }

    override fun abort() {
        close()
        try {
            output.close()
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

    override fun getExtraInfo(name: String, default: Any?): Any? = if (name == "pipe") output else default

    override fun setProtocol(protocol: BaseProtocol) {
        this.protocol = protocol
    }

    override fun getProtocol(): BaseProtocol = protocol ?: throw IllegalStateException("pipe transport has no protocol")

    private fun onWritten(n: Int) {
        buffered -= n
        if (writingPaused && buffered <= low) {
            writingPaused = false
            protocol?.resumeWriting()
        }
    }

    private fun onError(e: IOException) {
        if (error == null) error = e
        closing = true
        buffered = 0
    }

    private fun onClosed() {
        if (lost) return
        lost = true
        protocol?.connectionLost(error)
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
                    break
                }
                post { onWritten(chunk.size) }
            }
        } catch (_: InterruptedException) {
        } finally {
            try {
                output.close()
            } catch (_: IOException) {
            }
            post { onClosed() }
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
        "<PipeWriteTransport ${thread.name} buffered=$buffered${if (closing) " closing" else ""}${if (error != null) " broken" else ""}>"

    private companion object {
        val CLOSE = ByteArray(0)
    }
}
