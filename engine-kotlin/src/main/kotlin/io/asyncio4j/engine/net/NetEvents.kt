package io.asyncio4j.engine.net

import io.asyncio4j.engine.future.Future
import io.asyncio4j.engine.future.Futures
import io.asyncio4j.engine.future.Stage
import io.asyncio4j.engine.loop.EventLoop
import io.asyncio4j.engine.task.Coroutine
import io.asyncio4j.engine.task.sleepOn
import java.io.IOException
import java.net.BindException
import java.net.ConnectException
import java.net.Inet6Address
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.SocketAddress
import java.net.StandardProtocolFamily
import java.net.StandardSocketOptions
import java.net.UnixDomainSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.DatagramChannel
import java.nio.channels.ServerSocketChannel
import java.nio.channels.SocketChannel
import java.util.concurrent.CompletionStage
import java.util.function.Supplier

/**
 * The networking half of asyncio's base_events/selector_events: resolving, connecting, serving and accepting,
 * the low-level sock_* calls. [EventLoop]'s "Network I/O" members delegate here.
 */
internal object NetEvents {
    /** asyncio's ACCEPT_RETRY_DELAY: seconds before accepting again after running out of file descriptors. */
    private const val ACCEPT_RETRY_DELAY = 1.0

    private val IPV4_LITERAL = Regex("""\d{1,3}(\.\d{1,3}){3}""")

    // ------------------------------------------------------------------------------------------------
    // Name resolution.

    /** True for an IP literal, which resolves without a lookup (asyncio's _ipaddr_info fast path). */
    @JvmSynthetic fun isIpLiteral(host: String): Boolean = IPV4_LITERAL.matches(host) || host.contains(':')

    /**
     * Every address of [host] with [port]: an IP literal at once, a name through the default executor (off the
     * loop thread, as asyncio's getaddrinfo), null host: the wildcard address. Fails with UnknownHostException.
     */
    @JvmSynthetic fun resolve(loop: EventLoop, host: String?, port: Int): CompletionStage<List<InetSocketAddress>> {
        require(port in 0..65535) { "port must be in 0..65535: $port" }
        if (host == null) return done(loop, listOf(InetSocketAddress(port)))
        if (isIpLiteral(host)) {
            return try {
                done(loop, listOf(InetSocketAddress(InetAddress.getByName(host.removePrefix("[").removeSuffix("]")), port)))
            } catch (e: IOException) {
                failed(loop, e)
            }
        }
        return getaddrinfo(loop, host, port)
    }

    @JvmSynthetic fun getaddrinfo(loop: EventLoop, host: String, port: Int): Future<List<InetSocketAddress>> =
        loop.runInExecutor(null) {
            InetAddress.getAllByName(host).map { InetSocketAddress(it, port) }.distinct()
        }

    /** (host name, port as text) for [address], looked up off the loop thread (asyncio's getnameinfo). */
    @JvmSynthetic fun getnameinfo(loop: EventLoop, address: InetSocketAddress): Future<List<String>> =
        loop.runInExecutor(null) { listOf(address.address.hostName, address.port.toString()) }

    // ------------------------------------------------------------------------------------------------
    // Connecting.

    @JvmSynthetic fun <P : BaseProtocol> createConnection(
        loop: EventLoop,
        protocolFactory: Supplier<P>,
        host: String?,
        port: Int,
        options: ConnectionOptions,
    ): CompletionStage<Connection<P>> {
        loop.checkClosed()
        val tls = try {
            options.tlsSettings(host)
        } catch (e: IllegalArgumentException) {
            return failed(loop, e)
        }
        val given = options.sock
        if (given != null) {
            if (host != null) return failed(loop, IllegalArgumentException("host/port and sock can not be specified at the same time"))
            return prepared(loop, given).thenCompose { createConnectionTransport(loop, it, protocolFactory, null, tls) }
        }
        if (host == null) return failed(loop, IllegalArgumentException("host and port was not specified and no sock specified"))
        return resolve(loop, host, port).thenCompose { all ->
            if (all.isEmpty()) throw IOException("getaddrinfo() returned empty list")
            val resolved = AddressInfo.filter(all, options.family)
            val delay = options.happyEyeballsDelay
            val interleave = options.interleave ?: if (delay != null) 1 else 0
            val addresses = if (interleave > 0) HappyEyeballs.interleave(resolved, interleave) else resolved
            if (delay == null) connectFirst(loop, addresses, 0, options.localAddr, ArrayList(), options.allErrors)
            else HappyEyeballs.race(loop, addresses, delay, options.localAddr, options.allErrors)
        }.thenCompose { channel -> createConnectionTransport(loop, channel, protocolFactory, null, tls) }
    }

