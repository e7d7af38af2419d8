// asyncio's transports.SubprocessTransport, in a file of its own.
package io.asyncio4j.engine.net

/**
 * A child process and its pipes (asyncio.SubprocessTransport), as `loop.subprocessExec` gives it.
 * `close()` closes the pipes and kills the child if it is still running (asyncio does the same);
 * `isClosing()` is true only after `close()`.
 */
public interface SubprocessTransport : BaseTransport {
    /** The child's process id. */
    public fun getPid(): Long

    /**
     * The transport of pipe [fd] (0: stdin, a [WriteTransport]; 1 stdout / 2 stderr: a [ReadTransport]), or
     * null when that stream is not a PIPE.
     */
    public fun getPipeTransport(fd: Int): BaseTransport?

    /** The exit status once the child has exited (negative: killed by that signal), else null. */
    public fun getReturncode(): Int?

    /**
     * Sends signal [sig] ("TERM", "SIGKILL", ...) to the child; nothing if it has already exited.
     * IllegalStateException "ProcessLookupError: ..." after the transport finished (asyncio raises
     * ProcessLookupError once connection_lost has run).
     */
    public fun sendSignal(sig: String)

    /** [sendSignal] by number (9, 15, ...), as asyncio's `send_signal(signal.SIGKILL)`. */
    public fun sendSignal(sig: Int)

    /** SIGTERM. */
    public fun terminate()

    /** SIGKILL. */
    public fun kill()
}

/**
 * asyncio's `(transport, protocol)` pair for transports other than a socket connection's
 * (subprocessExec/subprocessShell, connectReadPipe/connectWritePipe).
 */
public class TransportPair<T : BaseTransport, P : BaseProtocol>(private val transport: T, private val protocol: P) {
    /** The transport. */
    public fun transport(): T = transport

    /** The protocol the factory made. */
    public fun protocol(): P = protocol

    override fun toString(): String = "($transport, $protocol)"
}
