package io.asyncio4j.engine.streams

import io.asyncio4j.engine.exceptions.IncompleteReadError
import io.asyncio4j.engine.exceptions.LimitOverrunError
import io.asyncio4j.engine.net.BaseProtocol
import io.asyncio4j.engine.net.ReadTransport
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.testkit.RealLoopTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * StreamReader's buffer-limit and error-field behaviour, checked against CPython (the expected values were
 * produced by running the same steps on asyncio.StreamReader, 3.11; readuntil with several separators follows
 * 3.13's streams.py, whose docstring says the shortest separator counts as the match for LimitOverrunError).
 */
class StreamReaderLimitsTest : RealLoopTest() {
    /** A transport that only records pause/resume, as asyncio's tests use a mock transport. */
    private class RecordingTransport : ReadTransport {
        val events = ArrayList<String>()
        override fun isReading(): Boolean = events.lastOrNull() != "pause"
        override fun pauseReading() { events.add("pause") }
        override fun resumeReading() { events.add("resume") }
        override fun getExtraInfo(name: String, default: Any?): Any? = default
        override fun isClosing(): Boolean = false
        override fun close() {}
        override fun setProtocol(protocol: BaseProtocol) {}
        override fun getProtocol(): BaseProtocol = object : BaseProtocol {}
    }


    @Test
    fun `the transport is paused above twice the limit and resumed at the limit, exactly as asyncio`() = run {
        val r = StreamReader(4, loop)
        val t = RecordingTransport()
        r.setTransport(t)
        r.feedData("12345678".toByteArray())
        assertEquals(listOf<String>(), t.events, "8 bytes is not more than 2 x 4")
        r.feedData("9".toByteArray())
        assertEquals(listOf("pause"), t.events)
        assertEquals("1", String(r.read(1).await()))
        assertEquals("234", String(r.read(3).await()))
        assertEquals(listOf("pause"), t.events, "5 bytes left is still above the limit")
        assertEquals("5", String(r.read(1).await()))
        assertEquals(listOf("pause", "resume"), t.events)
        r.feedData("abcdefghij".toByteArray())
        assertEquals(listOf("pause", "resume", "pause"), t.events)
        // readexactly(n) with n above what is buffered must resume the paused transport, or it would deadlock.
        val task = createTask { String(r.readexactly(20).await()) }
        sleep(0.0)
        assertEquals(listOf("pause", "resume", "pause", "resume"), t.events)
        r.feedData("xxxxxxxxxx".toByteArray())
        assertEquals(listOf("pause", "resume", "pause", "resume", "pause"), t.events)
        assertEquals("6789abcdefghijxxxxxx", task.await())
        assertEquals(listOf("pause", "resume", "pause", "resume", "pause", "resume"), t.events)
        assertThrows<IllegalStateException> { r.setTransport(RecordingTransport()) }
    }

    @Test
    fun `readuntil with several separators - the shortest result wins, the shortest separator counts for the limit`() =
        run {
            // "ab\r\nc" with (\n, \r\n) and limit 2: both end at 4; the match is \n at 3 > 2: LimitOverrunError(3).
            val r2 = StreamReader(2, loop)
            r2.feedData("ab\r\nc".toByteArray())
            val e = failure { r2.readuntil(listOf("\n".toByteArray(), "\r\n".toByteArray())).await() }
            assertTrue(e is LimitOverrunError, "$e")
            assertEquals("Separator is found, but chunk is longer than limit", e!!.message)
            assertEquals(3, (e as LimitOverrunError).consumed())
            // The data stays in the buffer after a LimitOverrunError.
            assertEquals("ab\r\nc", String(r2.read(100).await()))

            // A separator arriving across two feeds, with a longer one that would end later.
            val r3 = StreamReader(100, loop)
            r3.feedData("ab\r".toByteArray())
            val task = createTask { String(r3.readuntil(listOf("\r\n\r\n".toByteArray(), "\n".toByteArray())).await()) }
            sleep(0.0)
            r3.feedData("\n\r\nz".toByteArray())
            assertEquals("ab\r\n", task.await())
            assertEquals("\r\n", String(r3.readuntil(listOf("\r\n".toByteArray(), "z".toByteArray())).await()))

            // No separator and more than the limit: consumed is buflen + 1 - the longest separator's length.
            val r4 = StreamReader(5, loop)
            r4.feedData("abcdefgh".toByteArray())
            val n = failure { r4.readuntil(listOf("XYZ".toByteArray(), "Q".toByteArray())).await() } as LimitOverrunError
            assertEquals("Separator is not found, and chunk exceed the limit", n.message)
            assertEquals(6, n.consumed())
            r4.feedEof()
            // The limit is checked before EOF: still a LimitOverrunError, and the data is still there.
            assertTrue(failure { r4.readuntil(listOf("XYZ".toByteArray(), "Q".toByteArray())).await() } is LimitOverrunError)
            assertEquals("abcdefg", String(r4.read(7).await()))
            val i = failure { r4.readuntil(listOf("XYZ".toByteArray(), "Q".toByteArray())).await() } as IncompleteReadError
            assertEquals("h", String(i.partial()))
            assertNull(i.expected())
            assertEquals("1 bytes read on a total of undefined expected bytes", i.message)
            val x = failure { r4.readexactly(3).await() } as IncompleteReadError
            assertEquals(0, x.partial().size)
            assertEquals(3L, x.expected())
            assertEquals("0 bytes read on a total of 3 expected bytes", x.message)
        }

    @Test
    fun `bad arguments are refused with asyncio's messages`() = run {
        assertEquals("Limit cannot be <= 0", assertThrows<IllegalArgumentException> { StreamReader(0, loop) }.message)
        val r = StreamReader(10, loop)
        assertEquals("readexactly size can not be less than zero",
            failure { r.readexactly(-1).await() }!!.message)
        assertEquals("Separator should contain at least one element",
            failure { r.readuntil(listOf()).await() }!!.message)
        assertEquals("Separator should be at least one-byte string",
            failure { r.readuntil(listOf("a".toByteArray(), ByteArray(0))).await() }!!.message)
        r.feedEof()
        assertEquals("feed_data after feed_eof", assertThrows<IllegalStateException> { r.feedData(ByteArray(1)) }.message)
    }
}
