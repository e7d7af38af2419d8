package io.asyncio4j.engine.streams

import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.Transport
import io.asyncio4j.engine.task.sleepOn
import java.util.concurrent.CompletionStage

/**
 * asyncio.StreamWriter: writes go to the transport at once (never blocking); [drain] waits until the
 * transport's buffer is back under its low-water mark, [close]/[waitClosed] end the connection.
 */
public class StreamWriter(
    private val transport: Transport,
    private val protocol: StreamReaderProtocol,
    private val reader: StreamReader?,
    private val loop: EventLoop,
) {
    public fun transport(): Transport = transport

    /** Writes [data]; IllegalStateException after [close]. Call [drain] to respect flow control. */
    public fun write(data: ByteArray) {
        transport.write(data)
    }

    public fun writelines(data: Iterable<ByteArray>) {
        transport.writelines(data)
    }

    public fun writeEof() {
        transport.writeEof()
    }

    public fun canWriteEof(): Boolean = transport.canWriteEof()

    /** Closes the transport after flushing; await [waitClosed] for the end. */
    public fun close() {
        transport.close()
    }

    public fun isClosing(): Boolean = transport.isClosing()

    /** Completes when the connection is lost (with its error, if it ended with one). */
    public fun waitClosed(): CompletionStage<Void?> = protocol.closeWaiter().thenApply { null }

    public fun getExtraInfo(name: String): Any? = transport.getExtraInfo(name)

    public fun getExtraInfo(name: String, default: Any?): Any? = transport.getExtraInfo(name, default)

    /**
     * Waits until it is appropriate to write more: at once when the transport's buffer is under its high-water
     * mark, else until it drains to the low-water mark. Fails with the reader's exception if the connection
     * broke, with IOException "Connection lost" after the connection was lost. Concurrent drains are safe.
     */
    public fun drain(): CompletionStage<Void?> {
        reader?.exception()?.let { exc -> return Stage<Void?>(loop).also { it.completeExceptionally(exc) } }
        if (transport.isClosing()) {
            // Yield once so that connectionLost gets its chance to run (asyncio's sleep(0) here).
            return sleepOn<Void?>(loop, 0.0, null).thenCompose { protocol.drainHelper() }
        }
        return protocol.drainHelper()
    }

    override fun toString(): String = "<StreamWriter transport=$transport reader=$reader>"
}