    private fun prepared(loop: EventLoop, channel: SocketChannel): CompletionStage<SocketChannel> = try {
        channel.configureBlocking(false)
        done(loop, channel)
    } catch (e: IOException) {
        failed(loop, e)
    }

    /** Tries each address in turn (asyncio without happy eyeballs); all failing: the error, or all of them. */
    private fun connectFirst(
        loop: EventLoop,
        addresses: List<InetSocketAddress>,
        index: Int,
        localAddr: SocketAddress?,
        errors: MutableList<IOException>,
        allErrors: Boolean,
    ): CompletionStage<SocketChannel> {
        if (index == addresses.size) return failed(loop, HappyEyeballs.failure(errors, allErrors))
        val address = addresses[index]
        val channel: SocketChannel
        try {
            channel = SocketChannel.open(if (address.address is Inet6Address) StandardProtocolFamily.INET6 else StandardProtocolFamily.INET)
            channel.configureBlocking(false)
            if (localAddr != null) {
                try {
                    channel.bind(localAddr)
                } catch (e: IOException) {
                    channel.close()
                    throw BindException("error while attempting to bind on address $localAddr: ${e.message?.lowercase()}")
                }
            }
        } catch (e: IOException) {
            errors.add(e)
            return connectFirst(loop, addresses, index + 1, localAddr, errors, allErrors)
        }
        val result = Stage<SocketChannel>(loop)
        sockConnect(loop, channel, address).whenComplete { _, failure ->
            if (failure == null) {
                result.complete(channel)
                return@whenComplete
            }
            try {
                channel.close()
            } catch (_: IOException) {
            }
            val cause = Futures.unwrap(failure)
            if (cause !is IOException) {
                result.completeExceptionally(cause)
                return@whenComplete
            }
            errors.add(cause)
            connectFirst(loop, addresses, index + 1, localAddr, errors, allErrors).whenComplete { ch, e ->
                if (e != null) result.completeExceptionally(Futures.unwrap(e)) else result.complete(ch)
            }
        }
        return result
    }

