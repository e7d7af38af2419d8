package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.SubprocessProtocol
import io.asyncio4j.engine.net.SubprocessTransport
import io.asyncio4j.engine.net.Transport
import io.asyncio4j.engine.streams.StreamReader
import io.asyncio4j.engine.streams.StreamReaderProtocol
import io.asyncio4j.engine.streams.StreamWriter

/**
 * asyncio.subprocess.SubprocessStreamProtocol: what `createSubprocessExec/Shell` give `loop.subprocessExec`.
 * On connectionMade it makes a StreamReader per piped output (its transport the pipe's, so a full reader
 * pauses the pipe) and a StreamWriter on stdin; pipe data and EOF go to the readers. Once the child exited
 * and both outputs are at EOF it closes the transport, which closes stdin and lets connectionLost (and so
 * `Process.await()`) come. [stdinFlow] is the stdin writer's FlowControlMixin (drain, waitClosed).
 */
internal class SubprocessStreamProtocol(private val limit: Int, private val loop: EventLoop) : SubprocessProtocol {
    @get:JvmSynthetic var stdin: StreamWriter? = null
        private set
    @get:JvmSynthetic var stdout: StreamReader? = null
        private set
    @get:JvmSynthetic var stderr: StreamReader? = null
        private set
    private var stdinFlow: StreamReaderProtocol? = null
    private var transport: SubprocessTransport? = null
    private var processExited = false
    private val pipeFds = ArrayList<Int>(2)

    override fun connectionMade(transport: SubprocessTransport) {
        this.transport = transport
        (transport.getPipeTransport(1) as Transport?)?.let { t ->
            stdout = StreamReader(limit, loop).also { it.setTransport(t) }
            pipeFds.add(1)
        }
        (transport.getPipeTransport(2) as Transport?)?.let { t ->
            stderr = StreamReader(limit, loop).also { it.setTransport(t) }
            pipeFds.add(2)
        }
        (transport.getPipeTransport(0) as Transport?)?.let { t ->
            val flow = StreamReaderProtocol(StreamReader(limit, loop), null, loop)
            flow.connectionMade(t)
            stdinFlow = flow
            stdin = StreamWriter(t, flow, null, loop)
        }
    }

    override fun pipeDataReceived(fd: Int, data: ByteArray) {
        val reader = when (fd) {
            1 -> stdout
            2 -> stderr
            else -> null
        }
        reader?.feedData(data)
    }

    override fun pipeConnectionLost(fd: Int, exc: Throwable?) {
        if (fd == 0) {
            stdin?.close()
            stdinFlow?.connectionLost(exc)
            return
        }
        val reader = if (fd == 1) stdout else if (fd == 2) stderr else null
        if (reader != null) {
            if (exc == null) reader.feedEof() else reader.setException(exc)
        }
        pipeFds.remove(fd)
        maybeCloseTransport()
    }

    override fun processExited() {
        processExited = true
        maybeCloseTransport()
    }

    override fun pauseWriting() {
        stdinFlow?.pauseWriting()
    }

    override fun resumeWriting() {
        stdinFlow?.resumeWriting()
    }

    private fun maybeCloseTransport() {
        if (pipeFds.isEmpty() && processExited) {
            transport?.close()
            transport = null
        }
    }
}
