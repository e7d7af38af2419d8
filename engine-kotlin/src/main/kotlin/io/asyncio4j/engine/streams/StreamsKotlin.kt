// Kotlin suspend forms of the streams API. StreamReader's own methods return CompletionStages for Java; in
// Kotlin `reader.readline().await()` is the same call; these top-level functions cover the module functions
// and the line iteration.
package io.asyncio4j.engine.streams

import io.asyncio4j.engine.net.ConnectionOptions
import io.asyncio4j.engine.net.Server
import io.asyncio4j.engine.net.ServerOptions
import io.asyncio4j.engine.task.coroutine
import java.nio.file.Path
import java.util.concurrent.CompletionStage

/** asyncio.open_connection for Kotlin: `val (reader, writer) = openConnection("127.0.0.1", port)`. */
public suspend fun openConnection(
    host: String,
    port: Int,
    limit: Int = StreamReader.DEFAULT_LIMIT,
    options: ConnectionOptions = ConnectionOptions(),
): StreamPair = Streams.openConnection(host, port, limit, options).await()

/** asyncio.start_server for Kotlin: [clientConnected] runs as a suspend block in its own task per connection. */
public suspend fun startServer(
    host: String?,
    port: Int,
    limit: Int = StreamReader.DEFAULT_LIMIT,
    options: ServerOptions = ServerOptions(),
    clientConnected: suspend (StreamReader, StreamWriter) -> Unit,
): Server = Streams.startServer(kotlinCallback(clientConnected), host, port, limit, options).await()

/** asyncio.open_unix_connection for Kotlin: the (reader, writer) pair of a Unix-socket connection to [path]. */
public suspend fun openUnixConnection(path: Path, limit: Int = StreamReader.DEFAULT_LIMIT): StreamPair =
    Streams.openUnixConnection(path, limit).await()

/** asyncio.start_unix_server for Kotlin: serves [clientConnected] on a Unix socket at [path]. */
public suspend fun startUnixServer(
    path: Path,
    limit: Int = StreamReader.DEFAULT_LIMIT,
    options: ServerOptions = ServerOptions(),
    clientConnected: suspend (StreamReader, StreamWriter) -> Unit,
): Server = Streams.startUnixServer(kotlinCallback(clientConnected), path, limit, options).await()

private fun kotlinCallback(block: suspend (StreamReader, StreamWriter) -> Unit): ClientConnectedCallback =
    ClientConnectedCallback { reader, writer ->
        @Suppress("UNCHECKED_CAST")
        coroutine { block(reader, writer) }.start() as CompletionStage<Any?>
    }

/** `for (line in reader.lines())` is not possible with suspension; use this: `reader.forEachLine { ... }`. */
public suspend fun StreamReader.forEachLine(action: suspend (ByteArray) -> Unit) {
    while (true) {
        val line = readline().await()
        if (line.isEmpty()) return
        action(line)
    }
}
