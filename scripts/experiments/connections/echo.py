"""C4 in Python: a TCP echo server, one of three models. Prints "ready PORT".

    echo.py asyncio | uvloop | threads
asyncio: the default event loop with streams; uvloop: the same code on uvloop (Debian's
python3-uvloop); threads: socketserver's thread per connection (the synchronous model).
"""
import asyncio
import socket
import socketserver
import sys


async def handle(reader, writer):
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def serve():
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    print(f"ready {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while data := self.request.recv(65536):
                self.request.sendall(data)
        except ConnectionError:
            pass


class ThreadedServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    request_queue_size = 1024  # the listen backlog (socketserver's default is 5)


def main():
    model = sys.argv[1] if len(sys.argv) > 1 else "asyncio"
    if model == "threads":
        with ThreadedServer(("127.0.0.1", 0), Echo) as server:
            print(f"ready {server.server_address[1]}", flush=True)
            server.serve_forever()
    elif model in ("asyncio", "uvloop"):
        if model == "uvloop":
            import uvloop
            uvloop.install()
        asyncio.run(serve())
    else:
        raise SystemExit(f"echo.py: unknown model {model}")


if __name__ == "__main__":
    main()
