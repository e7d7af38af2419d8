package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.exceptions.IncompleteReadError
import io.asyncio4j.engine.exceptions.LimitOverrunError
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.sync.doneStage
import io.asyncio4j.engine.sync.startCoroutine
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.InputStream
import java.util.concurrent.CompletionStage

/**
 * The read end of a child's stdout/stderr: the subset of asyncio.StreamReader a subprocess needs (`read`,
 * `readline`, `readexactly`, `readuntil`, `atEof`), with its buffer limit and flow control.
 *
 * A temporary, minimal stand-in: the real StreamReader belongs to the streams package (built in parallel); this
 * class keeps StreamReader's names and its feed API (`feedData`/`feedEof`/`setException`), so switching
 * `Process.stdout()` to it is mechanical.
 *
 * Data arrives from a [PipePump] thread through callSoonThreadsafe; the buffer belongs to the loop thread.
 */
public class PipeReader internal constructor(private val loop: EventLoop, private val limit: Int) {
    // Invariants (loop thread): `buffer[0 until size]` is unread data; `waiter` is the future of the one coroutine
    // waiting for data (asyncio allows one); `paused` is true while the pump is told to stop reading because the
    // buffer holds more than 2 * limit bytes; it is resumed when the buffer drops to `limit` or a reader waits.
    private var buffer = ByteArray(1024)
    private var size = 0
    private var eof = false
    private var exception: Throwable? = null
    private var waiter: Future<Void?>? = null
    private var paused = false
    internal var pump: PipePump? = null
    internal var onEof: Runnable? = null

    internal fun feedData(data: ByteArray) {
        if (data.isEmpty()) return
        if (size + data.size > buffer.size) buffer = buffer.copyOf(maxOf(buffer.size * 2, size + data.size))
        System.arraycopy(data, 0, buffer, size, data.size)
        size += data.size
        wakeUpWaiter()
        if (!paused && size > 2 * limit) {
            paused = true
            pump?.pause()
        }
    }

    internal fun feedEof() {
        if (eof) return
        eof = true
        wakeUpWaiter()
        onEof?.run()
    }

    internal fun setException(error: Throwable) {
        exception = error
        waiter?.let { if (!it.done()) it.setException(error) }
        waiter = null
        if (!eof) {
            eof = true
            onEof?.run()
        }
    }

    /** The exception set on the stream, if any. */
    public fun exception(): Throwable? = exception

    /** True when the pipe reached EOF and the buffer is empty. */
    public fun atEof(): Boolean = eof && size == 0

    /** Reads up to [n] bytes (n < 0: until EOF); an empty array at EOF (a coroutine). */
    @JvmName("read")
    public fun readAsync(n: Int): CompletionStage<ByteArray> {
        exception?.let { throw it }
        if (n == 0) return doneStage(ByteArray(0))
        if (n > 0 && size > 0) return doneStage(take(minOf(n, size)))
        return startCoroutine(loop) { read(n) }
    }

    /** Reads until EOF (a coroutine). */
    @JvmName("read")
    public fun readAsync(): CompletionStage<ByteArray> = readAsync(-1)

    /** Reads a line including its "\n" (or what is left at EOF) (a coroutine). */
    @JvmName("readline")
    public fun readlineAsync(): CompletionStage<ByteArray> = startCoroutine(loop) {
        try {
            readuntil(NEWLINE)
        } catch (e: IncompleteReadError) {
            e.partial()
        } catch (e: LimitOverrunError) {
            take(minOf(size, e.consumed()))
            throw IllegalArgumentException(e.message, e)
        }
    }

    /** Reads exactly [n] bytes; IncompleteReadError if EOF comes first (a coroutine). */
    @JvmName("readexactly")
    public fun readexactlyAsync(n: Int): CompletionStage<ByteArray> {
        require(n >= 0) { "readexactly size can not be less than zero" }
        return startCoroutine(loop) {
            exception?.let { throw it }
            while (size < n) {
                if (eof) {
                    val partial = take(size)
                    throw IncompleteReadError(partial, n.toLong())
                }
                waitForData("readexactly")
            }
            take(n)
        }
    }

