package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.testkit.RealLoopTest
import java.net.InetSocketAddress
import java.net.UnknownHostException
import java.util.Collections
import java.util.concurrent.Executor
import java.util.concurrent.Executors
import java.util.function.Supplier
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * Names resolve off the loop thread, in the default executor, as asyncio's getaddrinfo/getnameinfo do; IP
 * literals need no lookup. A recording executor tells which calls went through it and on which thread. Unknown
 * names use the reserved .invalid TLD, so no query can reach a real name server with an answer.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResolutionTest : RealLoopTest() {
    private val pool = Executors.newSingleThreadExecutor { r -> Thread(r, "resolver-test").apply { isDaemon = true } }
    private val ranOn: MutableList<String> = Collections.synchronizedList(ArrayList())
    private val recording = Executor { task ->
        pool.execute {
            ranOn.add(Thread.currentThread().name)
            task.run()
        }
    }

    @AfterEach
    fun stopPool() {
        pool.shutdownNow()
    }

    @Test
    fun `getaddrinfo and getnameinfo run in the default executor and complete on the loop thread`() = run {
        loop.setDefaultExecutor(recording)
        val loopThread = Thread.currentThread()
        val addrs = loop.getaddrinfo("localhost", 8080).await()
        assertEquals(loopThread, Thread.currentThread())
        assertEquals(listOf("resolver-test"), ranOn)
        assertTrue(addrs.isNotEmpty() && addrs.all { it.port == 8080 && it.address.isLoopbackAddress }, "$addrs")
        val names = loop.getnameinfo(InetSocketAddress("127.0.0.1", 8080)).await()
        assertEquals(loopThread, Thread.currentThread())
        assertEquals(2, ranOn.size)
        assertEquals(2, names.size)
        assertTrue(names[0].isNotEmpty())
        assertEquals("8080", names[1])
    }

    @Test
    fun `createConnection resolves a name in the executor, an IP literal without it`() = run {
        val server = loop.createServer(Supplier { object : Protocol {} }, "127.0.0.1", 0).await()
        val port = (server.sockets()[0].localAddress as InetSocketAddress).port
        loop.setDefaultExecutor(recording)
        val byLiteral = loop.createConnection({ RecordingProtocol() }, "127.0.0.1", port).await()
        assertTrue(ranOn.isEmpty(), "an IP literal must not be looked up: $ranOn")
        val byName = loop.createConnection({ RecordingProtocol() }, "localhost", port).await()
        assertEquals(listOf("resolver-test"), ranOn)
        for (c in listOf(byLiteral, byName)) c.transport().close()
        server.close()
        server.waitClosed().await()
    }

    @Test
    fun `an unknown host fails with UnknownHostException naming it, from the executor`() = run {
        loop.setDefaultExecutor(recording)
        val e = runCatching { loop.createConnection({ RecordingProtocol() }, "no-such-host.invalid", 80).await() }
            .exceptionOrNull()
        assertTrue(e is UnknownHostException, "$e")
        assertTrue(e!!.message!!.contains("no-such-host.invalid"), e.message)
        assertEquals(listOf("resolver-test"), ranOn)
        val s = runCatching { loop.createServer(Supplier { object : Protocol {} }, "no-such-host.invalid", 0).await() }
            .exceptionOrNull()
        assertTrue(s is UnknownHostException, "$s")
        assertFalse(loop.isClosed())
    }
}
