"""Echo server for the echo workloads: usage echo_server.py [--uvloop] streams|protocol
Binds 127.0.0.1:0, prints "PORT <n>" on stdout, serves until killed."""
import asyncio
import sys


class EchoProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def handle(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


async def main(api):
    loop = asyncio.get_running_loop()
    if api == "streams":
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    else:
        server = await loop.create_server(EchoProtocol, "127.0.0.1", 0, backlog=1024)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--uvloop":
        import uvloop
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        args = args[1:]
    asyncio.run(main(args[0]))
