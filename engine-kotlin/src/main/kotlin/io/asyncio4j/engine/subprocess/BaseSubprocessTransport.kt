package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.BaseProtocol
import io.asyncio4j.engine.net.BaseTransport
import io.asyncio4j.engine.net.Protocol
import io.asyncio4j.engine.net.SubprocessProtocol
import io.asyncio4j.engine.net.SubprocessTransport
import io.asyncio4j.engine.net.Transport
import io.asyncio4j.engine.signals.Signals
import io.asyncio4j.engine.sync.doneStage
import java.util.concurrent.CompletionStage

/**
 * asyncio's base_subprocess.BaseSubprocessTransport over a JDK child: the one machinery under both
 * `loop.subprocessExec/subprocessShell` (a user [SubprocessProtocol]) and `createSubprocessExec/Shell` (the
 * streams' [SubprocessStreamProtocol]). Each piped stream is a pipe transport ([PipeWriteTransport] for fd 0,
 * [PipeReadTransport] for fds 1 and 2) whose protocol is a [PipeProto] forwarding to this transport, as
 * base_subprocess's Read/WriteSubprocessPipeProto do.
 *
 * Order (base_subprocess.py, kept exactly): the pipes connect first; then `connectionMade` is scheduled and
 * the calls that arrived meanwhile ([pendingCalls]) follow it in order; every protocol call goes through
 * [call] (a callSoon), so `pipeDataReceived`/`pipeConnectionLost`/`processExited` keep their arrival order;
 * when the child has exited AND every pipe is disconnected, `connectionLost(null)` is scheduled last and then
 * the [waitAsync] waiters complete with the return code.
 *
 * Return codes: asyncio reports death by signal N as -N. The JDK reports it as 128+N, the same as
 * `exit(128+N)`; we return -N when the exit code is 128+N for a signal this transport sent, the JDK's value
 * otherwise. The child's stdin has no "reader trick" (the JDK gives no selectable channel): its pipe is
 * disconnected when the child exits (BrokenPipe if bytes were still queued), or at the first failed write.
 */
