package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.Protocol
import io.asyncio4j.engine.net.SubprocessProtocol
import io.asyncio4j.engine.net.SubprocessTransport
import io.asyncio4j.engine.net.Transport
import io.asyncio4j.engine.net.WriteTransport
import io.asyncio4j.engine.streams.await
import io.asyncio4j.engine.task.coroutine
import io.asyncio4j.engine.sync.withBarrier
import io.asyncio4j.engine.future.await
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.io.ByteArrayOutputStream

/** Kotlin reaches loop.subprocessExec and connectReadPipe with the same members, awaiting their stages. */
class KotlinSubprocessProtocolTest {
    @Test
    fun subprocessExecAndReadPipeFromKotlin() {
        val loop = EventLoop()
        try {
            val result = loop.runUntilComplete(coroutine {
                val log = ArrayList<String>()
                val done = loop.createFuture<Unit>()
                val (transport, _) = loop.subprocessExec({
                    object : SubprocessProtocol {
                        override fun connectionMade(transport: SubprocessTransport) { log += "made" }
                        override fun pipeDataReceived(fd: Int, data: ByteArray) { log += "data $fd ${String(data)}" }
                        override fun processExited() { log += "exited" }
                        override fun connectionLost(exc: Throwable?) { log += "lost"; done.setResult(Unit) }
                    }
                }, ProcessOptions().stdin(Stdio.PIPE).stdout(Stdio.PIPE), "cat").await().let { it.transport() to it.protocol() }
                (transport.getPipeTransport(0) as WriteTransport).apply { write("kt".toByteArray()); close() }
                done.await()
                // The child's stdout through connectReadPipe: a plain stream.
                val child = ProcessBuilder("printf", "via-pipe").start()
                val got = ByteArrayOutputStream()
                val eof = loop.createFuture<Unit>()
                loop.connectReadPipe({
                    object : Protocol {
                        override fun dataReceived(data: ByteArray) { got.writeBytes(data) }
                        override fun connectionLost(exc: Throwable?) { eof.setResult(Unit) }
                    }
                }, child.inputStream).await()
                eof.await()
                listOf(log.first(), log.last(), log.filter { it.startsWith("data") }.joinToString(""), got.toString())
            })
            assertEquals(listOf("made", "lost", "data 1 kt", "via-pipe"), result)
        } finally {
            loop.close()
        }
    }

    @Test
    fun withBarrierIsTheAsyncWithForm() {
        val loop = EventLoop(io.asyncio4j.engine.loop.Clock.virtual())
        try {
            val indexes = loop.runUntilComplete(coroutine {
                val barrier = io.asyncio4j.engine.sync.Barrier(2)
                val a = io.asyncio4j.engine.task.createTask { barrier.withBarrier { index -> index } }
                val b = io.asyncio4j.engine.task.createTask {
                    io.asyncio4j.engine.task.sleep(1.0)
                    barrier.withBarrier { index -> index }
                }
                setOf(a.await(), b.await())
            })
            assertEquals(setOf(0, 1), indexes, "each party gets its own index")
        } finally {
            loop.close()
        }
    }
}
