package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.future.await
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.sync.awaitStage
import io.asyncio4j.engine.task.createTask
import io.asyncio4j.engine.task.gatherOn
import io.asyncio4j.engine.sync.startCoroutine
import io.asyncio4j.engine.streams.StreamReader
import io.asyncio4j.engine.streams.StreamWriter
import java.io.IOException
import java.util.concurrent.CompletionStage

/**
 * asyncio.subprocess.Process: a child started by `createSubprocessExec`/`createSubprocessShell`, over the same
 * subprocess transport as `loop.subprocessExec` ([BaseSubprocessTransport], with asyncio's
 * SubprocessStreamProtocol).
 *
 * `await()` (asyncio's `wait()`, renamed because java.lang.Object owns `wait`) completes once the child exited
 * AND every piped output reached EOF (the transport's connectionLost), as in CPython 3.12+, so output is never
 * cut off. Return codes: negative for death by a signal this Process sent (see [BaseSubprocessTransport]).
 *
 * Threads: the JDK reaps children in its own "process reaper" thread (so no zombie is left, whatever the
 * program does); each piped stream has one small daemon thread ([PipeReadTransport], [PipeWriteTransport])
 * that ends with the stream; the streams are the ordinary asyncio StreamReader/StreamWriter. The loop thread
 * never blocks on a pipe.
 */
public class Process internal constructor(
    private val loop: EventLoop,
    private val transport: BaseSubprocessTransport,
    private val protocol: SubprocessStreamProtocol,
    private val description: String,
) {
    /** The child's process id. */
    public fun pid(): Long = transport.getPid()

    /** The exit status once the child has exited (negative: killed by that signal), else null. */
    public fun returncode(): Int? = transport.getReturncode()

    /** The child's stdin when it is a PIPE, else null. */
    public fun stdin(): StreamWriter? = protocol.stdin

    /** The child's stdout when it is a PIPE, else null. */
    public fun stdout(): StreamReader? = protocol.stdout

    /** The child's stderr when it is a PIPE, else null (STDOUT merges it into [stdout]). */
    public fun stderr(): StreamReader? = protocol.stderr

    /** Waits for the child to exit and its outputs to close; the return code (asyncio's `wait()`). */
    @JvmName("await")
    public fun waitAsync(): CompletionStage<Int> = transport.waitAsync()

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
        val out = loop.createTask(null) { stdout()?.read()?.awaitStage() }
        val err = loop.createTask(null) { stderr()?.read()?.awaitStage() }
        gatherOn(loop, listOf(feed, out, err), false).await()
        waitAsync().awaitStage()
        ProcessOutput(out.result(), err.result())
    }

    /** [communicateAsync] without input. */
    @JvmName("communicate")
    public fun communicateAsync(): CompletionStage<ProcessOutput> = communicateAsync(null)

    private suspend fun feedStdin(input: ByteArray?) {
        val pipe = stdin() ?: return
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
     * Sends signal [sig] ("TERM", "SIGKILL", "INT", ...) to the child; nothing if it has exited but `await()`
     * has not completed yet; [ProcessLookupError] once it has (asyncio's ProcessLookupError). TERM and KILL go
     * through the JDK (Process.destroy/destroyForcibly); other signals run `kill -s SIG pid` (asynchronously:
     * the signal arrives a moment after this returns).
     */
    public fun sendSignal(sig: String): Unit = transport.sendSignal(sig)

    /** SIGTERM. */
    public fun terminate(): Unit = transport.terminate()

    /** SIGKILL. */
    public fun kill(): Unit = transport.kill()

    override fun toString(): String = "<Process $description pid=${pid()}" +
        (returncode()?.let { " returncode=$it" } ?: " running") + ">"
}

/** What `communicate()` returns: the child's stdout and stderr (null for a stream that was not a PIPE). */
public class ProcessOutput(private val stdout: ByteArray?, private val stderr: ByteArray?) {
    /** The child's stdout as a copy, or null if it was not a PIPE. */
    public fun stdout(): ByteArray? = stdout?.copyOf()
    /** The child's stderr as a copy, or null if it was not a PIPE (or merged into stdout). */
    public fun stderr(): ByteArray? = stderr?.copyOf()
    override fun toString(): String = "ProcessOutput(stdout=${stdout?.size} bytes, stderr=${stderr?.size} bytes)"
}
