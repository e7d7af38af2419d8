package io.asyncio4j.engine.subprocess

import java.nio.file.Path

/**
 * Where a child's standard stream goes (asyncio.subprocess.PIPE / STDOUT / DEVNULL, or None = inherit).
 * A closed set of constants (not a Kotlin enum, whose `getEntries()` would put a kotlin.* type in the API).
 */
public class Stdio private constructor(private val name: String) {
    override fun toString(): String = name

    public companion object {
        /** A pipe to this program: `Process.stdin()` / `stdout()` / `stderr()`. */
        @JvmField public val PIPE: Stdio = Stdio("PIPE")

        /** stderr only: merged into stdout (asyncio.subprocess.STDOUT). */
        @JvmField public val STDOUT: Stdio = Stdio("STDOUT")

        /** /dev/null (asyncio.subprocess.DEVNULL). */
        @JvmField public val DEVNULL: Stdio = Stdio("DEVNULL")

        /** The parent's own stream (asyncio's None, the default). */
        @JvmField public val INHERIT: Stdio = Stdio("INHERIT")
    }
}

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

    public fun stdin(value: Stdio): ProcessOptions = apply {
        requireNotNull(value) { "stdin must not be null" }
        require(value != Stdio.STDOUT) { "stdin must be PIPE, DEVNULL or INHERIT: $value" }
        stdin = value
    }

    public fun stdout(value: Stdio): ProcessOptions = apply {
        require(value != Stdio.STDOUT) { "stdout must be PIPE, DEVNULL or INHERIT: $value" }
        stdout = value
    }

    public fun stderr(value: Stdio): ProcessOptions = apply { stderr = value }

    /** The working directory of the child (null: this process's). */
    public fun cwd(value: Path?): ProcessOptions = apply { cwd = value }

    /** The child's whole environment (null: inherit this process's), as asyncio's `env=`. */
    public fun env(value: Map<String, String>?): ProcessOptions = apply { env = value?.let { LinkedHashMap(it) } }

    public fun limit(value: Int): ProcessOptions = apply {
        require(value > 0) { "limit must be > 0: $value" }
        limit = value
    }

    public fun getStdin(): Stdio = stdin
    public fun getStdout(): Stdio = stdout
    public fun getStderr(): Stdio = stderr
    public fun getCwd(): Path? = cwd
    public fun getEnv(): Map<String, String>? = env
    public fun getLimit(): Int = limit

    override fun toString(): String = "ProcessOptions(stdin=$stdin, stdout=$stdout, stderr=$stderr, cwd=$cwd, limit=$limit)"

    public companion object {
        /** asyncio.streams._DEFAULT_LIMIT. */
        public const val DEFAULT_LIMIT: Int = 64 * 1024
    }
}
