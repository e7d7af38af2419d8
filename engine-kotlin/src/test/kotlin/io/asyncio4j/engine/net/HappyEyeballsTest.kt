package io.asyncio4j.engine.net

import io.asyncio4j.engine.exceptions.ExceptionGroup
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.testkit.RealLoopTest
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.StandardProtocolFamily
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * create_connection's happy_eyeballs_delay / interleave / all_errors (asyncio 3.12), against local listeners on
 * 127.0.0.1 and ::1 (where the machine has it), with refusing ports and a listener whose accept queue is full
 * (its SYNs are dropped: a connection attempt that neither succeeds nor fails).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HappyEyeballsTest : RealLoopTest() {
    private val v4 = InetAddress.getByName("127.0.0.1")
    private val v6 = InetAddress.getByName("::1")

    private fun hasIpv6(): Boolean = try {
        ServerSocketChannel.open(StandardProtocolFamily.INET6).use { it.bind(InetSocketAddress(v6, 0)) }
        true
    } catch (e: Exception) {
        false
    }

    /** A port nothing listens on (bound once, then closed). */
    private fun refusing(addr: InetAddress): InetSocketAddress {
        val family = if (addr == v6) StandardProtocolFamily.INET6 else StandardProtocolFamily.INET
        ServerSocketChannel.open(family).use { it.bind(InetSocketAddress(addr, 0)); return it.localAddress as InetSocketAddress }
    }

    @Test
    fun `interleave alternates families as base_events does`() {
        val a6 = InetSocketAddress(v6, 1); val b6 = InetSocketAddress(v6, 2)
        val a4 = InetSocketAddress(v4, 3); val b4 = InetSocketAddress(v4, 4); val c4 = InetSocketAddress(v4, 5)
        val resolved = listOf(a6, b6, a4, b4, c4)
        assertEquals(listOf(a6, a4, b6, b4, c4), HappyEyeballs.interleave(resolved, 1))
        assertEquals(listOf(a6, b6, a4, b4, c4), HappyEyeballs.interleave(resolved, 2))
        assertEquals(listOf(a4, a6, b4, b6, c4), HappyEyeballs.interleave(listOf(a4, b4, a6, c4, b6), 1))
    }

    @Test
    fun `a refused address starts the next attempt at once, not after the delay`() = run {
        ServerSocketChannel.open().use { listener ->
            listener.bind(InetSocketAddress(v4, 0))
            val first = if (hasIpv6()) refusing(v6) else refusing(v4)
            // A one-hour delay: only the first attempt's failure can start the second within the test's time.
            val ch = HappyEyeballs.race(loop, listOf(first, listener.localAddress as InetSocketAddress), 3600.0, null, false).await()
            assertEquals(listener.localAddress, ch.remoteAddress)
            ch.close()
        }
    }

    @Test
    fun `a hanging attempt is overtaken after the delay and then cancelled`() = run {
        ServerSocketChannel.open().use { full ->
            full.bind(InetSocketAddress(v4, 0), 1)
            // Fill the accept queue (never accepted): further SYNs are dropped, so a connect neither ends nor fails.
            val fillers = ArrayList<SocketChannel>()
            repeat(8) { fillers.add(SocketChannel.open().apply { configureBlocking(false); connect(full.localAddress) }) }
            ServerSocketChannel.open().use { good ->
                good.bind(InetSocketAddress(v4, 0))
                val ch = HappyEyeballs.race(loop, listOf(full.localAddress as InetSocketAddress,
                    good.localAddress as InetSocketAddress), 0.2, null, false).await()
                assertEquals(good.localAddress, ch.remoteAddress, "the second address won")
                ch.close()
            }
            fillers.forEach { it.close() }
        }
    }

    @Test
    fun `all attempts failing give the one error, Multiple exceptions, or with all_errors an ExceptionGroup`() = run {
        val a = refusing(v4)
        val b = if (hasIpv6()) refusing(v6) else refusing(v4)
        val group = runCatching { HappyEyeballs.race(loop, listOf(a, b), 0.05, null, true).await() }.exceptionOrNull()
        assertInstanceOf(ExceptionGroup::class.java, group)
        assertEquals("create_connection failed (2 sub-exceptions)", group!!.message)
        assertEquals(2, (group as ExceptionGroup).exceptions().size)
        val multiple = runCatching { HappyEyeballs.race(loop, listOf(a, b), 0.05, null, false).await() }.exceptionOrNull()
        assertInstanceOf(IOException::class.java, multiple)
        assertTrue(multiple!!.message!!.startsWith("Multiple exceptions: "), multiple.message)

        // Through createConnection and its options: one address, all_errors -> a group of one.
        val one = runCatching {
            loop.createConnection({ object : Protocol {} }, "127.0.0.1", a.port,
                ConnectionOptions().happyEyeballsDelay(0.25).allErrors(true)).await()
        }.exceptionOrNull()
        assertInstanceOf(ExceptionGroup::class.java, Futures.unwrap(one!!))
        assertEquals(1, (Futures.unwrap(one) as ExceptionGroup).exceptions().size)
        val iae = assertThrows(IllegalArgumentException::class.java) { ConnectionOptions().happyEyeballsDelay(-1.0) }
        assertEquals("happy_eyeballs_delay must be finite and >= 0: -1.0", iae.message)
    }
}