internal class BaseSubprocessTransport(
    private val loop: EventLoop,
    private var protocol: SubprocessProtocol,
    private val child: java.lang.Process,
    stdin: Boolean,
    stdout: Boolean,
    stderr: Boolean,
    private val description: String,
) : SubprocessTransport {
    // Invariants (loop thread): `pendingCalls` is non-null until connectionMade was scheduled, and collects the
    // protocol calls made before; `pipes` has a key per piped fd (its proto, whose `pipe` is set once connected);
    // `returncode` is set once, on exit; `finished` once connectionLost was scheduled (exit + all pipes lost);
    // `gone` once connectionLost ran (asyncio's _proc = None): signals then raise ProcessLookupError.
    private var closed = false
    private var returncode: Int? = null
    private var exitWaiters: ArrayList<Future<Int>>? = ArrayList()
    private var pendingCalls: ArrayList<Runnable>? = ArrayList()
    private val pipes = LinkedHashMap<Int, PipeProto>()
    private var finished = false
    private var gone = false
    private var signalSent: Int? = null
    private val pid = child.pid()

    init {
        if (stdin) pipes[0] = PipeProto(0)
        if (stdout) pipes[1] = PipeProto(1)
        if (stderr) pipes[2] = PipeProto(2)
    }

    /**
     * asyncio's _connect_pipes: connects the pipes (each pipe transport makes its connection on the next
     * iteration), then schedules connectionMade and the pending calls; the returned stage completes after that,
     * when loop.subprocess_exec returns.
     */
    @JvmSynthetic fun start(): CompletionStage<Void?> {
        val waiter = loop.createFuture<Void?>()
        val name = "asyncio4j-pipe-$pid"
        pipes[0]?.let { PipeWriteTransport(loop, child.outputStream, it, "$name-stdin").start() }
        pipes[1]?.let { PipeReadTransport(loop, child.inputStream, it, "$name-stdout").start() }
        pipes[2]?.let { PipeReadTransport(loop, child.errorStream, it, "$name-stderr").start() }
        loop.externalWorkStarted() // a running child is outside work (a virtual clock waits for it)
        child.onExit().whenComplete { _, _ ->
            try {
                loop.callSoonThreadsafe { processExited(child.exitValue()) }
            } catch (_: IllegalStateException) {
                // the loop is closed
            } finally {
                loop.externalWorkFinished() // after the exit was posted
            }
        }
        // The pipe transports scheduled their connectionMade (our PipeProto) first: this runs after them.
        loop.callSoon {
            val p = protocol
            loop.callSoon { p.connectionMade(this) }
            for (c in pendingCalls!!) loop.callSoon(c)
            pendingCalls = null
            if (!waiter.cancelled()) waiter.setResult(null)
        }
        return waiter
    }

    override fun getPid(): Long = pid

    override fun getReturncode(): Int? = returncode

    override fun getPipeTransport(fd: Int): BaseTransport? = pipes[fd]?.pipe

    override fun getExtraInfo(name: String, default: Any?): Any? = if (name == "subprocess") child else default

    override fun isClosing(): Boolean = closed

    /** Closes the pipes and kills the child if it is still running (asyncio's close). Idempotent. */
    override fun close() {
        if (closed) return
        closed = true
        for (p in pipes.values) p.pipe?.close()
        if (returncode == null && child.isAlive) {
            signalSent = 9
            child.destroyForcibly()
        }
    }

    override fun setProtocol(protocol: BaseProtocol) {
        this.protocol = protocol as? SubprocessProtocol
            ?: throw IllegalArgumentException("a subprocess transport needs a SubprocessProtocol: $protocol")
    }

    override fun getProtocol(): BaseProtocol = protocol

    override fun sendSignal(sig: String) {
        val name = Signals.canonicalName(sig)
        signal(name, Signals.number(name))
    }

    override fun sendSignal(sig: Int) {
        signal(Signals.nameOf(sig), sig)
    }

    override fun terminate(): Unit = sendSignal("TERM")

    override fun kill(): Unit = sendSignal("KILL")

    /**
     * asyncio: _check_proc() (ProcessLookupError once finished), then os.kill, ignoring a child that already
     * exited. TERM and KILL go through the JDK (destroy/destroyForcibly); the JDK cannot send other signals, so
     * those run `kill -s SIG pid` (asynchronously: the signal arrives a moment after this returns).
     */
    private fun signal(name: String, number: Int) {
        loop.checkThread("sendSignal")
        if (gone) throw ProcessLookupError("process $pid has exited and its transport is finished")
        if (returncode != null || !child.isAlive) return
        signalSent = number
        when (name) {
            "TERM" -> child.destroy()
            "KILL" -> child.destroyForcibly()
            else -> ProcessBuilder("kill", "-s", name, pid.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start()
        }
    }

    /** asyncio's _wait(): the return code, once connectionLost has run. */
    @JvmSynthetic fun waitAsync(): CompletionStage<Int> {
        val waiters = exitWaiters ?: return doneStage(returncode!!)
        val w = loop.createFuture<Int>()
        waiters.add(w)
        return w
    }

    private fun call(cb: Runnable) {
        val pending = pendingCalls
        if (pending != null) pending.add(cb) else loop.callSoon(cb)
    }

    private fun pipeConnectionLost(fd: Int, exc: Throwable?) {
        val p = protocol
        call { p.pipeConnectionLost(fd, exc) }
        tryFinish()
    }

    private fun pipeDataReceived(fd: Int, data: ByteArray) {
        val p = protocol
        call { p.pipeDataReceived(fd, data) }
    }

    private fun processExited(exitValue: Int) {
        if (returncode != null) return
        val sent = signalSent
        returncode = if (sent != null && exitValue == 128 + sent) -sent else exitValue
        // No reader trick on the JDK's stdin stream: the child is gone, so is the reading end of its stdin.
        (pipes[0]?.pipe as? PipeWriteTransport)?.peerClosed()
        val p = protocol
        call { p.processExited() }
        tryFinish()
    }

    private fun tryFinish() {
        check(!finished) { "subprocess transport already finished" }
        if (returncode == null) return
        if (pipes.values.all { it.pipe != null && it.disconnected }) {
            finished = true
            call(::callConnectionLost)
        }
    }

    private fun callConnectionLost() {
        try {
            protocol.connectionLost(null)
        } finally {
            val code = returncode!!
            for (w in exitWaiters!!) if (!w.cancelled()) w.setResult(code)
            exitWaiters = null
            gone = true
        }
    }

    override fun toString(): String {
        val info = StringBuilder("<SubprocessTransport")
        if (closed) info.append(" closed")
        info.append(" pid=").append(pid)
        info.append(returncode?.let { " returncode=$it" } ?: " running")
        for ((fd, p) in pipes) info.append(' ').append(STREAM_NAMES[fd]).append('=').append(p.pipe)
        return info.append(" $description>").toString()
    }

    /** base_subprocess's WriteSubprocessPipeProto / ReadSubprocessPipeProto for pipe [fd]. */
    private inner class PipeProto(val fd: Int) : Protocol {
        var pipe: Transport? = null
        var disconnected = false

        override fun connectionMade(transport: Transport) {
            pipe = transport
        }

        override fun dataReceived(data: ByteArray) {
            pipeDataReceived(fd, data)
        }

        override fun connectionLost(exc: Throwable?) {
            disconnected = true
            pipeConnectionLost(fd, exc)
        }

        override fun pauseWriting() {
            protocol.pauseWriting()
        }

        override fun resumeWriting() {
            protocol.resumeWriting()
        }

        override fun toString(): String = "<PipeProto fd=$fd pipe=$pipe>"
    }

    private companion object {
        val STREAM_NAMES = arrayOf("stdin", "stdout", "stderr")
    }
}
