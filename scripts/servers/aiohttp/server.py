"""TechEmpower's six tests on aiohttp and asyncpg, with the jinja2 template, as their docs
would write them. Listens on 127.0.0.1:$PORT; the database comes from libpq's environment
(PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), which asyncpg reads."""
import os
import sys

import asyncpg
from aiohttp import web

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tfb  # noqa: E402


async def plaintext(request):
    return web.Response(text="Hello, World!")


async def json_(request):
    return web.json_response({"message": "Hello, World!"})


async def fetch_worlds(connection, n):
    statement = await connection.prepare(tfb.SELECT_WORLD)
    rows = [await statement.fetchrow(tfb.random_id()) for _ in range(n)]
    return [{"id": r["id"], "randomNumber": r["randomnumber"]} for r in rows]


async def db(request):
    async with request.app["pool"].acquire() as connection:
        return web.json_response((await fetch_worlds(connection, 1))[0])


async def queries(request):
    n = tfb.queries_count(request.query.get("queries"))
    async with request.app["pool"].acquire() as connection:
        return web.json_response(await fetch_worlds(connection, n))


async def updates(request):
    n = tfb.queries_count(request.query.get("queries"))
    async with request.app["pool"].acquire() as connection:
        worlds = await fetch_worlds(connection, n)
        await connection.execute(tfb.UPDATE_WORLDS, *tfb.updated(worlds))
    return web.json_response(worlds)


async def fortunes(request):
    async with request.app["pool"].acquire() as connection:
        rows = [dict(r) for r in await connection.fetch(tfb.SELECT_FORTUNES)]
    return web.Response(text=tfb.FORTUNES.render(fortunes=tfb.with_added_fortune(rows)),
                        content_type="text/html", charset="utf-8")


async def start(app):
    app["pool"] = await asyncpg.create_pool(min_size=4, max_size=int(os.environ.get(
        "POOL_SIZE", "16")))


async def stop(app):
    await app["pool"].close()


def main():
    app = web.Application()
    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    app.add_routes([web.get("/plaintext", plaintext), web.get("/json", json_),
                    web.get("/db", db), web.get("/queries", queries),
                    web.get("/updates", updates), web.get("/fortunes", fortunes)])
    sock = tfb.listening_socket()
    print(f"listening {sock.getsockname()[1]}", flush=True)
    web.run_app(app, sock=sock, access_log=None, print=None)


if __name__ == "__main__":
    main()
