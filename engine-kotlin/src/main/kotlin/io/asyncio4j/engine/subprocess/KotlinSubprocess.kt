// asyncio.subprocess for Kotlin: suspend forms, to call from a Kotlin task on the running loop.
package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.sync.awaitStage

/** `await asyncio.create_subprocess_exec(program, *args, ...)`. */
public suspend fun createSubprocessExec(program: String, vararg args: String, options: ProcessOptions = ProcessOptions()): Process =
    Subprocesses.createSubprocessExec(options, program, *args).awaitStage()

/** `await asyncio.create_subprocess_shell(cmd, ...)`. */
public suspend fun createSubprocessShell(cmd: String, options: ProcessOptions = ProcessOptions()): Process =
    Subprocesses.createSubprocessShell(cmd, options).awaitStage()

/** `await proc.wait()`. */
public suspend fun Process.wait(): Int = waitAsync().awaitStage()

/** `await proc.communicate(input)`. */
public suspend fun Process.communicate(input: ByteArray? = null): ProcessOutput = communicateAsync(input).awaitStage()
