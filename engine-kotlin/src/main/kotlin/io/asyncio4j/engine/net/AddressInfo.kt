package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.loop.EventLoop
import java.io.IOException
import java.net.Inet6Address
import java.net.InetSocketAddress
import java.net.StandardProtocolFamily

/**
 * The family= filter of getaddrinfo / create_connection / create_server, and getnameinfo's flags, over the
 * JDK resolver (which has no family, type, proto or flags arguments: it returns every address of a name).
 */
internal object AddressInfo {
    /** socket.NI_* values (Linux). */
    const val NI_NUMERICHOST = 1
    const val NI_NUMERICSERV = 2
    const val NI_NOFQDN = 4
    const val NI_NAMEREQD = 8
    const val NI_DGRAM = 16

    /** The socket.gaierror message for a host without addresses of the family asked for. */
    const val NO_ADDRESS_OF_FAMILY = "[Errno -9] Address family for hostname not supported"

    @JvmSynthetic fun checkFamily(family: StandardProtocolFamily?) {
        require(family != StandardProtocolFamily.UNIX) { "family must be INET or INET6: $family" }
    }

    /** [addresses] of [family] (null: all); IOException [NO_ADDRESS_OF_FAMILY] if none is left. */
    @JvmSynthetic fun filter(addresses: List<InetSocketAddress>, family: StandardProtocolFamily?): List<InetSocketAddress> {
        if (family == null) return addresses
        val kept = addresses.filter { (it.address is Inet6Address) == (family == StandardProtocolFamily.INET6) }
        if (kept.isEmpty()) throw IOException(NO_ADDRESS_OF_FAMILY)
        return kept
    }

    @JvmSynthetic fun getaddrinfo(loop: EventLoop, host: String, port: Int, family: StandardProtocolFamily?): Future<List<InetSocketAddress>> {
        checkFamily(family)
        val result = loop.createFuture<List<InetSocketAddress>>()
        NetEvents.getaddrinfo(loop, host, port).addDoneCallback { f ->
            when {
                f.cancelled() -> result.cancel()
                f.exception() != null -> result.setException(f.exception()!!)
                else -> try {
                    result.setResult(filter(f.result(), family))
                } catch (e: IOException) {
                    result.setException(e)
                }
            }
        }
        return result
    }

    /** getnameinfo with NI_NUMERICHOST, NI_NOFQDN and NI_NAMEREQD (the port is always numeric: no services table). */
    @JvmSynthetic fun getnameinfo(loop: EventLoop, address: InetSocketAddress, flags: Int): Future<List<String>> {
        require(flags and (NI_NUMERICHOST or NI_NUMERICSERV or NI_NOFQDN or NI_NAMEREQD or NI_DGRAM).inv() == 0) {
            "flags has unknown NI_* bits: $flags"
        }
        return loop.runInExecutor(null) {
            val literal = address.address.hostAddress
            var host = if (flags and NI_NUMERICHOST != 0) literal else address.address.hostName
            if (flags and NI_NAMEREQD != 0 && flags and NI_NUMERICHOST == 0 && host == literal) {
                throw IOException("[Errno -2] Name or service not known")
            }
            if (flags and NI_NOFQDN != 0 && host != literal) host = host.substringBefore('.')
            listOf(host, address.port.toString())
        }
    }
}
