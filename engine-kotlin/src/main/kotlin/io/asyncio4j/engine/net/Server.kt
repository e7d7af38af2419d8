package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.sleepOn
import java.io.IOException
import java.nio.channels.ServerSocketChannel
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.Supplier

/**
 * A listening server (asyncio.Server), made by `createServer`/`startServer`. AutoCloseable, so
 * try-with-resources mirrors `async with server` (close; await [waitClosed] yourself where it matters).
 *
 * State: [sockets] is null once closed; [activeCount] counts transports attached and not yet lost; [waiters]
 * are completed when the server is closed and its last connection is gone ([wakeup]), and [waiters] is null
 * from then on. [clients] are the live transports, for closeClients/abortClients.
 */
public class Server internal constructor(
    private val loop: EventLoop,
    sockets: List<ServerSocketChannel>,
    private val protocolFactory: Supplier<out BaseProtocol>,
    private val backlog: Int,
) : AutoCloseable {
    private var sockets: List<ServerSocketChannel>? = sockets
    private var activeCount = 0

    /** The TLS settings of accepted connections (ServerOptions.ssl); null: plain TCP. */
    @get:JvmSynthetic @set:JvmSynthetic internal var tls: TlsSettings? = null

    /** SO_KEEPALIVE for accepted connections (ServerOptions.keepAlive). */
    @get:JvmSynthetic @set:JvmSynthetic internal var keepAlive = false
    private var waiters: MutableList<Future<Void?>>? = ArrayList()
    private val clients = LinkedHashSet<Transport>()
    private var serving = false
    private var servingForeverFut: Future<Void?>? = null

    /** The loop the server runs on (asyncio's `Server.get_loop()`). */
    public fun getLoop(): EventLoop = loop

    @JvmSynthetic internal fun attach(transport: Transport) {
        activeCount++
        clients.add(transport)
    }

    @JvmSynthetic internal fun detach(transport: Transport) {
        activeCount--
        clients.remove(transport)
        if (activeCount == 0 && sockets == null) wakeup()
    }

    private fun wakeup() {
        val w = waiters ?: return
        waiters = null
        for (waiter in w) if (!waiter.done()) waiter.setResult(null)
    }

    /**
     * The address the server listens on: its first listening socket's local address (an InetSocketAddress for
     * TCP, a UnixDomainSocketAddress for a Unix server); what `server.sockets[0].getsockname()` gives in asyncio.
     * IllegalStateException "Server is closed" once it is closed.
     */
    public fun address(): java.net.SocketAddress {
        val first = sockets?.firstOrNull() ?: throw IllegalStateException("Server is closed: it has no sockets")
        return first.localAddress ?: throw IllegalStateException("Server is closed: it has no sockets")
    }

    /**
     * The TCP port the server listens on (the real one when it was started on port 0), as
     * `server.sockets[0].getsockname()[1]`. IllegalStateException for a Unix server or a closed one.
     */
    public fun port(): Int = when (val a = address()) {
        is java.net.InetSocketAddress -> a.port
        else -> throw IllegalStateException("a Unix socket server has no port: its address is $a")
    }

    /** The listening sockets; empty once the server is closed. */
    public fun sockets(): List<ServerSocketChannel> = sockets?.toList() ?: emptyList()

    /** True while the server accepts connections (asyncio's `is_serving()`). */
    public fun isServing(): Boolean = serving

    /** Starts accepting connections (once; later calls do nothing). Completes one iteration later. */
    public fun startServing(): CompletionStage<Void?> {
        startServingNow()
        return sleepOn<Void?>(loop, 0.0, null)
    }

    @JvmSynthetic internal fun startServingNow() {
        if (serving) return
        val s = sockets ?: return
        serving = true
        for (sock in s) NetEvents.startServing(loop, protocolFactory, sock, this, backlog)
    }

    /**
     * Stops listening and closes the listening sockets; existing connections stay open. A pending
     * [serveForever] is cancelled. Idempotent.
     */
    override fun close() {
        val s = sockets ?: return
        sockets = null
        for (sock in s) NetEvents.stopServing(loop, sock)
        serving = false
        servingForeverFut?.let { if (!it.done()) it.cancel() }
        servingForeverFut = null
        if (activeCount == 0) wakeup()
    }

    /** Closes every connection of this server (flushing their buffers). */
    public fun closeClients() {
        for (t in clients.toList()) t.close()
    }

    /** Aborts every connection of this server. */
    public fun abortClients() {
        for (t in clients.toList()) t.abort()
    }

    /** Completes once the server is closed and every connection it accepted is gone (3.12 semantics). */
    public fun waitClosed(): CompletionStage<Void?> {
        val w = waiters
        if (w == null) {
            val done = Stage<Void?>(loop)
            done.complete(null)
            return done
        }
        val waiter = loop.createFuture<Void?>()
        w.add(waiter)
        return waiter
    }

    /**
     * Serves until cancelled; then closes the server, waits for [waitClosed] and ends with the CancelledError.
     * Fails with IllegalStateException if another serveForever is running or the server is closed.
     */
    public fun serveForever(): CompletionStage<Void?> {
        if (servingForeverFut != null) {
            return failed(IllegalStateException("server $this is already being awaited on serve_forever()"))
        }
        if (sockets == null) return failed(IllegalStateException("server $this is closed"))
        startServingNow()
        val fut = loop.createFuture<Void?>()
        servingForeverFut = fut
        return fut.exceptionallyCompose { e ->
            if (servingForeverFut === fut) servingForeverFut = null
            val cause = Futures.unwrap(e)
            if (cause is CancellationException) {
                close()
                waitClosed().thenCompose { CompletableFuture.failedFuture<Void?>(cause) }
            } else {
                CompletableFuture.failedFuture(cause)
            }
        }
    }

    private fun <T> failed(e: Throwable): CompletionStage<T> {
        val s = Stage<T>(loop)
        s.completeExceptionally(e)
        return s
    }

    override fun toString(): String =
        "<Server sockets=${sockets?.map { addressOf(it) } ?: "()"}>"

    private fun addressOf(s: ServerSocketChannel): Any? = try {
        s.localAddress
    } catch (_: IOException) {
        "closed"
    }

}
