"""TechEmpower's six tests on Flask with psycopg (synchronous), served by gunicorn's
threaded workers: the thread-per-request model the article contrasts with event loops.
One database connection per thread; the database comes from libpq's environment (PG*)."""
import os
import sys
import threading

import psycopg
from flask import Flask, render_template, request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tfb  # noqa: E402

app = Flask(__name__, template_folder=tfb.TEMPLATES)
app.json.sort_keys = False
local = threading.local()
SQL = tfb.SQL_PSYCOPG


def cursor():
    if getattr(local, "connection", None) is None:
        local.connection = psycopg.connect(autocommit=True)
    return local.connection.cursor()


def fetch_worlds(cur, n):
    rows = [cur.execute(SQL[tfb.SELECT_WORLD], (tfb.random_id(),)).fetchone() for _ in range(n)]
    return [{"id": i, "randomNumber": r} for i, r in rows]


@app.after_request
def server_header(response):
    response.headers["Server"] = "flask"
    return response


@app.get("/plaintext")
def plaintext():
    return "Hello, World!", {"Content-Type": "text/plain"}


@app.get("/json")
def json_():
    return {"message": "Hello, World!"}


@app.get("/db")
def db():
    with cursor() as cur:
        return fetch_worlds(cur, 1)[0]


@app.get("/queries")
def queries():
    with cursor() as cur:
        return fetch_worlds(cur, tfb.queries_count(request.args.get("queries")))


@app.get("/updates")
def updates():
    with cursor() as cur:
        worlds = fetch_worlds(cur, tfb.queries_count(request.args.get("queries")))
        cur.execute(SQL[tfb.UPDATE_WORLDS], tfb.updated(worlds))
    return worlds


@app.get("/fortunes")
def fortunes():
    with cursor() as cur:
        rows = [{"id": i, "message": m} for i, m in cur.execute(SQL[tfb.SELECT_FORTUNES])]
    return render_template("fortunes.html", fortunes=tfb.with_added_fortune(rows))
