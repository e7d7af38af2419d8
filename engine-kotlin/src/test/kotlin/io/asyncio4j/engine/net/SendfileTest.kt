package io.asyncio4j.engine.net

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.streams.openConnection
import io.asyncio4j.engine.streams.startServer
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.task.createTask
import java.net.InetSocketAddress
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.StandardOpenOption
import java.security.MessageDigest
import java.util.Random
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SendfileTest {
    private val loop = EventLoop()

    @AfterEach
    fun close() {
        if (!loop.isClosed()) loop.close()
    }

    private fun <T> run(block: suspend () -> T): T {
        val errors = ArrayList<Map<String, Any?>>()
        loop.setExceptionHandler { _, context -> errors.add(context) }
        val task = loop.createTask(null, block)
        val watchdog = loop.callLater(20.0) { task.cancel("watchdog") }
        try {
            return loop.runUntilComplete(task)
        } finally {
            watchdog.cancel()
            if (errors.isNotEmpty()) throw AssertionError("unhandled errors on the loop: $errors")
        }
    }

    private fun sha(b: ByteArray): ByteArray = MessageDigest.getInstance("SHA-256").digest(b)

    @Test
    fun `sendfile native and fallback deliver the file range intact`() {
        val data = ByteArray(3 * 1024 * 1024 + 17).also { Random(1).nextBytes(it) }
        val file = Files.createTempFile("asyncio4j", ".bin")
        Files.write(file, data)
        try {
            FileChannel.open(file, StandardOpenOption.READ).use { fc ->
                run {
                    for (useFallback in listOf(false, true)) {
                        val received = loop.createFuture<ByteArray>()
                        val server = startServer("127.0.0.1", 0) { reader, writer ->
                            received.setResult(reader.read().await())
                            writer.close()
                        }
                        val port = (server.sockets()[0].localAddress as InetSocketAddress).port
                        val (_, writer) = openConnection("127.0.0.1", port)
                        writer.write("head".toByteArray())
                        val transport = writer.transport()
                        val sent = if (useFallback) {
                            Sendfile.sendfileFallbackForTest(loop, transport, fc, 5, 2_000_000).await()
                        } else {
                            loop.sendfile(transport, fc, 5, 2_000_000).await()
                        }
                        assertEquals(2_000_000L, sent)
                        assertEquals(2_000_005L, fc.position())
                        writer.write("tail".toByteArray())
                        writer.close()
                        val got = received.await()
                        val expected = "head".toByteArray() + data.copyOfRange(5, 2_000_005) + "tail".toByteArray()
                        assertArrayEquals(sha(expected), sha(got), "fallback=$useFallback")
                        server.close()
                        server.waitClosed().await()
                        sleep(0.0)
                    }
                    val bad = runCatching { loop.sendfile(openConnectionStub(), fc, -1, null) }.exceptionOrNull()
                    assertTrue(bad is IllegalArgumentException, "$bad")
                }
            }
        } finally {
            Files.deleteIfExists(file)
        }
    }

    private fun openConnectionStub(): Transport = object : Transport {
        override fun getExtraInfo(name: String, default: Any?): Any? = default
        override fun isClosing(): Boolean = false
        override fun close() {}
        override fun setProtocol(protocol: BaseProtocol) {}
        override fun getProtocol(): BaseProtocol = object : Protocol {}
        override fun isReading(): Boolean = true
        override fun pauseReading() {}
        override fun resumeReading() {}
        override fun setWriteBufferLimits(high: Int?, low: Int?) {}
        override fun getWriteBufferSize(): Int = 0
        override fun getWriteBufferLimits(): IntArray = intArrayOf(0, 0)
        override fun write(data: ByteArray) {}
        override fun writelines(data: Iterable<ByteArray>) {}
        override fun writeEof() {}
        override fun canWriteEof(): Boolean = true
        override fun abort() {}
    }
}
