package io.asyncio4j.engine.streams

import io.asyncio4j.engine.exceptions.IncompleteReadError
import io.asyncio4j.engine.exceptions.LimitOverrunError
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.net.ReadTransport
import java.util.concurrent.CompletionStage

/**
 * asyncio.StreamReader: a byte buffer fed by a protocol ([feedData]/[feedEof]/[setException]) and read by
 * one task at a time. Every read returns a CompletionStage that completes as soon as the data is there (at
 * once if it already is), inline in the same loop step as the wakeup, exactly where asyncio's coroutine resumes.
 *
 * Invariants: [waiter] is non-null exactly while a read waits for data (a second concurrent read fails);
 * when [buffer] holds more than 2 x [limit] bytes the transport is paused ([paused]) and it is resumed when a
 * read brings the buffer to [limit] or below, or when a read has to wait.
 */
public class StreamReader @JvmOverloads constructor(
    private val limit: Int = DEFAULT_LIMIT,
    private val loop: EventLoop = Events.getEventLoop(),
) {
    init {
        require(limit > 0) { "Limit cannot be <= 0" }
    }

    /**
     * The unread bytes are buffer[start until end]. Memory: an empty reader holds no array ([EMPTY]); the first
     * data received while empty is adopted as the buffer (the protocol's array is its own, see
     * [feedOwned]), and a read that takes the whole adopted array returns it without a copy. Once drained the
     * buffer is dropped, so an idle connection keeps nothing of its past traffic.
     */
    private var buffer = EMPTY
    private var start = 0
    private var end = 0
    private var eof = false
    private var waiter: Future<Void?>? = null
    private var exception: Throwable? = null
    private var transport: ReadTransport? = null
    private var paused = false

    private val size: Int get() = end - start

    public fun getLimit(): Int = limit

    public fun exception(): Throwable? = exception

    /** Fails the pending read and every later read with [exc]. */
    public fun setException(exc: Throwable) {
        exception = exc
        val w = waiter ?: return
        waiter = null
        if (!w.cancelled()) w.setException(exc)
    }

    private fun wakeupWaiter() {
        val w = waiter ?: return
        waiter = null
        if (!w.cancelled()) w.setResult(null)
    }

    public fun setTransport(transport: ReadTransport) {
        check(this.transport == null) { "Transport already set" }
        this.transport = transport
    }

    private fun maybeResumeTransport() {
        if (paused && size <= limit) {
            paused = false
            transport?.resumeReading()
        }
    }

    public fun feedEof() {
        eof = true
        wakeupWaiter()
    }

    /** True when EOF was fed and the buffer is empty. */
    public fun atEof(): Boolean = eof && size == 0

    /** Appends a copy of [data] to the buffer and wakes the waiting read; IllegalStateException after [feedEof]. */
    public fun feedData(data: ByteArray) {
        check(!eof) { "feed_data after feed_eof" }
        if (data.isEmpty()) return
        if (size == 0) adopt(data.copyOf()) else append(data)
        afterFeed()
    }

    /**
     * [feedData] for an array nobody else will touch (what a transport hands to Protocol.dataReceived): taken as
     * the buffer itself when the reader is empty, so bulk reads cost no copy here.
     */
    internal fun feedOwned(data: ByteArray) {
        check(!eof) { "feed_data after feed_eof" }
        if (data.isEmpty()) return
        if (size == 0) adopt(data) else append(data)
        afterFeed()
    }

    private fun adopt(data: ByteArray) {
        buffer = data
        start = 0
        end = data.size
    }

    private fun afterFeed() {
        wakeupWaiter()
        val t = transport
        if (t != null && !paused && size > 2 * limit) {
            try {
                t.pauseReading()
                paused = true
            } catch (_: UnsupportedOperationException) {
                transport = null
            }
        }
    }

    private fun append(data: ByteArray) {
        if (end + data.size > buffer.size) {
            if (size + data.size <= buffer.size / 2) {
                System.arraycopy(buffer, start, buffer, 0, size)
            } else {
                val grown = ByteArray(maxOf(buffer.size * 2, size + data.size))
                System.arraycopy(buffer, start, grown, 0, size)
                buffer = grown
            }
            end = size
            start = 0
        }
        System.arraycopy(data, 0, buffer, end, data.size)
        end += data.size
    }

    private fun take(n: Int): ByteArray {
        if (n == 0) return EMPTY
        // The whole array is the answer (an adopted read taken at once): hand it over, no copy.
        val out = if (start == 0 && n == buffer.size) buffer else buffer.copyOfRange(start, start + n)
        start += n
        if (start == end) {
            start = 0
            end = 0
            buffer = EMPTY
        }
        return out
    }

    private fun takeAll(): ByteArray = take(size)

    /** Index (absolute, in [buffer]) of [sep] at or after [from] (relative), or -1. */
    private fun find(sep: ByteArray, from: Int): Int {
        var i = start + maxOf(0, from)
        val last = end - sep.size
        outer@ while (i <= last) {
            for (k in sep.indices) if (buffer[i + k] != sep[k]) { i++; continue@outer }
            return i - start
        }
        return -1
    }

    /**
     * A stage completed when data or EOF arrives (asyncio's _wait_for_data); resumes a paused transport first.
     * Fails at once if another read is already waiting.
     */
    private fun waitForData(funcName: String): CompletionStage<Void?> {
        if (waiter != null) {
            return failed(IllegalStateException(
                "$funcName() called while another coroutine is already waiting for incoming data"))
        }
        check(!eof) { "_wait_for_data after EOF" }
        if (paused) {
            paused = false
            transport?.resumeReading()
        }
        val w = loop.createFuture<Void?>()
        waiter = w
        return w.handle { _, e ->
            if (waiter === w) waiter = null
            if (e != null) throw Futures.unwrap(e)
            null
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Reading.

    /**
     * Up to [n] bytes; n < 0 (the default in asyncio): everything until EOF. An empty array means EOF
     * (or n == 0).
     */
    public fun read(n: Int): CompletionStage<ByteArray> {
        exception?.let { return failed(it) }
        if (n == 0) return done(ByteArray(0))
        if (n < 0) return readAll(java.io.ByteArrayOutputStream())
        if (size == 0 && !eof) return waitForData("read").thenCompose { read(n) }
        val data = take(minOf(n, size))
        maybeResumeTransport()
        return done(data)
    }

    /** Everything until EOF (asyncio's read() / read(-1)). */
    public fun read(): CompletionStage<ByteArray> = read(-1)

    // Takes what is buffered in a loop (blocks of `limit`, as asyncio) and recurses only across waits: one
    // recursion per buffered block overflowed the stack with a small limit and a large buffer.
    private fun readAll(out: java.io.ByteArrayOutputStream): CompletionStage<ByteArray> {
        while (true) {
            exception?.let { return failed(it) }
            if (size > 0) {
                out.write(take(minOf(limit, size)))
                maybeResumeTransport()
                continue
            }
            if (eof) return done(out.toByteArray())
            return waitForData("read").thenCompose { readAll(out) }
        }
    }

    /** Exactly [n] bytes; IncompleteReadError (with what was read) if EOF comes first. */
    public fun readexactly(n: Int): CompletionStage<ByteArray> {
        if (n < 0) return failed(IllegalArgumentException("readexactly size can not be less than zero"))
        exception?.let { return failed(it) }
        if (n == 0) return done(ByteArray(0))
        if (size < n) {
            if (eof) return failed(IncompleteReadError(takeAll(), n.toLong()))
            return waitForData("readexactly").thenCompose { readexactly(n) }
        }
        val data = take(n)
        maybeResumeTransport()
        return done(data)
    }

    /**
     * One line, "\n" included; at EOF the partial last line, or an empty array. A line longer than the limit
     * fails with IllegalArgumentException (asyncio's ValueError) caused by the LimitOverrunError, after
     * discarding it (up to and including its separator when present).
     */
    public fun readline(): CompletionStage<ByteArray> {
        val stage = Stage<ByteArray>(loop)
        readuntil(NEWLINE).whenComplete { line, failure ->
            if (failure == null) {
                stage.complete(line)
                return@whenComplete
            }
            when (val e = Futures.unwrap(failure)) {
                is IncompleteReadError -> stage.complete(e.partial())
                is LimitOverrunError -> {
                    if (startsWith(NEWLINE, e.consumed())) take(e.consumed() + NEWLINE.size) else take(size)
                    maybeResumeTransport()
                    stage.completeExceptionally(IllegalArgumentException(e.message, e))
                }
                else -> stage.completeExceptionally(e)
            }
        }
        return stage
    }

    private fun startsWith(sep: ByteArray, at: Int): Boolean {
        if (at + sep.size > size) return false
        for (k in sep.indices) if (buffer[start + at + k] != sep[k]) return false
        return true
    }

    /**
     * Data up to and including [separator]. EOF first: IncompleteReadError with what was buffered (now
     * consumed). More than the limit without a separator: LimitOverrunError, data left in the buffer.
     */
    public fun readuntil(separator: ByteArray): CompletionStage<ByteArray> = readuntil(listOf(separator))

    public fun readuntil(): CompletionStage<ByteArray> = readuntil(NEWLINE)

    /**
     * Data up to and including whichever of [separators] ends first (asyncio 3.13's readuntil with a tuple):
     * the shortest possible result. On a tie at the same end the shortest separator counts as the match, so
     * its start is what the limit is checked against (and LimitOverrunError.consumed), as in asyncio.
     */
    public fun readuntil(separators: List<ByteArray>): CompletionStage<ByteArray> {
        if (separators.isEmpty()) return failed(IllegalArgumentException("Separator should contain at least one element"))
        if (separators.any { it.isEmpty() }) return failed(IllegalArgumentException("Separator should be at least one-byte string"))
        exception?.let { return failed(it) }
        return readuntilFrom(separators.sortedBy { it.size }, 0)
    }

    private fun readuntilFrom(seps: List<ByteArray>, from: Int): CompletionStage<ByteArray> {
        val minLen = seps.first().size
        val maxLen = seps.last().size
        var offset = from
        while (true) {
            if (size - offset >= minLen) {
                var matchStart = -1
                var matchEnd = -1
                for (sep in seps) {
                    val i = find(sep, offset)
                    if (i != -1) {
                        val e = i + sep.size
                        if (matchEnd == -1 || e < matchEnd) {
                            matchEnd = e
                            matchStart = i
                        }
                    }
                }
                if (matchEnd != -1) {
                    if (matchStart > limit) {
                        return failed(LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart))
                    }
                    val chunk = take(matchEnd)
                    maybeResumeTransport()
                    return done(chunk)
                }
                offset = maxOf(0, size + 1 - maxLen)
                if (offset > limit) {
                    return failed(LimitOverrunError("Separator is not found, and chunk exceed the limit", offset))
                }
            }
            if (eof) return failed(IncompleteReadError(takeAll(), null))
            val resumeAt = offset
            return waitForData("readuntil").thenCompose { readuntilFrom(seps, resumeAt) }
        }
    }

    /** The next line, or null at EOF (asyncio's `async for line in reader`). */
    public fun nextLine(): CompletionStage<ByteArray?> = readline().thenApply { if (it.isEmpty()) null else it }

    // ------------------------------------------------------------------------------------------------

    private fun <T> done(value: T): CompletionStage<T> = Stage<T>(loop).also { it.complete(value) }

    private fun <T> failed(e: Throwable): CompletionStage<T> = Stage<T>(loop).also { it.completeExceptionally(e) }

    override fun toString(): String {
        val info = ArrayList<String>()
        if (size > 0) info.add("$size bytes")
        if (eof) info.add("eof")
        if (limit != DEFAULT_LIMIT) info.add("limit=$limit")
        if (waiter != null) info.add("waiter=$waiter")
        if (exception != null) info.add("exception=$exception")
        if (transport != null) info.add("transport=$transport")
        if (paused) info.add("paused")
        return "<StreamReader${info.joinToString("") { " $it" }}>"
    }

    public companion object {
        /** asyncio's _DEFAULT_LIMIT: 64 KiB. */
        public const val DEFAULT_LIMIT: Int = 64 * 1024
        private val NEWLINE = byteArrayOf('\n'.code.toByte())
        private val EMPTY = ByteArray(0)
    }
}
