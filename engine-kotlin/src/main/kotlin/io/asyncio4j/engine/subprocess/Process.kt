package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.signals.Signals
import io.asyncio4j.engine.sync.awaitStage
import io.asyncio4j.engine.sync.doneStage
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.gatherOn
import io.asyncio4j.engine.sync.startCoroutine
import io.asyncio4j.engine.streams.StreamReader
import io.asyncio4j.engine.streams.StreamWriter
import java.io.IOException
import java.util.concurrent.CompletionStage

/**
 * asyncio.subprocess.Process: a child started by `createSubprocessExec`/`createSubprocessShell`.
 *
 * Lifecycle: RUNNING -> EXITED (the JDK reaped the child: [returncode] is known) -> FINISHED (also every piped
 * output reached EOF). `await()` (asyncio's `wait()`, renamed because java.lang.Object owns `wait`) completes at
 * FINISHED, as in CPython 3.12+, so output is never cut off.
 *
 * Return codes: asyncio reports death by signal N as -N. The JDK reports it as 128+N, the same as `exit(128+N)`;
 * we return -N when the exit code is 128+N for a signal this Process sent (sendSignal/terminate/kill), and the
 * JDK's value otherwise.
 *
 * Threads: the JDK reaps children in its own "process reaper" thread (so no zombie is left, whatever the
 * program does); each piped stream has one small daemon thread ([PipeReadTransport], [PipeWriteTransport])
 * that ends with the stream; the streams are the ordinary asyncio StreamReader/StreamWriter. The loop thread never blocks on a pipe.
 */
public class Process internal constructor(
    private val loop: EventLoop,
    private val process: java.lang.Process,
    private val stdin: StreamWriter?,
    private val stdout: StreamReader?,
    private val stderr: StreamReader?,
    private val description: String,
) {
    private enum class State { RUNNING, EXITED, FINISHED }

    // Invariants (loop thread): `state` moves RUNNING -> EXITED -> FINISHED; `returncode` is set on EXITED;
    // `openOutputs` counts piped outputs not yet at EOF; FINISHED = EXITED and openOutputs == 0, and then
    // `exitWaiters` are completed with the return code.
    private var state = State.RUNNING
    private var returncode: Int? = null
    private var openOutputs = 0
    private val exitWaiters = ArrayList<Future<Int>>()
    private var signalSent: Int? = null

    /** Called once per piped output, on the loop, after its EOF (or error) was fed to its reader. */
    internal fun outputClosed() {
        openOutputs--
        tryFinish()
    }

    internal fun start(pipedOutputs: Int) {
        openOutputs = pipedOutputs
        loop.externalWorkStarted() // a running child is outside work (a virtual clock waits for it)
        process.onExit().whenComplete { _, _ ->
            try {
                loop.callSoonThreadsafe { processExited(process.exitValue()) }
            } catch (_: IllegalStateException) {
                // loop closed
            } finally {
                loop.externalWorkFinished()
            }
        }
    }

    /** The child's process id. */
    public fun pid(): Long = process.pid()

    /** The exit status once the child has exited (negative: killed by that signal), else null. */
    public fun returncode(): Int? = returncode

    /** The child's stdin when it is a PIPE, else null. */
    public fun stdin(): StreamWriter? = stdin

    /** The child's stdout when it is a PIPE, else null. */
    public fun stdout(): StreamReader? = stdout

    /** The child's stderr when it is a PIPE, else null (STDOUT merges it into [stdout]). */
    public fun stderr(): StreamReader? = stderr

    /** Waits for the child to exit and its outputs to close; the return code (asyncio's `wait()`). */
    @JvmName("await")
    public fun waitAsync(): CompletionStage<Int> {
        if (state == State.FINISHED) return doneStage(returncode!!)
        val waiter = loop.createFuture<Int>()
        exitWaiters.add(waiter)
        return waiter
    }

    /**
     * Sends [input] (if not null) to stdin and closes it, reads stdout and stderr to EOF, and waits for the
     * child (a coroutine completing with both outputs; null for a stream that is not a PIPE). The three run
     * concurrently, so large outputs cannot deadlock against a large input. A broken stdin pipe is ignored,
     * as asyncio ignores BrokenPipeError here. Cancelling it cancels the reads and the feed; the child keeps
     * running (kill it and await it; the JDK reaps it, so no zombie remains).
     */
    @JvmName("communicate")
    public fun communicateAsync(input: ByteArray?): CompletionStage<ProcessOutput> = startCoroutine(loop) {
        val feed = loop.createTask(null) {
            feedStdin(input)
        }
        val out = loop.createTask(null) { stdout?.read()?.awaitStage() }
        val err = loop.createTask(null) { stderr?.read()?.awaitStage() }
        gatherOn(loop, listOf(feed, out, err), false).await()
        waitAsync().awaitStage()
        ProcessOutput(out.result(), err.result())
    }

    /** [communicateAsync] without input. */
    @JvmName("communicate")
    public fun communicateAsync(): CompletionStage<ProcessOutput> = communicateAsync(null)

    private suspend fun feedStdin(input: ByteArray?) {
        val pipe = stdin ?: return
        try {
            if (input != null) {
                pipe.write(input)
                pipe.drain().awaitStage()
            }
        } catch (_: IOException) {
            // communicate() ignores a broken pipe (the child exited or closed its stdin)
        }
        pipe.close()
    }

    /**
     * Sends signal [sig] ("TERM", "SIGKILL", "INT", ...) to the child; nothing if it has exited. TERM and KILL go
     * through the JDK (Process.destroy/destroyForcibly); the JDK cannot send other signals, so those run
     * `kill -s SIG pid` (asynchronously: the signal arrives a moment after this returns).
     */
    public fun sendSignal(sig: String) {
        val name = Signals.canonicalName(sig)
        val number = Signals.number(name)
        if (returncode != null || !process.isAlive) return
        signalSent = number
        when (name) {
            "TERM" -> process.destroy()
            "KILL" -> process.destroyForcibly()
            else -> ProcessBuilder("kill", "-s", name, process.pid().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start()
        }
    }

    /** SIGTERM. */
    public fun terminate(): Unit = sendSignal("TERM")

    /** SIGKILL. */
    public fun kill(): Unit = sendSignal("KILL")

    private fun processExited(exitValue: Int) {
        if (state != State.RUNNING) return
        val sent = signalSent
        returncode = if (sent != null && exitValue == 128 + sent) -sent else exitValue
        state = State.EXITED
        stdin?.close() // the child is gone: end the writer thread
        tryFinish()
    }

    private fun tryFinish() {
        if (state != State.EXITED || openOutputs > 0) return
        state = State.FINISHED
        val code = returncode!!
        for (w in exitWaiters) if (!w.done()) w.setResult(code)
        exitWaiters.clear()
    }

    override fun toString(): String = "<Process $description pid=${process.pid()} ${state.name.lowercase()}" +
        (returncode?.let { " returncode=$it" } ?: "") + ">"
}

/** What `communicate()` returns: the child's stdout and stderr (null for a stream that was not a PIPE). */
public class ProcessOutput(private val stdout: ByteArray?, private val stderr: ByteArray?) {
    public fun stdout(): ByteArray? = stdout?.copyOf()
    public fun stderr(): ByteArray? = stderr?.copyOf()
    override fun toString(): String = "ProcessOutput(stdout=${stdout?.size} bytes, stderr=${stderr?.size} bytes)"
}
