"""TechEmpower's six tests on FastAPI (Starlette) served by uvicorn with uvloop and
httptools, asyncpg for the database and the jinja2 template, as their docs would write
them. Listens on 127.0.0.1:$PORT; the database comes from libpq's environment (PG*)."""
import os
import sys

import asyncpg
import uvicorn
from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, PlainTextResponse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tfb  # noqa: E402

app = FastAPI()
pool = None


@app.on_event("startup")
async def open_pool():
    global pool
    pool = await asyncpg.create_pool(min_size=4, max_size=int(os.environ.get("POOL_SIZE", "16")))


@app.on_event("shutdown")
async def close_pool():
    await pool.close()


@app.get("/plaintext", response_class=PlainTextResponse)
async def plaintext():
    return "Hello, World!"


@app.get("/json")
async def json_():
    return {"message": "Hello, World!"}


async def fetch_worlds(connection, n):
    statement = await connection.prepare(tfb.SELECT_WORLD)
    rows = [await statement.fetchrow(tfb.random_id()) for _ in range(n)]
    return [{"id": r["id"], "randomNumber": r["randomnumber"]} for r in rows]


@app.get("/db")
async def db():
    async with pool.acquire() as connection:
        return (await fetch_worlds(connection, 1))[0]


@app.get("/queries")
async def queries(queries: str = Query(None)):
    async with pool.acquire() as connection:
        return await fetch_worlds(connection, tfb.queries_count(queries))


@app.get("/updates")
async def updates(queries: str = Query(None)):
    async with pool.acquire() as connection:
        worlds = await fetch_worlds(connection, tfb.queries_count(queries))
        await connection.execute(tfb.UPDATE_WORLDS, *tfb.updated(worlds))
    return worlds


@app.get("/fortunes", response_class=HTMLResponse)
async def fortunes():
    async with pool.acquire() as connection:
        rows = [dict(r) for r in await connection.fetch(tfb.SELECT_FORTUNES)]
    return tfb.FORTUNES.render(fortunes=tfb.with_added_fortune(rows))


if __name__ == "__main__":
    config = uvicorn.Config(app, loop="uvloop", http="httptools", log_level="warning",
                            access_log=False)
    uvicorn.Server(config).run(sockets=[tfb.listening_socket()])
