package io.asyncio4j.engine.streams

import io.asyncio4j.engine.testkit.RealLoopTest
import io.asyncio4j.engine.exceptions.IncompleteReadError
import io.asyncio4j.engine.exceptions.LimitOverrunError
import io.asyncio4j.engine.net.ServerOptions
import io.asyncio4j.engine.task.Coroutine
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.gather
import io.asyncio4j.engine.task.sleep
import java.io.IOException
import java.net.InetSocketAddress
import java.security.MessageDigest
import java.util.Random
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamsTest : RealLoopTest() {
    private fun reader(limit: Int = StreamReader.DEFAULT_LIMIT) = StreamReader(limit, loop)


    @Test
    fun `readline readuntil readexactly on a fed reader`() = run {
        val r = reader()
        r.feedData("line1\nline2\nab".toByteArray())
        assertEquals("line1\n", String(r.readline().await()))
        assertEquals("line2\n", String(r.readuntil("\n".toByteArray()).await()))
        val later = createTask { String(r.readexactly(4).await()) }
        sleep(0.0)
        r.feedData("cdef".toByteArray())
        assertEquals("abcd", later.await())
        r.feedEof()
        val e = failure { r.readexactly(5).await() }
        assertTrue(e is IncompleteReadError)
        assertEquals("ef", String((e as IncompleteReadError).partial()))
        assertEquals(5L, e.expected())
        assertTrue(r.atEof())
        assertEquals(0, r.readline().await().size)
        assertEquals(0, r.read(10).await().size)
    }

    @Test
    fun `readuntil with several separators takes the one that ends first`() = run {
        val r = reader()
        r.feedData("abc\r\ndef\nxyz".toByteArray())
        val seps = listOf("\n".toByteArray(), "\r\n".toByteArray())
        assertEquals("abc\r\n", String(r.readuntil(seps).await()))
        assertEquals("def\n", String(r.readuntil(seps).await()))
        assertTrue(failure { r.readuntil(listOf()).await() } is IllegalArgumentException)
        assertTrue(failure { r.readuntil(ByteArray(0)).await() } is IllegalArgumentException)
        r.feedEof()
        val e = failure { r.readuntil(seps).await() } as IncompleteReadError
        assertEquals("xyz", String(e.partial()))
        assertNull(e.expected())
    }

    @Test
    fun `limit overrun as asyncio`() = run {
        val r = reader(limit = 4)
        r.feedData("0123456789\nrest\n".toByteArray())
        val e = failure { r.readuntil("\n".toByteArray()).await() }
        assertTrue(e is LimitOverrunError, "$e")
        assertEquals("Separator is found, but chunk is longer than limit", e!!.message)
        // readline discards the long line, separator included, and raises ValueError.
        val v = failure { r.readline().await() }
        assertTrue(v is IllegalArgumentException && v.cause is LimitOverrunError, "$v")
        assertEquals("rest\n", String(r.readline().await()))
        r.feedData("abcdefgh".toByteArray())
        val n = failure { r.readuntil("\n".toByteArray()).await() } as LimitOverrunError
        assertEquals("Separator is not found, and chunk exceed the limit", n.message)
        assertEquals(8, n.consumed())
    }

    @Test
    fun `concurrent reads fail clearly and read all until eof`() = run {
        val r = reader()
        val first = createTask { r.read(5).await() }
        sleep(0.0)
        val e = failure { r.readline().await() }
        assertTrue(e is IllegalStateException, "$e")
        assertEquals("readuntil() called while another coroutine is already waiting for incoming data", e!!.message)
        r.feedData("xy".toByteArray())
        assertEquals("xy", String(first.await()))
        val all = createTask { String(r.read().await()) }
        sleep(0.0)
        r.feedData("a".toByteArray())
        sleep(0.0)
        r.feedData("b".toByteArray())
        r.feedEof()
        assertEquals("ab", all.await())
    }

    @Test
    fun `exception fails the waiting read`() = run {
        val r = reader()
        val t = createTask { r.readline().await() }
        sleep(0.0)
        r.setException(IOException("boom"))
        assertEquals("boom", failure { t.await() }!!.message)
        assertEquals("boom", failure { r.read(1).await() }!!.message)
    }

    @Test
    fun `echo server with streams, line iteration, extra info`() {
        run {
            val server = startServer("127.0.0.1", 0) { reader, writer ->
                reader.forEachLine { line -> writer.write(line) }
                writer.close()
                writer.waitClosed().await()
            }
            val port = (server.sockets()[0].localAddress as InetSocketAddress).port
            val (reader, writer) = openConnection("127.0.0.1", port)
            assertEquals("127.0.0.1", (writer.getExtraInfo("peername") as InetSocketAddress).address.hostAddress)
            assertTrue(writer.canWriteEof())
            writer.writelines(listOf("a\n".toByteArray(), "b\n".toByteArray()))
            writer.drain().await()
            writer.writeEof()
            assertEquals("a\nb\n", String(reader.read().await()))
            assertTrue(reader.atEof())
            writer.close()
            assertTrue(writer.isClosing())
            writer.waitClosed().await()
            server.close()
            server.waitClosed().await()
        }
    }

    @Test
    fun `megabytes through a slow reader with small limits arrive intact`() {
        val total = 4 * 1024 * 1024
        val data = ByteArray(total).also { Random(42).nextBytes(it) }
        val expected = MessageDigest.getInstance("SHA-256").digest(data)
        var pausedSeen = false
        run {
            val received = loop.createFuture<ByteArray>()
            val server = startServer("127.0.0.1", 0, limit = 1024) { reader, writer ->
                val md = MessageDigest.getInstance("SHA-256")
                var n = 0
                var reads = 0
                while (true) {
                    val chunk = reader.read(700).await()
                    if (chunk.isEmpty()) break
                    md.update(chunk)
                    n += chunk.size
                    if (reader.toString().contains("paused")) pausedSeen = true
                    if (++reads % 64 == 0) sleep(0.0005) // slow consumer
                }
                assertEquals(total, n)
                received.setResult(md.digest())
                writer.close() // Server.waitClosed waits for every connection (3.12+)
            }
            val port = (server.sockets()[0].localAddress as InetSocketAddress).port
            val (_, writer) = openConnection("127.0.0.1", port)
            writer.transport().setWriteBufferLimits(4096, null)
            var at = 0
            val rnd = Random(7)
            while (at < total) {
                val n = minOf(total - at, 1 + rnd.nextInt(9000))
                writer.write(data.copyOfRange(at, at + n))
                at += n
                writer.drain().await()
                assertTrue(writer.transport().getWriteBufferSize() <= 4096)
            }
            writer.close()
            assertArrayEquals(expected, received.await())
            server.close()
            server.waitClosed().await()
        }
        assertTrue(pausedSeen, "the reader never paused its transport")
    }

    @Test
    fun `concurrent drains are all released`() = run {
        var serverWriter: StreamWriter? = null
        var serverReader: StreamReader? = null
        val handlerDone = loop.createFuture<Unit>() // the connection handler's task ends with the test
        val server = startServer("127.0.0.1", 0) { r, w ->
            serverReader = r
            serverWriter = w
            handlerDone.await()
        }
        // Small kernel buffers on both ends (the accepted socket inherits the listener's SO_RCVBUF), so that once
        // the server's StreamReader is over its limit and has paused its transport, the kernel can take only a
        // few KiB more: the drains below then depend on the server reading, not on how much the kernel absorbs.
        (server.sockets()[0] as java.nio.channels.NetworkChannel).setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096)
        val port = (server.sockets()[0].localAddress as InetSocketAddress).port
        val (reader, writer) = openConnection("127.0.0.1", port)
        (writer.transport().getExtraInfo("socket") as java.nio.channels.NetworkChannel)
            .setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4096)
        writer.transport().setWriteBufferLimits(1000, null)
        var polls = 0
        while (serverWriter == null && polls++ < 10_000) sleep(0.001)
        // Fill until the server stopped reading and a whole 1 MiB write sits in the client's buffer: far more than
        // the kernel's free space, so the buffer cannot get down to the low-water mark before the server reads.
        var rounds = 0
        while (serverWriter!!.transport().isReading() || writer.transport().getWriteBufferSize() <= 1 shl 20) {
            if (++rounds > 10_000) throw AssertionError("the server never paused reading or the client never backed up")
            if (writer.transport().getWriteBufferSize() <= 1 shl 20) writer.write(ByteArray(1 shl 20))
            sleep(0.001)
        }
        val drains = (1..3).map { createTask { writer.drain().await(); it } }
        sleep(0.01)
        assertFalse(drains.any { it.done() })
        // The server reads everything: the client drains.
        val sink = createTask { while (serverReader!!.read(1 shl 16).await().isNotEmpty()) Unit }
        assertEquals(listOf(1, 2, 3), gather(*drains.toTypedArray()))
        writer.close()
        sink.await()
        serverWriter!!.close()
        assertEquals(0, reader.read().await().size)
        server.abortClients()
        server.close()
        handlerDone.setResult(Unit)
        server.waitClosed().await()
        sleep(0.0)
    }

    @Test
    fun `a client that connects and vanishes does not stop the server`() {
        run {
            val errors = ArrayList<Throwable>()
            val served = ArrayList<String>()
            val server = startServer("127.0.0.1", 0) { reader, writer ->
                try {
                    val line = reader.readexactly(6).await()
                    served.add(String(line))
                    writer.write(line)
                    writer.drain().await()
                } catch (e: Throwable) {
                    errors.add(e)
                } finally {
                    writer.close()
                }
            }
            val port = (server.sockets()[0].localAddress as InetSocketAddress).port
            // 1: connects and closes at once; 2: sends half then resets; 3: a regular client.
            java.nio.channels.SocketChannel.open(InetSocketAddress("127.0.0.1", port)).close()
            val half = java.nio.channels.SocketChannel.open(InetSocketAddress("127.0.0.1", port))
            half.write(java.nio.ByteBuffer.wrap("abc".toByteArray()))
            half.setOption(java.net.StandardSocketOptions.SO_LINGER, 0)
            half.close()
            while (errors.size < 2) sleep(0.001)
            assertTrue(errors.all { it is IncompleteReadError || it is IOException }, "$errors")
            val (reader, writer) = openConnection("127.0.0.1", port)
            writer.write("hello!".toByteArray())
            assertEquals("hello!", String(reader.readexactly(6).await()))
            writer.close()
            writer.waitClosed().await()
            assertEquals(listOf("hello!"), served)
            assertTrue(server.isServing())
            server.close()
            server.waitClosed().await()
        }
    }

    @Test
    fun `write after close is a clear error and drain after loss fails`() = run {
        val server = startServer("127.0.0.1", 0, options = ServerOptions().backlog(5)) { _, w -> w.close() }
        val port = (server.sockets()[0].localAddress as InetSocketAddress).port
        val (reader, writer) = openConnection("127.0.0.1", port)
        assertEquals(0, reader.read().await().size) // server closed: EOF
        writer.close()
        val e = failure { writer.write("x".toByteArray()) }
        assertTrue(e is IllegalStateException && e.message!!.startsWith("write() on a closed transport"), "$e")
        writer.waitClosed().await()
        assertTrue(failure { writer.drain().await() } is IOException)
        server.close()
        server.waitClosed().await()
    }
}
