package io.asyncio4j.engine.net

import io.asyncio4j.engine.exceptions.ExceptionGroup
import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.loop.TimerHandle
import java.io.IOException
import java.net.BindException
import java.net.Inet6Address
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.net.StandardProtocolFamily
import java.nio.channels.SocketChannel
import java.util.concurrent.CompletionStage

/**
 * create_connection's Happy Eyeballs (RFC 8305) as asyncio 3.12 does it: base_events._interleave_addrinfos and
 * staggered.staggered_race, driven by callbacks instead of one task per attempt.
 */
internal object HappyEyeballs {
    /**
     * base_events._interleave_addrinfos: the addresses grouped by family (in order of first appearance), then
     * [firstFamilyCount] of the first family, then one of each family in turn.
     */
    @JvmSynthetic fun interleave(addresses: List<InetSocketAddress>, firstFamilyCount: Int): List<InetSocketAddress> {
        val byFamily = LinkedHashMap<Boolean, ArrayDeque<InetSocketAddress>>()
        for (a in addresses) byFamily.getOrPut(a.address is Inet6Address) { ArrayDeque() }.addLast(a)
        val queues = byFamily.values.toList()
        val out = ArrayList<InetSocketAddress>(addresses.size)
        if (queues.isEmpty()) return out
        repeat(minOf(firstFamilyCount - 1, queues[0].size)) { out.add(queues[0].removeFirst()) }
        while (queues.any { it.isNotEmpty() }) {
            for (q in queues) if (q.isNotEmpty()) out.add(q.removeFirst())
        }
        return out
    }

    /** asyncio's final error of create_connection from every attempt's [errors] (in address order). */
    @JvmSynthetic fun failure(errors: List<Throwable>, allErrors: Boolean): Throwable {
        if (allErrors) return ExceptionGroup("create_connection failed", errors)
        if (errors.size == 1 || errors.all { it.message == errors[0].message }) return errors[0]
        return IOException("Multiple exceptions: ${errors.joinToString(", ") { it.message ?: it.toString() }}")
    }

    /** A new non-blocking channel for [address], bound to [localAddr] if given (asyncio's _connect_sock setup). */
    @JvmSynthetic fun open(address: InetSocketAddress, localAddr: SocketAddress?): SocketChannel {
        val channel = SocketChannel.open(if (address.address is Inet6Address) StandardProtocolFamily.INET6 else StandardProtocolFamily.INET)
        try {
            channel.configureBlocking(false)
            if (localAddr != null) {
                try {
                    channel.bind(localAddr)
                } catch (e: IOException) {
                    throw BindException("error while attempting to bind on address $localAddr: ${e.message?.lowercase()}")
                }
            }
        } catch (e: IOException) {
            channel.close()
            throw e
        }
        return channel
    }

    /**
     * staggered_race over connection attempts: the first starts at once; the next starts when the one just
     * before it fails, or [delay] seconds after it started, whichever is first. The first connection made wins
     * and every other attempt is cancelled and its channel closed; if all fail, the stage fails with [failure]
     * of their errors in address order.
     */
    @JvmSynthetic fun race(
        loop: EventLoop,
        addresses: List<InetSocketAddress>,
        delay: Double,
        localAddr: SocketAddress?,
        allErrors: Boolean,
    ): CompletionStage<SocketChannel> = Race(loop, addresses, delay, localAddr, allErrors).also { it.startNext() }.result

    // Invariants (loop thread): attempts[0 until started] have begun; `errors[i]` is set when attempt i failed;
    // `winner` is set once, and then every other attempt is cancelled/closed and `result` completed; `timer` is
    // the pending "start the next one" timer of the latest attempt, if any.
    private class Race(
        private val loop: EventLoop,
        private val addresses: List<InetSocketAddress>,
        private val delay: Double,
        private val localAddr: SocketAddress?,
        private val allErrors: Boolean,
    ) {
        val result = Stage<SocketChannel>(loop)
        private val channels = arrayOfNulls<SocketChannel>(addresses.size)
        private val connects = arrayOfNulls<Future<Void?>>(addresses.size)
        private val errors = arrayOfNulls<Throwable>(addresses.size)
        private var started = 0
        private var finished = 0
        private var winner = -1
        private var timer: TimerHandle? = null

        init {
            // Cancelled from outside (staggered_race's finally): stop every attempt and close its channel.
            result.whenComplete { _, e ->
                if (e == null || winner >= 0) return@whenComplete
                winner = addresses.size
                timer?.cancel()
                for (i in 0 until started) {
                    connects[i]?.cancel()
                    closeQuietly(channels[i])
                }
            }
        }

        fun startNext() {
            timer?.cancel()
            timer = null
            if (winner >= 0 || started == addresses.size) return
            val index = started++
            val channel = try {
                open(addresses[index], localAddr)
            } catch (e: IOException) {
                failed(index, e)
                return
            }
            channels[index] = channel
            if (started < addresses.size) timer = loop.callLater(delay) { startNext() }
            val connect = NetEvents.sockConnect(loop, channel, addresses[index])
            connects[index] = connect
            connect.addDoneCallback { f ->
                when {
                    f.cancelled() -> closeQuietly(channel)
                    f.exception() == null -> won(index)
                    else -> {
                        closeQuietly(channel)
                        failed(index, f.exception()!!)
                    }
                }
            }
        }

        private fun won(index: Int) {
            if (winner >= 0) {
                closeQuietly(channels[index])
                return
            }
            winner = index
            timer?.cancel()
            for (i in 0 until started) {
                if (i == index) continue
                connects[i]?.cancel()
                closeQuietly(channels[i])
            }
            result.complete(channels[index]!!)
        }

        private fun failed(index: Int, error: Throwable) {
            errors[index] = Futures.unwrap(error)
            finished++
            if (winner >= 0) return
            // The one just started failed: start the next now (staggered_race's this_failed event).
            if (index == started - 1 && started < addresses.size) {
                startNext()
                return
            }
            if (finished == addresses.size) result.completeExceptionally(failure(errors.filterNotNull(), allErrors))
        }

        private fun closeQuietly(channel: SocketChannel?) {
            try {
                channel?.close()
            } catch (_: IOException) {
            }
        }
    }
}