    @JvmSynthetic fun <P : BaseProtocol> createConnectionTransport(
        loop: EventLoop,
        channel: SocketChannel,
        protocolFactory: Supplier<P>,
        server: Server?,
        tls: TlsSettings? = null,
    ): CompletionStage<Connection<P>> {
        val protocol = try {
            protocolFactory.get()
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            try {
                channel.close()
            } catch (_: IOException) {
            }
            return failed(loop, e)
        }
        val waiter = loop.createFuture<Void?>()
        if (tls != null) {
            // asyncio's _make_ssl_transport: the socket transport carries the SslProtocol, the app gets its transport.
            val ssl = SslProtocol(loop, protocol, tls, waiter, true)
            val socket = SocketTransport(loop, channel, ssl, null, emptyMap(), server)
            return waiter.handle { _, e ->
                if (e != null) {
                    socket.close()
                    throw Futures.unwrap(e)
                }
                Connection<P>(ssl.appTransport, protocol)
            }
        }
        val transport = SocketTransport(loop, channel, protocol, waiter, emptyMap(), server)
        return waiter.handle { _, e ->
            if (e != null) {
                transport.close()
                throw Futures.unwrap(e)
            }
            Connection<P>(transport, protocol)
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Serving.

    @JvmSynthetic fun createServer(
        loop: EventLoop,
        protocolFactory: Supplier<out BaseProtocol>,
        host: String?,
        port: Int,
        options: ServerOptions,
    ): CompletionStage<Server> {
        loop.checkClosed()
        try {
            options.tlsSettings()
        } catch (e: IllegalArgumentException) {
            return failed(loop, e)
        }
        val given = options.sock
        if (given != null) {
            if (host != null || port != 0) {
                return failed(loop, IllegalArgumentException("host/port and sock can not be specified at the same time"))
            }
            return try {
                given.configureBlocking(false)
                startServer(loop, listOf(given), protocolFactory, options)
            } catch (e: IOException) {
                failed(loop, e)
            }
        }
        return resolve(loop, host, port).thenCompose { resolved ->
            val addresses = AddressInfo.filter(resolved, options.family)
            val sockets = ArrayList<ServerSocketChannel>()
            try {
                for (address in addresses) sockets.add(bindServer(address, options))
            } catch (e: Throwable) {
                for (s in sockets) s.close()
                throw e
            }
            startServer(loop, sockets, protocolFactory, options)
        }
    }

    @JvmSynthetic fun createUnixServer(
        loop: EventLoop,
        protocolFactory: Supplier<out BaseProtocol>,
        path: java.nio.file.Path?,
        options: ServerOptions,
    ): CompletionStage<Server> {
        loop.checkClosed()
        val given = options.sock
        val sock: ServerSocketChannel
        if (given != null) {
            if (path != null) return failed(loop, IllegalArgumentException("path and sock can not be specified at the same time"))
            val local = try {
                given.localAddress
            } catch (e: IOException) {
                return failed(loop, e)
            }
            if (local !is UnixDomainSocketAddress) {
                return failed(loop, IllegalArgumentException("A UNIX Domain Stream Socket was expected, got $given"))
            }
            sock = given
            try {
                sock.configureBlocking(false)
            } catch (e: IOException) {
                return failed(loop, e)
            }
        } else {
            if (path == null) return failed(loop, IllegalArgumentException("path was not specified, and no sock specified"))
            val address = UnixDomainSocketAddress.of(path)
            removeStaleSocket(path)
            sock = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
            try {
                sock.bind(address, options.backlog)
                sock.configureBlocking(false)
            } catch (e: IOException) {
                sock.close()
                if (e is BindException && e.message?.contains("in use", ignoreCase = true) == true) {
                    return failed(loop, BindException("Address '$path' is already in use"))
                }
                return failed(loop, e)
            }
        }
        if (options.cleanupSocket) {
            val file = (sock.localAddress as UnixDomainSocketAddress).path
            try {
                val ino = java.nio.file.Files.getAttribute(file, "unix:ino")
                synchronized(unixServerSockets) { unixServerSockets[sock] = Pair(file, ino) }
            } catch (_: IOException) {
            } catch (_: UnsupportedOperationException) {
            }
        }
        return startServer(loop, listOf(sock), protocolFactory, options)
    }

    /**
     * asyncio's create_unix_server removes a socket file left at [path] (by a server that closed: the file
     * outlives the socket) before binding; any other kind of file stays, and the bind fails "already in use".
     */
    private fun removeStaleSocket(path: java.nio.file.Path) {
        try {
            val isSocket = try {
                val mode = java.nio.file.Files.getAttribute(path, "unix:mode") as Int
                mode and S_IFMT == S_IFSOCK
            } catch (_: UnsupportedOperationException) {
                java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes::class.java).isOther
            }
            if (isSocket) java.nio.file.Files.delete(path)
        } catch (_: java.nio.file.NoSuchFileException) {
        } catch (e: IOException) {
            // The directory may allow creating a socket but not inspecting it: let bind decide.
            SelectorTransport.LOGGER.log(System.Logger.Level.ERROR,
                "Unable to check or remove stale UNIX socket '$path': $e")
        }
    }

    private const val S_IFMT = 0xF000
    private const val S_IFSOCK = 0xC000

    private fun bindServer(address: InetSocketAddress, options: ServerOptions): ServerSocketChannel {
        val family = if (address.address is Inet6Address) StandardProtocolFamily.INET6 else StandardProtocolFamily.INET
        val sock = ServerSocketChannel.open(family)
        try {
            sock.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress)
            if (options.reusePort) {
                if (!sock.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    throw IllegalArgumentException("reuse_port not supported by socket module")
                }
                sock.setOption(StandardSocketOptions.SO_REUSEPORT, true)
            }
            sock.configureBlocking(false)
            try {
                sock.bind(address, options.backlog)
            } catch (e: IOException) {
                val where = "('${address.address.hostAddress}', ${address.port})"
                throw BindException("error while attempting to bind on address $where: ${e.message?.lowercase()}")
            }
        } catch (e: Throwable) {
            sock.close()
            throw e
        }
        return sock
    }

