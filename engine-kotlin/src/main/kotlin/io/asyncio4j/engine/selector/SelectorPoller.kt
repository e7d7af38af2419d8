package io.asyncio4j.engine.selector

import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.Handle
import io.asyncio4j.engine.loop.Poller
import java.nio.ByteBuffer
import java.nio.channels.ClosedChannelException
import java.nio.channels.SelectableChannel
import java.nio.channels.SelectionKey
import java.nio.channels.Selector
import java.nio.channels.SocketChannel

/**
 * The loop's I/O multiplexer over a NIO [Selector] (asyncio's selector_events: the only code that touches the
 * selector). The loop blocks in [poll] with the next timer's deadline as timeout; [wakeup] interrupts it from any
 * thread. Ready keys put their reader/writer handles straight into the loop's ready queue during [poll], as
 * asyncio's `_process_events` does: no I/O thread, no thread hop per event.
 *
 * Invariant: a channel has at most one [SelectionKey] here, whose attachment is its [Registration]; the key's
 * interest set is exactly the ops of the handles present (reader -> OP_READ/OP_ACCEPT, writer -> OP_WRITE, or
 * OP_CONNECT while a connect is pending). Removing both handles sets the interest to 0 and keeps the key (a
 * cancelled key could not be registered again before the next select); closing the channel cancels its key,
 * which the next select deregisters. Loop thread only, except [wakeup].
 *
 * Installed by the loop on first use of networking ([EventLoop.selectorPoller]): a loop without sockets keeps its
 * cheap parking poller and opens no file descriptors.
 */
internal class SelectorPoller(private val loop: EventLoop) : Poller {
    val selector: Selector = Selector.open()

    private class Registration {
        var reader: Handle? = null
        var writer: Handle? = null
    }

    private val process = java.util.function.Consumer<SelectionKey> { key -> processKey(key) }

    /**
     * The loop's one receive buffer, shared by all its transports (uvloop's design): a transport reads into it and
     * copies the bytes out before any protocol callback runs, so no connection keeps a read buffer of its own and
     * heap per idle connection does not grow with the read size. Direct, so the kernel fills it without the JDK's
     * bounce copy through a temporary direct buffer. Allocated on the first read; loop thread only.
     */
    private var readBuf: ByteBuffer? = null

    /** [readBuf], cleared (position 0, limit = capacity [READ_BUFFER_SIZE]). */
    fun readBuffer(): ByteBuffer {
        val b = readBuf ?: ByteBuffer.allocateDirect(READ_BUFFER_SIZE).also { readBuf = it }
        b.clear()
        return b
    }

    override fun poll(timeoutNanos: Long) {
        if (!selector.isOpen) return
        when {
            timeoutNanos <= 0 -> selector.selectNow(process)
            timeoutNanos == Poller.FOREVER -> selector.select(process)
            else -> selector.select(process, maxOf(1L, (timeoutNanos + 999_999) / 1_000_000))
        }
    }

    private fun processKey(key: SelectionKey) {
        val reg = key.attachment() as Registration
        if (!key.isValid) return
        val ops = key.readyOps()
        if (ops and (SelectionKey.OP_READ or SelectionKey.OP_ACCEPT) != 0) {
            val reader = reg.reader
            if (reader != null) {
                if (reader.cancelled()) removeReader(key.channel()) else loop.addReady(reader)
            }
        }
        if (ops and (SelectionKey.OP_WRITE or SelectionKey.OP_CONNECT) != 0) {
            val writer = reg.writer
            if (writer != null) {
                if (writer.cancelled()) removeWriter(key.channel()) else loop.addReady(writer)
            }
        }
    }

    override fun wakeup() {
        selector.wakeup()
    }

    override fun close() {
        selector.close()
        readBuf = null // its native memory goes with the next collection, not with the last transport
    }

