// asyncio's protocols.SubprocessProtocol, in a file of its own (protocols.py keeps it beside Protocol).
package io.asyncio4j.engine.net

/**
 * The callbacks of a child process started by `loop.subprocessExec`/`subprocessShell`
 * (asyncio.SubprocessProtocol). Every method has a no-op default. Order (base_subprocess.py):
 * `start -> connectionMade [-> pipeDataReceived(fd)* -> pipeConnectionLost(fd)]* and processExited, in any
 * interleaving -> connectionLost(null) -> end`: [connectionLost] comes last, after [processExited] and after
 * [pipeConnectionLost] for every piped stream (fd 0 = stdin, 1 = stdout, 2 = stderr); each fd's data comes
 * before its pipeConnectionLost. [pauseWriting]/[resumeWriting] follow the stdin pipe's buffer.
 */
public interface SubprocessProtocol : BaseProtocol {
    /** The child was started and its pipes are connected. */
    public fun connectionMade(transport: SubprocessTransport) {}

    /** The child wrote [data] to its stdout ([fd] 1) or stderr ([fd] 2). */
    public fun pipeDataReceived(fd: Int, data: ByteArray) {}

    /** The pipe [fd] closed: [exc] null at EOF / after a regular close, else the error that ended it. */
    public fun pipeConnectionLost(fd: Int, exc: Throwable?) {}

    /** The child exited; its return code is `transport.getReturncode()`. */
    public fun processExited() {}
}