    private fun startServer(
        loop: EventLoop,
        sockets: List<ServerSocketChannel>,
        protocolFactory: Supplier<out BaseProtocol>,
        options: ServerOptions,
    ): CompletionStage<Server> {
        val server = Server(loop, sockets, protocolFactory, options.backlog)
        server.tls = options.tlsSettings()
        server.keepAlive = options.keepAlive
        if (!options.startServing) return done(loop, server)
        server.startServingNow()
        // asyncio skips one iteration so that all add_reader calls go through.
        return sleepOn<Void?>(loop, 0.0, null).thenApply { server }
    }

    @JvmSynthetic fun startServing(
        loop: EventLoop,
        protocolFactory: Supplier<out BaseProtocol>,
        sock: ServerSocketChannel,
        server: Server,
        backlog: Int,
    ) {
        loop.selectorPoller().addReader(sock) { acceptConnection(loop, protocolFactory, sock, server, backlog) }
    }

    @JvmSynthetic fun stopServing(loop: EventLoop, sock: ServerSocketChannel) {
        val selector = loop.selectorPoller()
        selector.removeReader(sock)
        try {
            sock.close()
        } catch (_: IOException) {
        }
        selector.flushClosedKeys() // free the port now, as closing the socket does in asyncio
        val made = synchronized(unixServerSockets) { unixServerSockets.remove(sock) } ?: return
        try { // cleanup_socket: remove the file only if it is still the one this server made
            if (java.nio.file.Files.getAttribute(made.first, "unix:ino") == made.second) java.nio.file.Files.delete(made.first)
        } catch (_: IOException) {
        } catch (_: UnsupportedOperationException) {
        }
    }

    /** Unix server sockets with cleanup_socket: their path and the inode of the file they made (asyncio's dict). */
    private val unixServerSockets = java.util.WeakHashMap<ServerSocketChannel, Pair<java.nio.file.Path, Any?>>()

    /** Accepts up to [backlog] pending connections, each set up by its own task (asyncio's _accept_connection). */
    private fun acceptConnection(
        loop: EventLoop,
        protocolFactory: Supplier<out BaseProtocol>,
        sock: ServerSocketChannel,
        server: Server,
        backlog: Int,
    ) {
        repeat(maxOf(1, backlog)) {
            val conn = try {
                sock.accept() ?: return
            } catch (e: IOException) {
                if (!sock.isOpen) return
                if (e.message?.contains("Too many open files") == true) {
                    loop.callExceptionHandler(linkedMapOf("message" to "socket.accept() out of system resource",
                        "exception" to e, "socket" to sock))
                    loop.selectorPoller().removeReader(sock)
                    loop.callLater(ACCEPT_RETRY_DELAY) {
                        if (server.isServing() && sock.isOpen) startServing(loop, protocolFactory, sock, server, backlog)
                    }
                    return
                }
                throw e
            }
            conn.configureBlocking(false)
            if (server.keepAlive) conn.setOption(StandardSocketOptions.SO_KEEPALIVE, true)
            loop.createTask(Coroutine { acceptConnection2(loop, protocolFactory, conn, server) })
        }
    }

    private fun acceptConnection2(
        loop: EventLoop,
        protocolFactory: Supplier<out BaseProtocol>,
        conn: SocketChannel,
        server: Server,
    ): CompletionStage<Void?> =
        createConnectionTransport(loop, conn, protocolFactory, server, server.tls).handle { _, e ->
            // asyncio reports a failed set-up (a TLS handshake a port scan or health check aborts) only in debug mode.
            if (e != null && loop.getDebug()) {
                loop.callExceptionHandler(linkedMapOf("message" to "Error on transport creation for incoming connection",
                    "exception" to Futures.unwrap(e)))
            }
            null
        }

    // ------------------------------------------------------------------------------------------------
    // Low-level socket operations (asyncio's sock_*): the socket must be non-blocking.

