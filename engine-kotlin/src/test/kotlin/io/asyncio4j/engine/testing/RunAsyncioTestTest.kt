package io.asyncio4j.engine.testing

import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.net.Protocol
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.sleep
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** runAsyncioTest { } as users write it, and each leak it must report (named) when a test leaves one. */
class RunAsyncioTestTest {
    @Test
    fun virtualTimeByDefaultAndOrdering() = runAsyncioTest {
        expect(1)
        loop.callSoon { expect(2) }
        sleep(3600.0)
        assertEquals(3600.0, loop.time())
        finish(3)
    }

    /** The README's Kotlin example, verbatim. */
    @Test fun saysHello() = runAsyncioTest {
        expect(1)
        val t = createTask { sleep(1.0); "hello" }
        assertEquals("hello", t.await())
        finish(2)
    }

    @Test
    fun realTimeOptOut() = runAsyncioTest(realTime = true) {
        val start = System.nanoTime()
        sleep(0.01)
        assertTrue(System.nanoTime() - start >= 10_000_000L)
    }

    @Test
    fun pendingTaskIsNamed() {
        val e = assertThrows(AssertionError::class.java) {
            runAsyncioTest { createTask(name = "forgotten") { sleep(10.0) } }
        }
        assertTrue(e.message!!.contains("1 task(s) left pending") && e.message!!.contains("name='forgotten'"), e.message)
    }

    @Test
    fun unretrievedExceptionIsNamed() {
        val e = assertThrows(AssertionError::class.java) {
            runAsyncioTest {
                val f = loop.createFuture<Int>()
                f.setException(IllegalStateException("lost"))
            }
        }
        assertTrue(e.message!!.contains("Future exception was never retrieved") && e.message!!.contains("lost"), e.message)
    }

    @Test
    fun retrievedExceptionPasses() = runAsyncioTest {
        val f = loop.createFuture<Int>()
        f.setException(IllegalStateException("seen"))
        assertEquals("seen", runCatching { f.await() }.exceptionOrNull()?.message)
    }

    @Test
    fun openTransportIsNamed() {
        val e = assertThrows(AssertionError::class.java) {
            runAsyncioTest(realTime = true) {
                val server = loop.createServer({ object : Protocol {} }, "127.0.0.1", 0).await()
                assertTrue(server.isServing())
            }
        }
        assertTrue(e.message!!.contains("transport(s)/socket(s) left open") && e.message!!.contains("server socket /127.0.0.1:"), e.message)
    }

    @Test
    fun openClientTransportIsNamedAndAClosedOnePasses() {
        val e = assertThrows(AssertionError::class.java) {
            runAsyncioTest(realTime = true) {
                val server = loop.createServer({ object : Protocol {} }, "127.0.0.1", 0).await()
                val port = server.sockets()[0].socket().localPort
                loop.createConnection({ object : Protocol {} }, "127.0.0.1", port).await()
                server.close() // the listening socket closes; both ends of the connection are left open
                sleep(0.0)
            }
        }
        assertTrue(e.message!!.startsWith("2 transport(s)/socket(s) left open on the loop:"), e.message)
        assertTrue(e.message!!.contains("socket /127.0.0.1:") && e.message!!.contains(" -> /127.0.0.1:"), e.message)

        runAsyncioTest(realTime = true) {
            val server = loop.createServer({ object : Protocol {} }, "127.0.0.1", 0).await()
            val port = server.sockets()[0].socket().localPort
            val client = loop.createConnection({ object : Protocol {} }, "127.0.0.1", port).await()
            client.transport().close()
            server.close()
            server.closeClients()
            server.waitClosed().await()
        }
    }

    @Test
    fun unfinishedOrderingAndBlockFailure() {
        val e = assertThrows(AssertionError::class.java) { runAsyncioTest { expect(1) } }
        assertEquals("Expecting that 'finish(2)' was invoked, but it was not", e.message)
        val boom = assertThrows(IllegalArgumentException::class.java) {
            runAsyncioTest {
                createTask(name = "orphan") { sleep(5.0) }
                throw IllegalArgumentException("boom")
            }
        }
        assertTrue(boom.suppressed.any { it.message!!.contains("name='orphan'") }, boom.suppressed.toList().toString())
        assertEquals(null, Events.getRunningLoopOrNull())
    }
}
