package io.asyncio4j.engine.streams

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.ServerOptions
import io.asyncio4j.engine.task.createTask
import java.io.File
import java.lang.management.ManagementFactory
import java.nio.charset.StandardCharsets
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assumptions.assumeTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * Memory per open connection does not grow with what the connection once read (issue 11): 2000 streams
 * connections, client and server both in a child JVM with a 64 MiB heap, each echo a 1 KiB line and then all
 * stay open. The former read path kept a 256 KiB read buffer per connection for its whole life (about 1 GiB
 * here: OutOfMemoryError). The child also reports the heap each open pair holds after a full GC; the bound
 * asserted is the 8 KiB per connection, for both ends of each pair together with their handler task.
 * The same over TLS, with fewer pairs (handshakes cost CPU): SslProtocol keeps no buffers while idle.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IdleConnectionsTest {
    @Test
    fun `2000 streams connections echo a line and stay open in a 64 MiB heap`() {
        // Measured 4 KiB per pair (both ends and the server's handler task); before: OutOfMemoryError.
        val perPair = runChild(2000, tls = false)
        assertTrue(perPair <= 2 * 8192, "$perPair bytes of heap per open pair (client + server + handler task)")
    }

    @Test
    fun `40 TLS streams connections keep no TLS buffers while idle`() {
        // Measured 14 KiB per pair (SSLEngine state included); with a packet and an application buffer per
        // engine and side kept for the connection's life it was 116 KiB.
        val perPair = runChild(40, tls = true)
        assertTrue(perPair <= 3 * 8192, "$perPair bytes of heap per open TLS pair (client + server + handler task)")
    }

    /** Runs [IdleConnectionsChild] with [pairs] connections in a 64 MiB JVM: the heap bytes per open pair. */
    private fun runChild(pairs: Int, tls: Boolean): Long {
        val os = ManagementFactory.getOperatingSystemMXBean()
        val maxFds = (os as? com.sun.management.UnixOperatingSystemMXBean)?.maxFileDescriptorCount ?: -1L
        assumeTrue(maxFds >= 2L * pairs + 200, "needs ${2 * pairs + 200} file descriptors (2 per pair), the limit is " +
            "$maxFds (raise `ulimit -n`)")
        val java = ProcessHandle.current().info().command().orElseThrow()
        // Output to a file, not a pipe: a child that filled an unread pipe would block.
        val log = File.createTempFile("idle-connections", ".txt")
        val command = mutableListOf(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            IdleConnectionsChild::class.java.name, pairs.toString(), "1024")
        if (tls) command.add("tls")
        val child = ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start()
        val done = child.waitFor(60, TimeUnit.SECONDS)
        if (!done) child.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
        val out = log.readText(StandardCharsets.UTF_8).take(4000)
        log.delete()
        assertTrue(done, "the child did not finish in 60 s: $out")
        assertEquals(0, child.exitValue(), "child failed: $out")
        val line = out.lines().firstOrNull { it.startsWith("OK ") } ?: throw AssertionError("no result: $out")
        return line.split(" ")[2].toLong()
    }
}

/**
 * Run by [IdleConnectionsTest] in its own JVM: `IdleConnectionsChild PAIRS LINE_BYTES [tls]`. Starts a streams
 * echo server, opens PAIRS connections (100 at a time, within the listen backlog), each writes a line and reads
 * its echo; then, all still open, prints `OK <pairs> <heap bytes per pair>` and exits 0. With `tls`, the
 * connections run TLS (TlsTest's self-signed contexts): a way to measure what an idle TLS connection keeps.
 */
object IdleConnectionsChild {
    @JvmStatic
    fun main(args: Array<String>) {
        val pairs = args[0].toInt()
        val lineBytes = args[1].toInt()
        val tls = args.size > 2 && args[2] == "tls"
        val serverOptions = ServerOptions().backlog(1024)
        val clientOptions = io.asyncio4j.engine.net.ConnectionOptions()
        if (tls) {
            serverOptions.ssl(io.asyncio4j.engine.net.TlsTest.serverContext)
            clientOptions.ssl(io.asyncio4j.engine.net.TlsTest.clientContext).serverHostname("localhost")
        }
        val loop = EventLoop()
        val task = loop.createTask(null) {
            val server = startServer("127.0.0.1", 0, options = serverOptions) { r, w ->
                while (true) {
                    val line = r.readline().await()
                    if (line.isEmpty()) break
                    w.write(line)
                    w.drain().await()
                }
                w.close()
            }
            val port = (server.sockets()[0].localAddress as java.net.InetSocketAddress).port
            val line = ByteArray(lineBytes) { 'a'.code.toByte() }.also { it[lineBytes - 1] = '\n'.code.toByte() }
            suspend fun echoed(): StreamPair {
                val pair = openConnection("127.0.0.1", port, options = clientOptions)
                pair.writer().write(line)
                val echo = pair.reader().readline().await()
                check(echo.contentEquals(line)) { "echo differs" }
                return pair
            }
            // One connection first, closed again: what all connections share (classes, TLS tables) is then
            // already in the baseline.
            val warm = echoed().writer()
            warm.close()
            warm.waitClosed().await()
            val base = heapAfterGc()
            val open = ArrayList<StreamPair>(pairs)
            while (open.size < pairs) {
                val batch = (0 until minOf(100, pairs - open.size)).map { loop.createTask(null) { echoed() } }
                for (t in batch) open.add(t.await())
            }
            val perPair = (heapAfterGc() - base) / pairs
            println("OK $pairs $perPair")
            System.out.flush()
            // A clean end: each server handler reads EOF and closes its side; then the server closes.
            for (p in open) p.writer().close()
            for (p in open) p.writer().waitClosed().await()
            server.close()
            server.waitClosed().await()
        }
        loop.runUntilComplete(task)
        loop.close()
    }

    private fun heapAfterGc(): Long {
        val memory = ManagementFactory.getMemoryMXBean()
        repeat(3) { System.gc() }
        return memory.heapMemoryUsage.used
    }
}