    @JvmSynthetic fun sockConnect(loop: EventLoop, channel: SocketChannel, address: SocketAddress): Future<Void?> {
        checkNonBlocking(channel)
        val fut = loop.createFuture<Void?>()
        try {
            if (channel.connect(address)) {
                fut.setResult(null)
                return fut
            }
        } catch (e: IOException) {
            fut.setException(connectError(e, address))
            return fut
        }
        val selector = loop.selectorPoller()
        selector.addWriter(channel) {
            if (fut.done()) {
                selector.removeWriter(channel)
                return@addWriter
            }
            try {
                if (channel.finishConnect()) {
                    selector.removeWriter(channel)
                    fut.setResult(null)
                }
            } catch (e: IOException) {
                selector.removeWriter(channel)
                fut.setException(connectError(e, address))
            }
        }
        fut.addDoneCallback { if (it.cancelled() && channel.isOpen) selector.removeWriter(channel) }
        return fut
    }

    private fun connectError(e: IOException, address: SocketAddress): IOException {
        val text = "Connect call failed $address: ${e.message}"
        return (if (e is ConnectException) ConnectException(text) else IOException(text)).apply { initCause(e) }
    }

    @JvmSynthetic fun sockAccept(loop: EventLoop, sock: ServerSocketChannel): Future<SocketChannel> {
        checkNonBlocking(sock)
        val fut = loop.createFuture<SocketChannel>()
        val selector = loop.selectorPoller()
        val attempt = Runnable {
            if (fut.done()) {
                selector.removeReader(sock)
                return@Runnable
            }
            try {
                val conn = sock.accept()
                if (conn != null) {
                    conn.configureBlocking(false)
                    selector.removeReader(sock)
                    fut.setResult(conn)
                }
            } catch (e: IOException) {
                selector.removeReader(sock)
                fut.setException(e)
            }
        }
        attempt.run()
        if (!fut.done()) {
            selector.addReader(sock, attempt)
            fut.addDoneCallback { if (it.cancelled() && sock.isOpen) selector.removeReader(sock) }
        }
        return fut
    }

    /** Up to [nbytes] bytes; an empty array at EOF. */
    @JvmSynthetic fun sockRecv(loop: EventLoop, channel: SocketChannel, nbytes: Int): Future<ByteArray> {
        require(nbytes >= 0) { "nbytes must be >= 0: $nbytes" }
        val buf = ByteBuffer.allocate(nbytes)
        return readWhenReady(loop, channel) {
            val n = channel.read(buf)
            when {
                n < 0 -> ByteArray(0)
                n == 0 && nbytes > 0 -> null
                else -> buf.array().copyOf(n)
            }
        }
    }

    /** Reads into [buffer] (from its position); the count read, 0 at EOF. */
    @JvmSynthetic fun sockRecvInto(loop: EventLoop, channel: SocketChannel, buffer: ByteBuffer): Future<Int> =
        readWhenReady(loop, channel) {
            val n = channel.read(buffer)
            when {
                n < 0 -> 0
                n == 0 && buffer.hasRemaining() -> null
                else -> n
            }
        }

    /** Runs [attempt] now and whenever [channel] is readable, until it returns non-null or throws. */
    @JvmSynthetic internal fun <T> readWhenReady(
        loop: EventLoop,
        channel: java.nio.channels.SelectableChannel,
        attempt: () -> T?,
    ): Future<T> {
        checkNonBlocking(channel)
        val fut = loop.createFuture<T>()
        val selector = loop.selectorPoller()
        val step = Runnable {
            if (fut.done()) {
                selector.removeReader(channel)
                return@Runnable
            }
            try {
                val value = attempt()
                if (value != null) {
                    selector.removeReader(channel)
                    fut.setResult(value)
                }
            } catch (e: IOException) {
                selector.removeReader(channel)
                fut.setException(e)
            }
        }
        try {
            val value = attempt()
            if (value != null) {
                fut.setResult(value)
                return fut
            }
        } catch (e: IOException) {
            fut.setException(e)
            return fut
        }
        if (selector.hasReader(channel)) {
            fut.setException(IllegalStateException("another operation is already waiting to read from $channel"))
            return fut
        }
        selector.addReader(channel, step)
        fut.addDoneCallback { if (it.cancelled() && channel.isOpen) selector.removeReader(channel) }
        return fut
    }

