package io.asyncio4j.engine.net

import java.net.StandardProtocolFamily
import java.nio.channels.DatagramChannel

/**
 * The keyword arguments of `createDatagramEndpoint` beyond the addresses, as a fluent options object:
 * `new DatagramOptions().family(StandardProtocolFamily.INET).allowBroadcast(true)`.
 */
public class DatagramOptions {
    /** The address family (INET or INET6; asyncio's family=); null: the addresses' (AF_UNSPEC). */
    public var family: StandardProtocolFamily? = null
        private set

    /** SO_REUSEADDR before binding (what asyncio's reuse_port asks for on Linux here). */
    public var reuseAddress: Boolean = false
        private set

    /** SO_BROADCAST (asyncio's allow_broadcast). */
    public var allowBroadcast: Boolean = false
        private set

    /** An existing DatagramChannel to use instead of making one (asyncio's sock=); no other option then. */
    public var sock: DatagramChannel? = null
        private set

    /** Only addresses of this family (asyncio's `family=`): INET, INET6 or null for any. */
    public fun family(value: StandardProtocolFamily?): DatagramOptions = apply {
        AddressInfo.checkFamily(value)
        family = value
    }

    /** SO_REUSEADDR on the endpoint's socket (asyncio's `reuse_address=`). */
    public fun reuseAddress(value: Boolean): DatagramOptions = apply { reuseAddress = value }

    /** SO_BROADCAST on the endpoint's socket (asyncio's `allow_broadcast=`). */
    public fun allowBroadcast(value: Boolean): DatagramOptions = apply { allowBroadcast = value }

    /** An existing DatagramChannel to use instead of addresses (asyncio's `sock=`). */
    public fun sock(value: DatagramChannel?): DatagramOptions = apply { sock = value }

    override fun toString(): String =
        "DatagramOptions(family=$family, reuseAddress=$reuseAddress, allowBroadcast=$allowBroadcast, sock=$sock)"
}
