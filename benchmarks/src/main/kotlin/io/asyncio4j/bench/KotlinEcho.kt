package io.asyncio4j.bench

import io.asyncio4j.engine.loop.Events
import io.asyncio4j.engine.net.Protocol
import io.asyncio4j.engine.net.ServerOptions
import io.asyncio4j.engine.net.Transport
import io.asyncio4j.engine.streams.startServer
import io.asyncio4j.engine.task.runAsyncio
import kotlinx.coroutines.future.await
import java.net.InetSocketAddress

/** The echo servers of [EchoServers] written against the Kotlin engine API (suspend functions). */
object KotlinEcho {
    private class EchoProtocol : Protocol {
        private lateinit var transport: Transport
        override fun connectionMade(transport: Transport) {
            this.transport = transport
        }

        override fun dataReceived(data: ByteArray) = transport.write(data)
    }

    fun run(api: String) = runAsyncio {
        val options = ServerOptions().backlog(1024)
        val server = if (api == "streams") {
            startServer("127.0.0.1", 0, 65536, options) { reader, writer ->
                while (true) {
                    val data = reader.read(65536).await()
                    if (data.isEmpty()) break
                    writer.write(data)
                    writer.drain().await()
                }
                writer.close()
            }
        } else {
            Events.getRunningLoop().createServer({ EchoProtocol() }, "127.0.0.1", 0, options).await()
        }
        println("PORT " + (server.sockets()[0].localAddress as InetSocketAddress).port)
        System.out.flush()
        server.serveForever().await()
    }
}
