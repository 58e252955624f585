"""C5 in Python: an aiohttp server with a tiny endpoint and a CPU endpoint (fib(N) on the
loop, or through run_in_executor with a process pool or a thread pool), and the loop's
delay measured by a ticker (asyncio has no built-in monitor).

    server.py N MITIGATION [POOL]     MITIGATION: none | process-pool | thread-pool
Prints "ready PORT COST_MS" (COST_MS: one fib(N) on this thread) when it listens.
"""
import asyncio
import concurrent.futures
import socket
import statistics
import sys
import time

from aiohttp import web


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


class LoopDelay:
    """How late a 10 ms sleep wakes up: the loop's delay, as Node's monitorEventLoopDelay
    (resolution 10 ms) reports it."""

    def __init__(self):
        self.samples = []

    async def run(self):
        while True:
            start = time.perf_counter()
            await asyncio.sleep(0.01)
            self.samples.append(max(0.0, time.perf_counter() - start - 0.01))

    def take(self):
        samples, self.samples = sorted(self.samples) or [0.0], []
        pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]  # noqa: E731
        return {"lag_p50": statistics.median(samples), "lag_p99": pick(0.99),
                "lag_max": samples[-1]}


def main():
    n, mitigation = int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "none"
    pool_size = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    pools = {"none": None, "process-pool": concurrent.futures.ProcessPoolExecutor,
             "thread-pool": concurrent.futures.ThreadPoolExecutor}
    if mitigation not in pools:
        raise SystemExit(f"server.py: unknown mitigation {mitigation}")
    pool = pools[mitigation] and pools[mitigation](pool_size)
    delay = LoopDelay()

    async def tiny(request):
        return web.Response(text="ok")

    async def cpu(request):
        if pool is None:
            result = fib(n)
        else:
            result = await asyncio.get_running_loop().run_in_executor(pool, fib, n)
        return web.Response(text=str(result))

    async def stats(request):
        return web.json_response(delay.take())

    async def start(app):
        app["ticker"] = asyncio.create_task(delay.run())
        if pool is not None:  # start the pool's workers now, not in the first request
            await asyncio.gather(*[asyncio.get_running_loop().run_in_executor(pool, fib, 1)
                                   for _ in range(pool_size)])

    app = web.Application()
    app.add_routes([web.get("/tiny", tiny), web.get("/cpu", cpu), web.get("/stats", stats)])
    app.on_startup.append(start)

    async def serve():
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        sock = socket.create_server(("127.0.0.1", 0))
        await web.SockSite(runner, sock).start()
        port = sock.getsockname()[1]
        t = time.perf_counter()
        for _ in range(3):
            fib(n)
        print(f"ready {port} {(time.perf_counter() - t) / 3 * 1000}", flush=True)
        await asyncio.Event().wait()

    try:
        asyncio.run(serve())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


if __name__ == "__main__":
    main()
