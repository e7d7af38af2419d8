package io.asyncio4j.engine.streams

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.Protocol
import io.asyncio4j.engine.net.Transport
import io.asyncio4j.engine.task.Coroutine
import io.asyncio4j.engine.task.Task
import java.util.concurrent.CompletionStage

/**
 * asyncio's FlowControlMixin: turns pauseWriting/resumeWriting into [drainHelper], which StreamWriter.drain
 * awaits. Invariant: [drainWaiters] are pending futures registered while [paused]; resumeWriting completes them
 * all (concurrent drains are safe), connectionLost completes or fails them.
 */
public open class FlowControlProtocol internal constructor(protected val loop: EventLoop) : Protocol {
    private var paused = false
    private val drainWaiters = ArrayDeque<Future<Void?>>()
    private var connectionLost = false

    override fun pauseWriting() {
        paused = true
    }

    override fun resumeWriting() {
        paused = false
        for (w in drainWaiters) if (!w.done()) w.setResult(null)
    }

    override fun connectionLost(exc: Throwable?) {
        connectionLost = true
        if (!paused) return
        for (w in drainWaiters) {
            if (!w.done()) if (exc == null) w.setResult(null) else w.setException(exc)
        }
    }

    internal fun drainHelper(): CompletionStage<Void?> {
        if (connectionLost) return Stage<Void?>(loop).also { it.completeExceptionally(java.io.IOException("Connection lost")) }
        if (!paused) return Stage<Void?>(loop).also { it.complete(null) }
        val waiter = loop.createFuture<Void?>()
        drainWaiters.addLast(waiter)
        return waiter.handle { _, e ->
            drainWaiters.remove(waiter)
            if (e != null) throw Futures.unwrap(e)
            null
        }
    }
}

/**
 * Called for each connection of `startServer` with its reader and writer (asyncio's client_connected_cb).
 * It runs as the first step of a new task, as an `async def` callback does; return its completion stage
 * (or null for a plain callback). A failure is reported to the loop's exception handler and closes the
 * connection.
 */
public fun interface ClientConnectedCallback {
    public fun onConnected(reader: StreamReader, writer: StreamWriter): CompletionStage<*>?
}

/**
 * The protocol between a transport and a StreamReader/StreamWriter pair (asyncio.StreamReaderProtocol).
 * [closed] completes when the connection is lost (with its error, if any): StreamWriter.waitClosed awaits it.
 */
public class StreamReaderProtocol @JvmOverloads constructor(
    private val streamReader: StreamReader,
    private val clientConnectedCb: ClientConnectedCallback? = null,
    loop: EventLoop = io.asyncio4j.engine.loop.Events.getEventLoop(),
) : FlowControlProtocol(loop) {
    private var transport: Transport? = null
    private var streamWriter: StreamWriter? = null
    private var task: Task<*>? = null
    private val closed: Future<Void?> = loop.createFuture()
    private var reader: StreamReader? = streamReader

    /** The transport runs TLS (asyncio's _over_ssl): eofReceived then answers false, as TLS cannot half-close. */
    private var overSsl = false

    override fun connectionMade(transport: Transport) {
        this.transport = transport
        overSsl = transport.getExtraInfo("sslcontext") != null
        streamReader.setTransport(transport)
        val cb = clientConnectedCb ?: return
        val writer = StreamWriter(transport, this, streamReader, loop)
        streamWriter = writer
        val t = loop.createTask(Coroutine<Any?> {
            @Suppress("UNCHECKED_CAST")
            (cb.onConnected(streamReader, writer) as CompletionStage<Any?>?) ?: Stage<Any?>(loop).also { it.complete(null) }
        })
        task = t
        t.addDoneCallback { done ->
            if (done.cancelled()) {
                transport.close()
                return@addDoneCallback
            }
            val exc = done.exception() ?: return@addDoneCallback
            loop.callExceptionHandler(linkedMapOf("message" to "Unhandled exception in client_connected_cb",
                "exception" to exc, "transport" to transport))
            transport.close()
        }
    }

    override fun connectionLost(exc: Throwable?) {
        reader?.let { if (exc == null) it.feedEof() else it.setException(exc) }
        if (!closed.done()) {
            if (exc == null) closed.setResult(null) else {
                closed.setException(exc)
                closed.markExceptionRetrieved() // asyncio's __del__ retrieves it: the reader reports the error
            }
        }
        super.connectionLost(exc)
        reader = null
        streamWriter = null
        task = null
        transport = null
    }

    override fun dataReceived(data: ByteArray) {
        reader?.feedOwned(data) // the transport's array is ours (Protocol.dataReceived): no copy
    }

    override fun eofReceived(): Boolean {
        reader?.feedEof()
        // Over TLS, true would only earn SslProtocol's "has no effect when using ssl" warning.
        return !overSsl
    }

    internal fun closeWaiter(): Future<Void?> = closed

    /**
     * After StreamWriter.startTls (asyncio's _replace_writer): the TLS transport is the one closed on errors; the
     * reader keeps pausing the socket transport underneath, which holds back the TLS bytes just as well.
     */
    internal fun replaceTransport(newTransport: Transport) {
        transport = newTransport
        overSsl = newTransport.getExtraInfo("sslcontext") != null
    }

    override fun toString(): String = "<StreamReaderProtocol reader=$reader transport=$transport>"
}
