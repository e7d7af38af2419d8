package io.asyncio4j.engine.subprocess

import java.nio.file.Path

/**
 * The keyword arguments of asyncio.create_subprocess_exec/shell: `new ProcessOptions().stdin(PIPE).stdout(PIPE)`.
 * [limit] is the buffer limit of the stdout/stderr readers (asyncio's `limit`, 64 KiB): a reader holding more
 * than twice as much stops reading from the pipe until the program consumes it.
 */
public class ProcessOptions {
    private var stdin = Stdio.INHERIT
    private var stdout = Stdio.INHERIT
    private var stderr = Stdio.INHERIT
    private var cwd: Path? = null
    private var env: Map<String, String>? = null
    private var limit = DEFAULT_LIMIT

    /** The child's stdin: PIPE, DEVNULL or INHERIT (asyncio's `stdin=`); IllegalArgumentException for STDOUT. */
    public fun stdin(value: Stdio): ProcessOptions = apply {
        requireNotNull(value) { "stdin must not be null" }
        require(value != Stdio.STDOUT) { "stdin must be PIPE, DEVNULL or INHERIT: $value" }
        stdin = value
    }

    /** The child's stdout: PIPE, DEVNULL or INHERIT (asyncio's `stdout=`); IllegalArgumentException for STDOUT. */
    public fun stdout(value: Stdio): ProcessOptions = apply {
        require(value != Stdio.STDOUT) { "stdout must be PIPE, DEVNULL or INHERIT: $value" }
        stdout = value
    }

    /** The child's stderr: PIPE, STDOUT (merged into stdout), DEVNULL or INHERIT (asyncio's `stderr=`). */
    public fun stderr(value: Stdio): ProcessOptions = apply { stderr = value }

    /** The working directory of the child (null: this process's). */
    public fun cwd(value: Path?): ProcessOptions = apply { cwd = value }

    /** The child's whole environment (null: inherit this process's), as asyncio's `env=`. */
    public fun env(value: Map<String, String>?): ProcessOptions = apply { env = value?.let { LinkedHashMap(it) } }

    /** The buffer limit of the stdout/stderr readers (asyncio's `limit=`); IllegalArgumentException unless > 0. */
    public fun limit(value: Int): ProcessOptions = apply {
        require(value > 0) { "limit must be > 0: $value" }
        limit = value
    }

    /** The stdin setting ([stdin]). */
    public fun getStdin(): Stdio = stdin
    /** The stdout setting ([stdout]). */
    public fun getStdout(): Stdio = stdout
    /** The stderr setting ([stderr]). */
    public fun getStderr(): Stdio = stderr
    /** The working directory ([cwd]), null for this process's. */
    public fun getCwd(): Path? = cwd
    /** The environment ([env]), null to inherit. */
    public fun getEnv(): Map<String, String>? = env
    /** The readers' buffer limit ([limit]). */
    public fun getLimit(): Int = limit

    override fun toString(): String = "ProcessOptions(stdin=$stdin, stdout=$stdout, stderr=$stderr, cwd=$cwd, limit=$limit)"

    /** Constants: [DEFAULT_LIMIT]. */
    public companion object {
        /** asyncio.streams._DEFAULT_LIMIT. */
        public const val DEFAULT_LIMIT: Int = 64 * 1024
    }
}