    /** Sends all of [data], waiting for the socket to drain as often as needed. */
    @JvmSynthetic fun sockSendall(loop: EventLoop, channel: SocketChannel, data: ByteArray): Future<Void?> {
        checkNonBlocking(channel)
        val buf = ByteBuffer.wrap(data.copyOf())
        val fut = loop.createFuture<Void?>()
        try {
            channel.write(buf)
        } catch (e: IOException) {
            fut.setException(e)
            return fut
        }
        if (!buf.hasRemaining()) {
            fut.setResult(null)
            return fut
        }
        val selector = loop.selectorPoller()
        if (selector.hasWriter(channel)) {
            fut.setException(IllegalStateException("another operation is already waiting to write to $channel"))
            return fut
        }
        selector.addWriter(channel) {
            if (fut.done()) {
                selector.removeWriter(channel)
                return@addWriter
            }
            try {
                channel.write(buf)
                if (!buf.hasRemaining()) {
                    selector.removeWriter(channel)
                    fut.setResult(null)
                }
            } catch (e: IOException) {
                selector.removeWriter(channel)
                fut.setException(e)
            }
        }
        fut.addDoneCallback { if (it.cancelled() && channel.isOpen) selector.removeWriter(channel) }
        return fut
    }

    @JvmSynthetic fun checkNonBlocking(channel: java.nio.channels.SelectableChannel) {
        if (channel.isBlocking) throw IllegalArgumentException("the socket must be non-blocking: $channel")
    }

    // ------------------------------------------------------------------------------------------------
    // Datagrams.

    /**
     * A UDP endpoint bound to [localAddr] (null: an ephemeral port on the wildcard) and, if [remoteAddr] is
     * given, connected to it (asyncio's create_datagram_endpoint). Unresolved addresses are resolved first.
     */
    @JvmSynthetic fun <P : DatagramProtocol> createDatagramEndpoint(
        loop: EventLoop,
        protocolFactory: Supplier<P>,
        localAddr: InetSocketAddress?,
        remoteAddr: InetSocketAddress?,
        reuseAddress: Boolean,
        allowBroadcast: Boolean,
    ): CompletionStage<DatagramEndpoint<P>> = createDatagramEndpoint(loop, protocolFactory, localAddr, remoteAddr,
        DatagramOptions().reuseAddress(reuseAddress).allowBroadcast(allowBroadcast))

    /** create_datagram_endpoint with its keywords ([options]: family, reuse, broadcast, sock), asyncio's checks. */
    @JvmSynthetic fun <P : DatagramProtocol> createDatagramEndpoint(
        loop: EventLoop,
        protocolFactory: Supplier<P>,
        localAddr: InetSocketAddress?,
        remoteAddr: InetSocketAddress?,
        options: DatagramOptions,
    ): CompletionStage<DatagramEndpoint<P>> {
        loop.checkClosed()
        val reuseAddress = options.reuseAddress
        val allowBroadcast = options.allowBroadcast
        val given = options.sock
        if (given != null) {
            val modifiers = listOfNotNull(
                localAddr?.let { "local_addr=$it" }, remoteAddr?.let { "remote_addr=$it" },
                options.family?.let { "family=$it" }, "reuse_address=true".takeIf { reuseAddress },
                "allow_broadcast=true".takeIf { allowBroadcast })
            if (modifiers.isNotEmpty()) {
                return failed(loop, IllegalArgumentException(
                    "socket modifier keyword arguments can not be used when sock is specified. (${modifiers.joinToString(", ")})"))
            }
            return try {
                given.configureBlocking(false)
                datagramTransport(loop, protocolFactory, given, given.remoteAddress)
            } catch (e: IOException) {
                failed(loop, e)
            }
        }
        val family = options.family
        if (localAddr == null && remoteAddr == null) {
            if (family == null) return failed(loop, IllegalArgumentException("unexpected address family"))
            return try {
                val channel = DatagramChannel.open(family)
                channel.configureBlocking(false)
                if (reuseAddress) channel.setOption(StandardSocketOptions.SO_REUSEADDR, true)
                if (allowBroadcast) channel.setOption(StandardSocketOptions.SO_BROADCAST, true)
                datagramTransport(loop, protocolFactory, channel, null)
            } catch (e: IOException) {
                failed(loop, e)
            }
        }
        val local = resolveOne(loop, localAddr)
        val remote = resolveOne(loop, remoteAddr)
        return local.thenCombine(remote) { l, r -> l to r }.thenCompose { (l, r) ->
            for (a in listOfNotNull(l, r)) AddressInfo.filter(listOf(a), family)
            val v6 = (l ?: r)!!.address is Inet6Address
            val channel = DatagramChannel.open(if (v6) StandardProtocolFamily.INET6 else StandardProtocolFamily.INET)
            try {
                channel.configureBlocking(false)
                if (reuseAddress) channel.setOption(StandardSocketOptions.SO_REUSEADDR, true)
                if (allowBroadcast) channel.setOption(StandardSocketOptions.SO_BROADCAST, true)
                if (l != null) {
                    try {
                        channel.bind(l)
                    } catch (e: IOException) {
                        throw BindException("error while attempting to bind on address $l: ${e.message?.lowercase()}")
                    }
                }
                if (r != null) channel.connect(r)
            } catch (e: Throwable) {
                channel.close()
                throw e
            }
            datagramTransport(loop, protocolFactory, channel, r)
        }
    }

