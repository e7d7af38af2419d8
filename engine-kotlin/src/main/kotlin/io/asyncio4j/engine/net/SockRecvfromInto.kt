package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import java.net.SocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel

/** base_events/selector_events' sock_recvfrom_into, beside NetEvents' other sock_* calls. */
internal object SockRecvfromInto {
    /**
     * Receives one datagram into [buf] from its position, at most [nbytes] bytes (0: up to the buffer's limit);
     * the rest of a longer datagram is discarded, as recvfrom_into does. Completes with (bytes received, sender)
     * and leaves [buf]'s position after them.
     */
    @JvmSynthetic fun sockRecvfromInto(loop: EventLoop, sock: DatagramChannel, buf: ByteBuffer, nbytes: Int):
        Future<Map.Entry<Int, SocketAddress>> {
        requireNotNull(sock) { "sock must not be null" }
        requireNotNull(buf) { "buf must not be null" }
        require(nbytes >= 0) { "negative buffersize in recvfrom_into: $nbytes" }
        require(nbytes <= buf.remaining()) { "nbytes is greater than the length of the buffer" }
        val want = if (nbytes == 0) buf.remaining() else nbytes
        return NetEvents.readWhenReady(loop, sock) {
            val view = buf.duplicate()
            view.limit(view.position() + want)
            val start = view.position()
            val from = sock.receive(view) ?: return@readWhenReady null
            val n = view.position() - start
            buf.position(start + n)
            java.util.AbstractMap.SimpleImmutableEntry(n, from)
        }
    }
}
