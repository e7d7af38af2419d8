package io.asyncio4j.engine.subprocess

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.net.BaseProtocol
import io.asyncio4j.engine.net.Protocol
import io.asyncio4j.engine.net.ReadTransport
import io.asyncio4j.engine.net.SubprocessProtocol
import io.asyncio4j.engine.net.SubprocessTransport
import io.asyncio4j.engine.net.TransportPair
import io.asyncio4j.engine.net.WriteTransport
import java.io.InputStream
import java.io.OutputStream
import java.nio.channels.Channels
import java.nio.channels.FileChannel
import java.nio.channels.ReadableByteChannel
import java.nio.channels.SelectableChannel
import java.nio.channels.WritableByteChannel
import java.util.concurrent.CompletionStage
import java.util.function.Supplier

/**
 * base_events' subprocess_exec/subprocess_shell and unix_events' connect_read_pipe/connect_write_pipe; the
 * EventLoop members of the same names delegate here.
 *
 * What stands for Python's pipe file object: a `java.io.InputStream`/`OutputStream` (a `java.lang.Process`'s
 * streams, a FIFO opened with `new FileInputStream(path)`, anything blocking) or a byte channel
 * (`java.nio.channels.Pipe.SourceChannel`/`SinkChannel`, a FIFO's channel): the JDK has no file descriptors, and
 * a pipe to or from a child exists only as a stream. Each is served by one thread of its own ([PipeTransports]),
 * so any of them works, selectable or not. A `FileChannel` on a regular file is refused with asyncio's
 * ValueError wording ("Pipe transport is for pipes/sockets only."); a stream cannot be told from a file's.
 */
internal object SubprocessEvents {
    private val pipeCounter = java.util.concurrent.atomic.AtomicInteger() // thread names only; loops on many threads

    @JvmSynthetic fun <P : SubprocessProtocol> exec(
        loop: EventLoop, factory: Supplier<P>, options: ProcessOptions, command: List<String>, description: String,
    ): CompletionStage<TransportPair<SubprocessTransport, P>> {
        requireNotNull(factory) { "protocolFactory must not be null" }
        requireNotNull(options) { "options must not be null" }
        loop.checkThread("subprocessExec")
        loop.checkClosed()
        val protocol = requireNotNull(factory.get()) { "protocolFactory returned null" }
        return Subprocesses.startTransport(loop, command, options, protocol, description)
            .thenApply { TransportPair<SubprocessTransport, P>(it, protocol) }
    }

    @JvmSynthetic fun <P : Protocol> connectReadPipe(loop: EventLoop, factory: Supplier<P>, pipe: InputStream, original: Any):
        CompletionStage<TransportPair<ReadTransport, P>> {
        requireNotNull(factory) { "protocolFactory must not be null" }
        requireNotNull(pipe) { "pipe must not be null" }
        loop.checkThread("connectReadPipe")
        loop.checkClosed()
        val protocol = requireNotNull(factory.get()) { "protocolFactory returned null" }
        val transport = PipeReadTransport(loop, pipe, protocol, "asyncio4j-read-pipe-${pipeCounter.incrementAndGet()}", original)
        val waiter = loop.createFuture<TransportPair<ReadTransport, P>>()
        transport.start() // connectionMade on the next iteration; the waiter after it, as asyncio's
        loop.callSoon { if (!waiter.cancelled()) waiter.setResult(TransportPair(transport, protocol)) }
        return waiter
    }

    @JvmSynthetic fun <P : Protocol> connectReadPipe(loop: EventLoop, factory: Supplier<P>, pipe: ReadableByteChannel):
        CompletionStage<TransportPair<ReadTransport, P>> {
        requireNotNull(pipe) { "pipe must not be null" }
        return connectReadPipe(loop, factory, Channels.newInputStream(blocking(pipe)), pipe)
    }

    @JvmSynthetic fun <P : BaseProtocol> connectWritePipe(loop: EventLoop, factory: Supplier<P>, pipe: OutputStream, original: Any):
        CompletionStage<TransportPair<WriteTransport, P>> {
        requireNotNull(factory) { "protocolFactory must not be null" }
        requireNotNull(pipe) { "pipe must not be null" }
        loop.checkThread("connectWritePipe")
        loop.checkClosed()
        val protocol = requireNotNull(factory.get()) { "protocolFactory returned null" }
        val transport = PipeWriteTransport(loop, pipe, protocol, "asyncio4j-write-pipe-${pipeCounter.incrementAndGet()}", original)
        val waiter = loop.createFuture<TransportPair<WriteTransport, P>>()
        transport.start()
        loop.callSoon { if (!waiter.cancelled()) waiter.setResult(TransportPair(transport, protocol)) }
        return waiter
    }

    @JvmSynthetic fun <P : BaseProtocol> connectWritePipe(loop: EventLoop, factory: Supplier<P>, pipe: WritableByteChannel):
        CompletionStage<TransportPair<WriteTransport, P>> {
        requireNotNull(pipe) { "pipe must not be null" }
        return connectWritePipe(loop, factory, Channels.newOutputStream(blocking(pipe)), pipe)
    }

    /** The pipe's thread does blocking I/O: a selectable channel is switched to blocking mode. */
    private fun <C : java.nio.channels.Channel> blocking(channel: C): C {
        if (channel is FileChannel && isRegularFile(channel)) {
            throw IllegalArgumentException("Pipe transport is for pipes/sockets only.")
        }
        if (channel is SelectableChannel && !channel.isBlocking) {
            require(!channel.isRegistered) { "pipe must not be registered with a selector: $channel" }
            channel.configureBlocking(true)
        }
        return channel
    }

    /** A FIFO's FileChannel cannot seek or report a size; a regular file's can. */
    private fun isRegularFile(channel: FileChannel): Boolean = try {
        channel.size()
        channel.position()
        true
    } catch (_: java.io.IOException) {
        false
    }
}