    private fun <P : DatagramProtocol> datagramTransport(
        loop: EventLoop, protocolFactory: Supplier<P>, channel: DatagramChannel, remote: java.net.SocketAddress?,
    ): CompletionStage<DatagramEndpoint<P>> {
        val protocol = protocolFactory.get()
        val waiter = loop.createFuture<Void?>()
        val transport = SelectorDatagramTransport(loop, channel, protocol, remote, waiter)
        return waiter.handle { _, e ->
            if (e != null) {
                transport.close()
                throw Futures.unwrap(e)
            }
            DatagramEndpoint(transport, protocol)
        }
    }

    private fun resolveOne(loop: EventLoop, address: InetSocketAddress?): CompletionStage<InetSocketAddress?> {
        if (address == null || !address.isUnresolved) return done(loop, address)
        return resolve(loop, address.hostString, address.port).thenApply { it.firstOrNull() ?: throw IOException("getaddrinfo() returned empty list") }
    }

    /** One datagram and its sender, up to [bufsize] bytes (asyncio's sock_recvfrom). */
    @JvmSynthetic fun sockRecvfrom(loop: EventLoop, channel: DatagramChannel, bufsize: Int): Future<Map.Entry<ByteArray, SocketAddress>> {
        val buf = ByteBuffer.allocate(bufsize)
        return readWhenReady(loop, channel) {
            val from = channel.receive(buf) ?: return@readWhenReady null
            buf.flip()
            val data = ByteArray(buf.remaining())
            buf.get(data)
            java.util.AbstractMap.SimpleImmutableEntry(data, from)
        }
    }

    /** Sends one datagram to [address] (asyncio's sock_sendto); the number of bytes sent. */
    @JvmSynthetic fun sockSendto(loop: EventLoop, channel: DatagramChannel, data: ByteArray, address: SocketAddress): Future<Int> {
        checkNonBlocking(channel)
        val fut = loop.createFuture<Int>()
        val buf = ByteBuffer.wrap(data.copyOf())
        val selector = loop.selectorPoller()
        val attempt = {
            val n = channel.send(buf, address)
            if (n == 0 && data.isNotEmpty()) null else n
        }
        try {
            attempt()?.let {
                fut.setResult(it)
                return fut
            }
        } catch (e: IOException) {
            fut.setException(e)
            return fut
        }
        selector.addWriter(channel) {
            if (fut.done()) {
                selector.removeWriter(channel)
                return@addWriter
            }
            try {
                attempt()?.let {
                    selector.removeWriter(channel)
                    fut.setResult(it)
                }
            } catch (e: IOException) {
                selector.removeWriter(channel)
                fut.setException(e)
            }
        }
        fut.addDoneCallback { if (it.cancelled() && channel.isOpen) selector.removeWriter(channel) }
        return fut
    }

    // ------------------------------------------------------------------------------------------------

    @JvmSynthetic fun <T> done(loop: EventLoop, value: T): CompletionStage<T> = Stage<T>(loop).also { it.complete(value) }

    @JvmSynthetic fun <T> failed(loop: EventLoop, e: Throwable): CompletionStage<T> =
        Stage<T>(loop).also { it.completeExceptionally(e) }

}
