package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.sync.doneStage
import io.asyncio4j.engine.sync.startCoroutine
import java.io.IOException
import java.io.OutputStream
import java.io.UncheckedIOException
import java.util.concurrent.CompletionStage
import java.util.concurrent.LinkedBlockingQueue

/**
 * The write end of a child's stdin: the subset of asyncio.StreamWriter a subprocess needs (`write`, `writelines`,
 * `drain`, `writeEof`, `close`, `isClosing`, `waitClosed`), with asyncio's write-buffer limits (64 KiB high,
 * 16 KiB low). Like [PipeReader], a minimal stand-in for the streams package's StreamWriter, with its names.
 *
 * `write` never blocks: it queues the bytes for a dedicated writer thread (the JDK's pipe is a blocking
 * OutputStream) that reports progress back with callSoonThreadsafe. `drain()` waits while more than the high
 * limit is queued. A broken pipe (the child exited or closed stdin) fails later drains with
 * UncheckedIOException (asyncio: BrokenPipeError / ConnectionResetError); later writes are dropped, as
 * asyncio's pipe transport drops them.
 */
public class PipeWriter internal constructor(
    private val loop: EventLoop,
    private val output: OutputStream,
    name: String,
) {
    // Invariants (loop thread): `buffered` = bytes handed to the thread and not yet written; `drainWaiters` wait
    // for buffered <= LOW; `closing` once close()/writeEof() was called or the child exited; `closed` completes
    // when the thread has closed the pipe; `error` is the write failure, if any.
    private var buffered = 0L
    private var closing = false
    private var error: IOException? = null
    private val drainWaiters = ArrayList<Future<Void?>>()
    private val closed: Future<Void?> = loop.createFuture()

    // Thread side: chunks to write, CLOSE to finish.
    private val chunks = LinkedBlockingQueue<ByteArray>()
    internal val thread: Thread = Thread(null, ::run, name, 256 * 1024L).apply { isDaemon = true }

    internal fun start() = thread.start()

    /** Queues [data] for the child; never blocks. Dropped once the pipe is closing or broken. */
    public fun write(data: ByteArray) {
        requireNotNull(data) { "data must not be null" }
        loop.checkThread("write")
        if (closing || error != null || data.isEmpty()) return
        buffered += data.size
        chunks.put(data.copyOf())
    }

    public fun writelines(lines: Iterable<ByteArray>) {
        for (line in lines) write(line)
    }

    /** Bytes queued and not yet written (asyncio's get_write_buffer_size). */
    public fun getWriteBufferSize(): Long = buffered

    /** Waits until the queued bytes fall to the low-water mark (a coroutine); fails if the pipe broke. */
    @JvmName("drain")
    public fun drainAsync(): CompletionStage<Void?> {
        error?.let { throw UncheckedIOException(it.message, it) }
        if (buffered <= HIGH) return doneStage(null)
        return startCoroutine(loop) {
            val waiter = loop.createFuture<Void?>()
            drainWaiters.add(waiter)
            try {
                waiter.await()
            } finally {
                drainWaiters.remove(waiter)
            }
            null
        }
    }

    public fun canWriteEof(): Boolean = true

    /** Closes the child's stdin after the queued bytes are written (for a pipe, the same as [close]). */
    public fun writeEof(): Unit = close()

    /** Closes the pipe after the queued bytes are written. Idempotent. */
    public fun close() {
        if (closing) return
        closing = true
        chunks.put(CLOSE)
    }

    public fun isClosing(): Boolean = closing

    /** Completes when the pipe is closed (a coroutine). */
    @JvmName("waitClosed")
    public fun waitClosedAsync(): CompletionStage<Void?> = closed

    private fun onWritten(n: Int) {
        buffered -= n
        if (buffered <= LOW) wakeDrainers(null)
    }

    private fun onError(e: IOException) {
        if (error == null) error = e
        buffered = 0
        closing = true
        wakeDrainers(UncheckedIOException(e.message, e))
    }

    private fun onClosed() {
        if (!closed.done()) closed.setResult(null)
        wakeDrainers(error?.let { UncheckedIOException(it.message, it) })
    }

    private fun wakeDrainers(failure: Throwable?) {
        for (w in ArrayList(drainWaiters)) {
            if (w.done()) continue
            if (failure == null) w.setResult(null) else w.setException(failure)
        }
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
        "<PipeWriter buffered=$buffered${if (closing) " closing" else ""}${if (error != null) " broken" else ""}>"

    private companion object {
        const val HIGH = 64 * 1024L
        const val LOW = 16 * 1024L
        val CLOSE = ByteArray(0)
    }
}
