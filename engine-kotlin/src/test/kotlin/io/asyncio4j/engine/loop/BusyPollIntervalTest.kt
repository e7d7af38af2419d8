package io.asyncio4j.engine.loop

import io.asyncio4j.engine.net.Protocol
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.sleep
import io.asyncio4j.engine.testkit.RealLoopTest
import java.net.StandardProtocolFamily
import java.net.UnixDomainSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * The busy loop polls its selector only every [Poller.BUSY_POLL_INTERVAL] callbacks: the I/O latency bound that
 * keeps, counted in callbacks (no clock involved), and that neither I/O nor callbacks starve. Readiness comes
 * from a Unix-domain socket whose peer writes from inside a callback: the kernel queues the bytes for the reader
 * within the write() call, so "readable" has an exact place in the callback sequence.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BusyPollIntervalTest : RealLoopTest() {
    private val dir: Path = Files.createTempDirectory("asyncio4j-poll")

    @AfterEach
    fun cleanUp() {
        Files.list(dir).use { files -> files.forEach { Files.deleteIfExists(it) } }
        Files.deleteIfExists(dir)
    }

    /** A connected pair: the loop's end (non-blocking after connectAcceptedSocket) and a blocking peer. */
    private fun socketPair(): Pair<SocketChannel, SocketChannel> {
        val address = UnixDomainSocketAddress.of(dir.resolve("pair.sock"))
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).use { listener ->
            listener.bind(address)
            val peer = SocketChannel.open(address)
            return listener.accept() to peer
        }
    }

    @Test
    fun `data written while a sleep(0) task keeps the loop busy reaches dataReceived within the bound`() = run {
        val (mine, peer) = socketPair()
        var steps = 0 // callbacks run by this busy task: one per sleep(0)
        var receivedAt = -1
        val protocol = object : Protocol {
            override fun dataReceived(data: ByteArray) {
                receivedAt = steps
            }
        }
        val conn = loop.connectAcceptedSocket({ protocol }, mine).await()
        var worst = 0
        // Write at every phase of the poll count (0..interval extra steps after the previous delivery).
        for (trial in 0..Poller.BUSY_POLL_INTERVAL) {
            repeat(trial) { steps++; sleep(0.0) }
            receivedAt = -1
            peer.write(ByteBuffer.wrap(byteArrayOf(trial.toByte())))
            val writtenAt = steps
            // Without a poll while busy, the data would only arrive when this task stops: give up after 10,000.
            while (receivedAt < 0 && steps - writtenAt < 10_000) {
                steps++
                sleep(0.0)
            }
            assertTrue(receivedAt >= 0, "trial $trial: no dataReceived within 10,000 callbacks of a busy loop")
            worst = maxOf(worst, receivedAt - writtenAt)
        }
        // The bound of Poller.BUSY_POLL_INTERVAL's comment with one busy task: interval - 1 callbacks before the
        // poll, plus the one of the iteration that crossed the count, plus the one ready ahead of the reader.
        assertTrue(worst <= Poller.BUSY_POLL_INTERVAL + 1, "worst gap $worst callbacks")
        conn.transport().close()
        peer.close()
    }

    @Test
    fun `a busy loop polls once per interval, not once per iteration`() {
        val polls = intArrayOf(0)
        val counting = object : Poller {
            private val parking = ParkingPoller()
            override fun poll(timeoutNanos: Long) {
                polls[0]++
                parking.poll(timeoutNanos)
            }
            override fun wakeup() = parking.wakeup()
            override fun attach(thread: Thread?) = parking.attach(thread)
        }
        val local = EventLoop()
        try {
            local.installPoller(counting)
            val iterations = 100 * Poller.BUSY_POLL_INTERVAL
            local.runUntilComplete(local.createTask(null) { repeat(iterations) { sleep(0.0) } })
            // One poll per interval, plus a few for the task's start, its end and the stop.
            assertTrue(polls[0] in 100..110, "${polls[0]} polls for $iterations busy iterations")
        } finally {
            local.close()
        }
    }

    @Test
    fun `a socket that stays readable does not starve callbacks, nor callbacks the socket`() = run {
        val (mine, peer) = socketPair()
        mine.configureBlocking(false)
        peer.write(ByteBuffer.wrap(byteArrayOf(1))) // never read: the channel stays readable
        var readerRuns = 0
        loop.addReader(mine) { readerRuns++ }
        val steps = 10 * Poller.BUSY_POLL_INTERVAL
        repeat(steps) { sleep(0.0) }
        loop.removeReader(mine)
        // The task made all its steps (callbacks were not starved), and the reader ran at every poll.
        assertTrue(readerRuns >= steps / (Poller.BUSY_POLL_INTERVAL + 1), "reader ran $readerRuns times")
        assertTrue(readerRuns <= steps / Poller.BUSY_POLL_INTERVAL + 2, "reader ran $readerRuns times")
        assertEquals(true, loop.isRunning())
        mine.close()
        peer.close()
    }
}