    /** Reads up to and including [separator]; IncompleteReadError at EOF, LimitOverrunError past the limit. */
    @JvmName("readuntil")
    public fun readuntilAsync(separator: ByteArray): CompletionStage<ByteArray> {
        require(separator.isNotEmpty()) { "Separator should be at least one-byte string" }
        return startCoroutine(loop) { readuntil(separator) }
    }

    private suspend fun read(n: Int): ByteArray {
        exception?.let { throw it }
        if (n < 0) {
            val blocks = ByteArrayOutputStream()
            while (true) {
                val block = read(limit)
                if (block.isEmpty()) break
                blocks.write(block)
            }
            return blocks.toByteArray()
        }
        if (size == 0 && !eof) waitForData("read")
        return take(minOf(n, size))
    }

    private suspend fun readuntil(separator: ByteArray): ByteArray {
        var offset = 0
        while (true) {
            exception?.let { throw it }
            val at = indexOf(separator, offset)
            if (at >= 0) {
                if (at + separator.size > limit) {
                    throw LimitOverrunError("Separator is found, but chunk is longer than limit", at)
                }
                return take(at + separator.size)
            }
            offset = maxOf(0, size + 1 - separator.size)
            if (offset > limit) throw LimitOverrunError("Separator is not found, and chunk exceed the limit", offset)
            if (eof) {
                val partial = take(size)
                throw IncompleteReadError(partial, null)
            }
            waitForData("readuntil")
        }
    }

    private fun indexOf(separator: ByteArray, from: Int): Int {
        var i = from
        while (i + separator.size <= size) {
            var j = 0
            while (j < separator.size && buffer[i + j] == separator[j]) j++
            if (j == separator.size) return i
            i++
        }
        return -1
    }

    private suspend fun waitForData(name: String) {
        if (waiter != null) {
            throw IllegalStateException("$name() called while another coroutine is already waiting for incoming data")
        }
        if (paused) {
            paused = false
            pump?.resume()
        }
        val w = loop.createFuture<Void?>()
        waiter = w
        try {
            w.await()
        } finally {
            waiter = null
        }
    }

    private fun wakeUpWaiter() {
        val w = waiter ?: return
        waiter = null
        if (!w.done()) w.setResult(null)
    }

    private fun take(n: Int): ByteArray {
        val out = buffer.copyOf(n)
        System.arraycopy(buffer, n, buffer, 0, size - n)
        size -= n
        if (paused && size <= limit) {
            paused = false
            pump?.resume()
        }
        return out
    }

    override fun toString(): String =
        "<PipeReader ${size} bytes${if (eof) " eof" else ""}${if (paused) " paused" else ""}${if (waiter != null) " waiter" else ""}>"

    private companion object {
        val NEWLINE = byteArrayOf('\n'.code.toByte())
    }
}

/**
 * The thread that reads one pipe of a child (the JDK offers pipes only as blocking InputStreams) and hands each
 * chunk to the loop with callSoonThreadsafe; the loop thread never blocks on the pipe. Cost: one platform
 * thread (small stack) per piped stream while the child runs, ending at EOF. Flow control: [pause] makes the
 * thread wait before its next read until [resume] (the reader's buffer is over its limit).
 */
internal class PipePump(
    private val loop: EventLoop,
    private val input: InputStream,
    private val reader: PipeReader,
    name: String,
) {
    private val gate = Object()
    @Volatile private var paused = false
    val thread: Thread = Thread(null, ::run, name, 256 * 1024L).apply { isDaemon = true }

    fun start() = thread.start()

    fun pause() {
        paused = true
    }

    fun resume() {
        synchronized(gate) {
            paused = false
            gate.notifyAll()
        }
    }

    private fun run() {
        val chunk = ByteArray(64 * 1024)
        try {
            while (true) {
                synchronized(gate) {
                    while (paused) gate.wait()
                }
                val n = input.read(chunk)
                if (n < 0) break
                if (n == 0) continue
                val data = chunk.copyOf(n)
                if (!post { reader.feedData(data) }) return
            }
            post { reader.feedEof() }
        } catch (e: IOException) {
            post { reader.setException(e) }
        } catch (_: InterruptedException) {
        } finally {
            try {
                input.close()
            } catch (_: IOException) {
            }
        }
    }

    private fun post(action: Runnable): Boolean = try {
        loop.callSoonThreadsafe(action)
        true
    } catch (_: IllegalStateException) {
        false // the loop is closed: nobody reads any more
    }
}
