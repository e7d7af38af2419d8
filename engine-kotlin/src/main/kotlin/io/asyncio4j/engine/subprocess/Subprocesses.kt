package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.sync.failedStage
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

    /** asyncio.subprocess's create_subprocess_*: loop.subprocess_* with a SubprocessStreamProtocol, then a Process. */
    @JvmSynthetic internal fun start(loop: EventLoop, command: List<String>, options: ProcessOptions, description: String): CompletionStage<Process> {
        val protocol = SubprocessStreamProtocol(options.getLimit(), loop)
        return startTransport(loop, command, options, protocol, description)
            .thenApply { Process(loop, it, protocol, description) }
    }

    /**
     * asyncio's _make_subprocess_transport: starts the child (at once, so a program that cannot be started fails
     * the stage with the IOException: asyncio's FileNotFoundError / PermissionError) and completes once its pipes
     * are connected and [protocol]'s connectionMade is scheduled.
     */
    @JvmSynthetic internal fun startTransport(
        loop: EventLoop,
        command: List<String>,
        options: ProcessOptions,
        protocol: io.asyncio4j.engine.net.SubprocessProtocol,
        description: String,
    ): CompletionStage<BaseSubprocessTransport> {
        loop.checkThread("subprocessExec")
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
        val transport = BaseSubprocessTransport(loop, protocol, child, options.getStdin() == Stdio.PIPE,
            options.getStdout() == Stdio.PIPE, options.getStderr() == Stdio.PIPE, description)
        return transport.start().thenApply { transport }
    }

    private fun redirectFor(stdio: Stdio): ProcessBuilder.Redirect = when (stdio) {
        Stdio.PIPE -> ProcessBuilder.Redirect.PIPE
        Stdio.DEVNULL -> ProcessBuilder.Redirect.DISCARD
        else -> ProcessBuilder.Redirect.INHERIT
    }
}
