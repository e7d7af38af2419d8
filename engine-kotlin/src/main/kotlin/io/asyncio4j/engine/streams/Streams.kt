package io.asyncio4j.engine.streams

import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.net.ConnectionOptions
import io.asyncio4j.engine.net.Server
import io.asyncio4j.engine.net.ServerOptions
import java.nio.file.Path
import java.util.concurrent.CompletionStage
import java.util.function.Supplier

/** asyncio's streams module functions, on the running loop. The Java facade calls these. */
public object Streams {
    /** Connects and returns a (reader, writer) pair; [limit] is the reader's buffer limit (asyncio.open_connection). */
    @JvmStatic
    @JvmOverloads
    public fun openConnection(
        host: String,
        port: Int,
        limit: Int = StreamReader.DEFAULT_LIMIT,
        options: ConnectionOptions = ConnectionOptions(),
    ): CompletionStage<StreamPair> {
        val loop = Events.getRunningLoop()
        val reader = StreamReader(limit, loop)
        val protocol = StreamReaderProtocol(reader, null, loop)
        return loop.createConnection(Supplier { protocol }, host, port, options)
            .thenApply { conn -> StreamPair(reader, StreamWriter(conn.transport(), protocol, reader, loop)) }
    }

    /** Serves each connection by calling [clientConnected] with its reader and writer (asyncio.start_server). */
    @JvmStatic
    @JvmOverloads
    public fun startServer(
        clientConnected: ClientConnectedCallback,
        host: String?,
        port: Int,
        limit: Int = StreamReader.DEFAULT_LIMIT,
        options: ServerOptions = ServerOptions(),
    ): CompletionStage<Server> {
        val loop = Events.getRunningLoop()
        return loop.createServer(Supplier {
            StreamReaderProtocol(StreamReader(limit, loop), clientConnected, loop)
        }, host, port, options)
    }

    /** openConnection over a Unix domain socket (asyncio.open_unix_connection). */
    @JvmStatic
    @JvmOverloads
    public fun openUnixConnection(path: Path, limit: Int = StreamReader.DEFAULT_LIMIT): CompletionStage<StreamPair> {
        val loop = Events.getRunningLoop()
        val reader = StreamReader(limit, loop)
        val protocol = StreamReaderProtocol(reader, null, loop)
        return loop.createUnixConnection(Supplier { protocol }, path)
            .thenApply { conn -> StreamPair(reader, StreamWriter(conn.transport(), protocol, reader, loop)) }
    }

    /** [openUnixConnection] with create_unix_connection's keywords ([options]: ssl, serverHostname, sock, ...). */
    @JvmStatic
    public fun openUnixConnection(path: Path?, limit: Int, options: ConnectionOptions): CompletionStage<StreamPair> {
        val loop = Events.getRunningLoop()
        val reader = StreamReader(limit, loop)
        val protocol = StreamReaderProtocol(reader, null, loop)
        return loop.createUnixConnection(Supplier { protocol }, path, options)
            .thenApply { conn -> StreamPair(reader, StreamWriter(conn.transport(), protocol, reader, loop)) }
    }

    /** startServer on a Unix domain socket (asyncio.start_unix_server). */
    @JvmStatic
    @JvmOverloads
    public fun startUnixServer(
        clientConnected: ClientConnectedCallback,
        path: Path,
        limit: Int = StreamReader.DEFAULT_LIMIT,
        options: ServerOptions = ServerOptions(),
    ): CompletionStage<Server> {
        val loop = Events.getRunningLoop()
        return loop.createUnixServer(Supplier {
            StreamReaderProtocol(StreamReader(limit, loop), clientConnected, loop)
        }, path, options)
    }
}
