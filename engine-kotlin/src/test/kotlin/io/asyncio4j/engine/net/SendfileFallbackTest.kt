package io.asyncio4j.engine.net

import io.asyncio4j.engine.streams.StreamReader
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.streams.openConnection
import io.asyncio4j.engine.streams.startServer
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.testkit.RealLoopTest
import java.io.IOException
import java.net.InetSocketAddress
import java.net.StandardSocketOptions
import java.nio.channels.FileChannel
import java.nio.channels.NetworkChannel
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.security.MessageDigest
import java.util.Collections
import java.util.Random
import java.util.concurrent.Executor
import java.util.concurrent.Executors
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * loop.sendfile through its public entry: native on a plain socket transport, the fallback on a TLS transport
 * (asyncio's _SendfileMode FALLBACK), refused elsewhere; the fallback reads in the default executor, keeps the
 * original protocol's flow control and passes connectionLost on to it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SendfileFallbackTest : RealLoopTest(watchdogSeconds = 30.0) {
    private val data = ByteArray(1_500_000).also { Random(3).nextBytes(it) }
    private val file: Path = Files.createTempFile("asyncio4j-sendfile", ".bin").also { Files.write(it, data) }
    private val pool = Executors.newFixedThreadPool(2) { r -> Thread(r, "sendfile-test").apply { isDaemon = true } }
    private val ranOn: MutableList<String> = Collections.synchronizedList(ArrayList())
    private val recording = Executor { task -> pool.execute { ranOn.add(Thread.currentThread().name); task.run() } }

    @AfterEach
    fun cleanUp() {
        pool.shutdownNow()
        Files.deleteIfExists(file)
    }

    private fun sha(b: ByteArray): ByteArray = MessageDigest.getInstance("SHA-256").digest(b)

    private fun tls() = ConnectionOptions().ssl(TlsTest.clientContext).serverHostname("localhost")

    /** [failure], except that a CancellationException (the watchdog's) ends the test instead of being returned. */
    private suspend fun failureUnlessCancelled(block: suspend () -> Any?): Throwable? =
        failure(block).also { if (it is java.util.concurrent.CancellationException) throw it }

    @Test
    fun `over TLS the fallback sends the range intact, reading the file off the loop thread`() = run {
        loop.setDefaultExecutor(recording)
        val received = loop.createFuture<ByteArray>()
        val server = startServer("127.0.0.1", 0, options = ServerOptions().ssl(TlsTest.serverContext)) { reader, writer ->
            received.setResult(reader.read().await())
            writer.close()
        }
        val (_, writer) = openConnection("127.0.0.1", port(server), options = tls())
        FileChannel.open(file, StandardOpenOption.READ).use { fc ->
            val refused = failureUnlessCancelled { loop.sendfile(writer.transport(), fc, 0, null, false).await() }
            assertTrue(refused is IllegalStateException, "$refused")
            assertTrue(refused!!.message!!.startsWith("fallback is disabled and native sendfile is not supported for transport"),
                refused.message)
            val sent = loop.sendfile(writer.transport(), fc, 7, 1_000_000).await()
            assertEquals(1_000_000L, sent)
            assertEquals(1_000_007L, fc.position())
            assertTrue(ranOn.isNotEmpty() && ranOn.all { it == "sendfile-test" }, "file reads must go to the executor")
            writer.write("tail".toByteArray())
            writer.drain().await()
            writer.close()
            assertArrayEquals(sha(data.copyOfRange(7, 1_000_007) + "tail".toByteArray()), sha(received.await()))
        }
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `a fallback started while writing is paused waits, then resumes the original protocol`() = run {
        var serverReader: StreamReader? = null
        val received = loop.createFuture<Int>()
        val go = loop.createFuture<Void?>()
        val server = startServer("127.0.0.1", 0, options = ServerOptions().ssl(TlsTest.serverContext)) { reader, writer ->
            serverReader = reader
            go.await()
            received.setResult(reader.read().await().size)
            writer.close()
        }
        // Small kernel buffers on both ends: once the server's reader is full the kernel takes only a few KiB more,
        // so "still paused 10 ms later" below is a state that only the server reading can change, not one that
        // lasts until autotuned socket buffers (megabytes on loopback) happen to absorb the rest.
        (server.sockets()[0] as NetworkChannel).setOption(StandardSocketOptions.SO_RCVBUF, 4096)
        val (_, writer) = openConnection("127.0.0.1", port(server), options = tls())
        (writer.transport().getExtraInfo("socket") as NetworkChannel).setOption(StandardSocketOptions.SO_SNDBUF, 4096)
        writer.transport().setWriteBufferLimits(1000, null)
        var written = 0
        var rounds = 0
        // Fill until the transport pauses writing: drain() then waits.
        while (rounds++ < 64) {
            writer.write(ByteArray(1 shl 18))
            written += 1 shl 18
            val d = createTask { writer.drain().await() }
            sleep(0.01)
            if (!d.done()) {
                d.cancel()
                break
            }
        }
        assertTrue(writer.transport().getWriteBufferSize() > 1000, "the transport never paused")
        FileChannel.open(file, StandardOpenOption.READ).use { fc ->
            val sending = createTask { loop.sendfile(writer.transport(), fc).await() }
            sleep(0.01)
            assertFalse(sending.done(), "the fallback must wait for the transport to resume")
            go.setResult(null)
            assertEquals(data.size.toLong(), sending.await())
        }
        // Without resumeWriting passed back to the original protocol, this drain would wait forever.
        writer.drain().await()
        writer.close()
        assertEquals(written + data.size, received.await())
        assertTrue(serverReader != null)
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `connection lost during the fallback fails sendfile and reaches the original protocol`() = run {
        // The server never reads and both socket buffers are small, so the transfer backs up in the client's
        // transport; only then does the peer vanish, while the fallback still has chunks to write. (A timed abort
        // raced the transfer: on an idle machine the whole file could be sent before it.)
        val backedUp = loop.createFuture<Void?>()
        val server = startServer("127.0.0.1", 0, options = ServerOptions().ssl(TlsTest.serverContext)) { _, writer ->
            backedUp.await()
            writer.transport().abort()
        }
        (server.sockets()[0] as NetworkChannel).setOption(StandardSocketOptions.SO_RCVBUF, 4096)
        val (reader, writer) = openConnection("127.0.0.1", port(server), options = tls())
        (writer.transport().getExtraInfo("socket") as NetworkChannel).setOption(StandardSocketOptions.SO_SNDBUF, 4096)
        writer.transport().setWriteBufferLimits(1000, null)
        FileChannel.open(file, StandardOpenOption.READ).use { fc ->
            val sending = createTask { loop.sendfile(writer.transport(), fc).await() }
            var polls = 0
            while (writer.transport().getWriteBufferSize() <= 1000 && polls++ < 1000) sleep(0.01)
            assertTrue(writer.transport().getWriteBufferSize() > 1000, "the transfer never backed up")
            assertFalse(sending.done(), "sendfile finished before the peer vanished")
            backedUp.setResult(null)
            val e = failureUnlessCancelled { sending.await() }
            assertTrue(e is IOException, "sendfile ended with $e")
        }
        // The StreamReaderProtocol heard of the loss: the reader ends, waitClosed completes.
        failureUnlessCancelled { reader.read().await() }
        failureUnlessCancelled { writer.waitClosed().await() }
        assertTrue(writer.isClosing())
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `sendfile refuses a closing transport and a transport it does not know`() = run {
        val server = startServer("127.0.0.1", 0) { _, writer -> writer.close() }
        val (_, writer) = openConnection("127.0.0.1", port(server))
        FileChannel.open(file, StandardOpenOption.READ).use { fc ->
            writer.close()
            val closing = failureUnlessCancelled { loop.sendfile(writer.transport(), fc).await() }
            assertEquals("Transport is closing", closing!!.message)
            val foreign = object : Transport by writer.transport() {
                override fun isClosing(): Boolean = false
                override fun toString(): String = "<foreign>"
            }
            val unsupported = failureUnlessCancelled { loop.sendfile(foreign, fc).await() }
            assertTrue(unsupported is IllegalStateException, "$unsupported")
            assertEquals("sendfile is not supported for transport <foreign>", unsupported!!.message)
        }
        writer.waitClosed().await()
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `sockSendfile sends to the end of the file and leaves its position there`() = run {
        val listening = java.nio.channels.ServerSocketChannel.open().bind(InetSocketAddress("127.0.0.1", 0))
        listening.configureBlocking(false)
        val client = java.nio.channels.SocketChannel.open()
        client.configureBlocking(false)
        val accepting = createTask { loop.sockAccept(listening).await() }
        loop.sockConnect(client, listening.localAddress).await()
        val conn = accepting.await()
        FileChannel.open(file, StandardOpenOption.READ).use { fc ->
            val sending = createTask { loop.sockSendfile(client, fc, 100, null).await() }
            val got = java.io.ByteArrayOutputStream()
            while (got.size() < data.size - 100) got.write(loop.sockRecv(conn, 1 shl 16).await())
            assertEquals((data.size - 100).toLong(), sending.await())
            assertEquals(data.size.toLong(), fc.position())
            assertArrayEquals(sha(data.copyOfRange(100, data.size)), sha(got.toByteArray()))
            val bad = runCatching { loop.sockSendfile(client, fc, 0, 0) }.exceptionOrNull()
            assertEquals("count must be a positive integer (got 0)", bad!!.message)
        }
        for (c in listOf(conn, client, listening)) c.close()
    }
}
