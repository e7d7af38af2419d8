package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.sync.doneStage
import io.asyncio4j.engine.sync.failedStage
import io.asyncio4j.engine.streams.StreamReader
import io.asyncio4j.engine.streams.StreamReaderProtocol
import io.asyncio4j.engine.streams.StreamWriter
import java.io.File
import java.io.IOException
import java.util.concurrent.CompletionStage

/**
 * asyncio.create_subprocess_exec / create_subprocess_shell on the running loop. Starting the child (fork/exec)
 * happens at once, as in asyncio; a program that cannot be started fails the returned stage with the
 * IOException (asyncio: FileNotFoundError / PermissionError).
 */
public object Subprocesses {
    /** Runs [program] with [args] (no shell); streams as [options] say. */
    @JvmStatic
    public fun createSubprocessExec(options: ProcessOptions, program: String, vararg args: String): CompletionStage<Process> {
        requireNotNull(program) { "program must not be null" }
        return start(Events.getRunningLoop(), listOf(program, *args), options, program)
    }

    /** Runs [program] with [args], every stream inherited. */
    @JvmStatic
    public fun createSubprocessExec(program: String, vararg args: String): CompletionStage<Process> =
        createSubprocessExec(ProcessOptions(), program, *args)

    /** Runs [cmd] with `/bin/sh -c`. */
    @JvmStatic
    @JvmOverloads
    public fun createSubprocessShell(cmd: String, options: ProcessOptions = ProcessOptions()): CompletionStage<Process> {
        requireNotNull(cmd) { "cmd must not be null" }
        return start(Events.getRunningLoop(), listOf("/bin/sh", "-c", cmd), options, "'$cmd'")
    }

    @JvmSynthetic internal fun start(loop: EventLoop, command: List<String>, options: ProcessOptions, description: String): CompletionStage<Process> {
        loop.checkThread("createSubprocess")
        loop.checkClosed()
        val builder = ProcessBuilder(command)
        options.getCwd()?.let { builder.directory(it.toFile()) }
        options.getEnv()?.let { env ->
            builder.environment().clear()
            builder.environment().putAll(env)
        }
        builder.redirectInput(
            when (options.getStdin()) {
                Stdio.PIPE -> ProcessBuilder.Redirect.PIPE
                Stdio.DEVNULL -> ProcessBuilder.Redirect.from(File("/dev/null"))
                else -> ProcessBuilder.Redirect.INHERIT
            },
        )
        builder.redirectOutput(redirectFor(options.getStdout()))
        if (options.getStderr() == Stdio.STDOUT) {
            builder.redirectErrorStream(true)
        } else {
            builder.redirectError(redirectFor(options.getStderr()))
        }
        val child = try {
            builder.start()
        } catch (e: IOException) {
            return failedStage(e)
        }
        val pid = child.pid()
        var writer: StreamWriter? = null
        var writeTransport: PipeWriteTransport? = null
        if (options.getStdin() == Stdio.PIPE) {
            // asyncio: StreamWriter(stdin_transport, protocol, reader=None, loop); the protocol gives drain().
            val t = PipeWriteTransport(loop, child.outputStream, "asyncio4j-pipe-$pid-stdin")
            val protocol = StreamReaderProtocol(StreamReader(options.getLimit(), loop), null, loop)
            t.setProtocol(protocol)
            protocol.connectionMade(t)
            writer = StreamWriter(t, protocol, null, loop)
            writeTransport = t
        }
        val stdout = if (options.getStdout() == Stdio.PIPE) StreamReader(options.getLimit(), loop) else null
        val stderr = if (options.getStderr() == Stdio.PIPE) StreamReader(options.getLimit(), loop) else null
        val process = Process(loop, child, writer, stdout, stderr, description)
        process.start(listOfNotNull(stdout, stderr).size)
        writeTransport?.start()
        stdout?.let { startReading(loop, child.inputStream, it, process, "asyncio4j-pipe-$pid-stdout") }
        stderr?.let { startReading(loop, child.errorStream, it, process, "asyncio4j-pipe-$pid-stderr") }
        return doneStage(process)
    }

    private fun startReading(loop: EventLoop, input: java.io.InputStream, reader: StreamReader, process: Process, name: String) {
        val transport = PipeReadTransport(loop, input, reader, Runnable { process.outputClosed() }, name)
        reader.setTransport(transport)
        transport.start()
    }

    private fun redirectFor(stdio: Stdio): ProcessBuilder.Redirect = when (stdio) {
        Stdio.PIPE -> ProcessBuilder.Redirect.PIPE
        Stdio.DEVNULL -> ProcessBuilder.Redirect.DISCARD
        else -> ProcessBuilder.Redirect.INHERIT
    }
}
