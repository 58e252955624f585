"""What TechEmpower's rules fix for every Python server, written once: the queries count,
random ids, the SQL, the added fortune and the order, and the fortunes template (jinja2,
autoescaped). The servers beside this file add only their framework's code."""
import os
import random
import socket

import jinja2

ADDED_FORTUNE = {"id": 0, "message": "Additional fortune added at request time."}
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
FORTUNES = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              autoescape=True).get_template("fortunes.html")
# asyncpg's placeholders; psycopg's are %s (SQL_PSYCOPG).
SELECT_WORLD = "SELECT id, randomNumber FROM World WHERE id = $1"
SELECT_FORTUNES = "SELECT id, message FROM Fortune"
# One statement per batch (TFB allows batches), rows given in id order so that concurrent
# batches lock them in the same order.
UPDATE_WORLDS = ("UPDATE World SET randomNumber = v.r FROM (SELECT unnest($1::int[]) AS id, "
                 "unnest($2::int[]) AS r) AS v WHERE World.id = v.id")
SQL_PSYCOPG = {q: q.replace("$1", "%s").replace("$2", "%s")
               for q in (SELECT_WORLD, SELECT_FORTUNES, UPDATE_WORLDS)}


def listening_socket():
    """127.0.0.1:$PORT. With WORKERS > 1 the `replicas` script runs that many copies of the
    server, each with its own socket on the port (SO_REUSEPORT: the kernel spreads the
    connections); alone, a port in use is an error."""
    return socket.create_server(("127.0.0.1", int(os.environ.get("PORT", "0"))), backlog=1024,
                                reuse_port=int(os.environ.get("WORKERS", "1")) > 1)


def queries_count(value):
    """TFB: a missing, non-numeric or smaller count is 1; a larger one is 500."""
    try:
        return min(500, max(1, int(value)))
    except (TypeError, ValueError):
        return 1


def random_id():
    return random.randint(1, 10000)


def with_added_fortune(rows):
    """The fortunes with the one added at request time, sorted by message."""
    return sorted([*rows, ADDED_FORTUNE], key=lambda f: f["message"])


def updated(worlds):
    """New random numbers for the rows, and the update's arguments (ids in order)."""
    for w in worlds:
        w["randomNumber"] = random_id()
    ordered = sorted(worlds, key=lambda w: w["id"])
    return [w["id"] for w in ordered], [w["randomNumber"] for w in ordered]