    /**
     * Deregisters the keys of closed channels now, so their sockets are really closed (the JDK defers closing a
     * registered channel's file descriptor until its key leaves the selector). Readiness is level-triggered, so
     * clearing the selected set loses no event.
     */
    fun flushClosedKeys() {
        if (!selector.isOpen) return
        selector.selectNow()
        selector.selectedKeys().clear()
    }

    /** Keys of open channels with a non-empty interest set: what a leak check counts. */
    fun activeKeyCount(): Int = selector.keys().count { it.isValid && it.interestOps() != 0 }

    override fun hasPendingIo(): Boolean = selector.isOpen && selector.keys().any { it.isValid && it.interestOps() != 0 }

    /** All keys still registered, cancelled ones included until the next select deregisters them. */
    fun registeredKeyCount(): Int = selector.keys().size

    fun addReader(channel: SelectableChannel, callback: Runnable): Handle {
        val handle = Handle(callback, loop, null)
        val reg = registration(channel)
        reg.reader?.cancel()
        reg.reader = handle
        updateInterest(channel, reg)
        return handle
    }

    fun addWriter(channel: SelectableChannel, callback: Runnable): Handle {
        val handle = Handle(callback, loop, null)
        val reg = registration(channel)
        reg.writer?.cancel()
        reg.writer = handle
        updateInterest(channel, reg)
        return handle
    }

    /** Stops watching [channel] for reading; false if it was not watched. */
    fun removeReader(channel: SelectableChannel): Boolean {
        val key = channel.keyFor(selector) ?: return false
        val reg = key.attachment() as Registration
        val old = reg.reader ?: return false
        old.cancel()
        reg.reader = null
        if (key.isValid) key.interestOps(interestOf(channel, reg))
        return true
    }

    fun removeWriter(channel: SelectableChannel): Boolean {
        val key = channel.keyFor(selector) ?: return false
        val reg = key.attachment() as Registration
        val old = reg.writer ?: return false
        old.cancel()
        reg.writer = null
        if (key.isValid) key.interestOps(interestOf(channel, reg))
        return true
    }

    fun hasReader(channel: SelectableChannel): Boolean =
        (channel.keyFor(selector)?.attachment() as Registration?)?.reader != null

    fun hasWriter(channel: SelectableChannel): Boolean =
        (channel.keyFor(selector)?.attachment() as Registration?)?.writer != null

    private fun registration(channel: SelectableChannel): Registration {
        if (!channel.isOpen) throw IllegalArgumentException("channel is closed: $channel")
        if (channel.isBlocking) throw IllegalArgumentException("channel must be in non-blocking mode: $channel")
        val key = channel.keyFor(selector)
        if (key != null && key.isValid) return key.attachment() as Registration
        if (key != null) {
            // A cancelled key of an open channel (someone cancelled it by hand): flush it so the channel can be
            // registered again.
            selector.selectNow()
            selector.selectedKeys().clear()
        }
        return try {
            channel.register(selector, 0, Registration()).attachment() as Registration
        } catch (e: ClosedChannelException) {
            throw IllegalArgumentException("channel is closed: $channel", e)
        }
    }

    private fun updateInterest(channel: SelectableChannel, reg: Registration) {
        val key = channel.keyFor(selector) ?: return
        key.interestOps(interestOf(channel, reg))
    }

    private fun interestOf(channel: SelectableChannel, reg: Registration): Int {
        val valid = channel.validOps()
        var ops = 0
        if (reg.reader != null) {
            ops = ops or if (valid and SelectionKey.OP_READ != 0) SelectionKey.OP_READ else SelectionKey.OP_ACCEPT
        }
        if (reg.writer != null) {
            ops = ops or if (channel is SocketChannel && channel.isConnectionPending) SelectionKey.OP_CONNECT
            else SelectionKey.OP_WRITE
        }
        return ops
    }

    override fun toString(): String = "<SelectorPoller keys=${selector.keys().size}>"

    internal companion object {
        /** Bytes one read may take (asyncio's max_size for stream reads: 256 KiB). */
        const val READ_BUFFER_SIZE: Int = 256 * 1024
    }
}
