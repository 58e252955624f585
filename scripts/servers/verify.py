"""Checks a running server's six endpoints against TechEmpower's rules and the database:
headers (Server, Date, Content-Type, a length), bodies, id and number ranges, rows that
match the database, the `queries` count clamped to 1..500 (missing, empty, non-numeric, 0,
501), fortunes escaped, with the added one, sorted by message, and updates persisted.
A server that fails gets no numbers, only the reasons.

    /usr/bin/python3 scripts/servers/verify.py http://127.0.0.1:8080   # with PG* set
"""
import html.parser
import http.client
import json
import sys
import urllib.parse

ADDED = "Additional fortune added at request time."
# (query string, rows TFB expects)
COUNTS = [(None, 1), ("", 1), ("foo", 1), ("0", 1), ("1", 1), ("10", 10), ("501", 500)]


class Rows(html.parser.HTMLParser):
    """The (id, message) pairs of the fortunes table: <td> text, entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells, self.inside = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            self.inside = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.cells[-1] += data


def get(base, path):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def database_rows(db, sql):
    return {int(r[0]): r[1] for r in db.query(sql)}


class Verifier:
    def __init__(self, base, db):
        self.base, self.db, self.problems = base, db, []

    def fail(self, where, what):
        self.problems.append(f"{where}: {what}")

    def fetch(self, path, content_type):
        status, headers, body = get(self.base, path)
        if status != 200:
            self.fail(path, f"status {status}")
            return None
        for header in ("server", "date"):
            if header not in headers:
                self.fail(path, f"no {header.title()} header")
        if "content-length" not in headers and "chunked" not in headers.get(
                "transfer-encoding", ""):
            self.fail(path, "neither Content-Length nor chunked")
        # The media type must match; TFB accepts a charset after it (fortunes must name utf-8).
        got = headers.get("content-type", "").replace(" ", "").lower()
        want = content_type.replace(" ", "").lower()
        if got != want and not (";" not in want and got.split(";")[0] == want):
            self.fail(path, f"Content-Type '{headers.get('content-type')}', not '{content_type}'")
        return body

    def worlds(self, path, body, expected_count, worlds_now):
        try:
            data = json.loads(body)
        except ValueError:
            return self.fail(path, f"not JSON: {body[:60]!r}")
        rows = [data] if expected_count is None else data
        if expected_count is not None and (not isinstance(data, list) or
                                           len(data) != expected_count):
            return self.fail(path, f"{len(data) if isinstance(data, list) else 'no'} rows, "
                                   f"not {expected_count}")
        for row in rows:
            if not isinstance(row, dict) or set(row) != {"id", "randomNumber"}:
                return self.fail(path, f"a row is not {{id, randomNumber}}: {row}")
            if not all(isinstance(row[k], int) and 1 <= row[k] <= 10000 for k in row):
                return self.fail(path, f"a value outside 1..10000: {row}")
            if worlds_now is not None and int(worlds_now[row["id"]]) != row["randomNumber"]:
                return self.fail(path, f"row {row['id']} is {worlds_now[row['id']]} in the "
                                       f"database, {row['randomNumber']} here")
        return rows

    def run(self):
        body = self.fetch("/plaintext", "text/plain")
        if body is not None and body != b"Hello, World!":
            self.fail("/plaintext", f"body {body[:40]!r}")
        body = self.fetch("/json", "application/json")
        if body is not None:
            try:
                if json.loads(body) != {"message": "Hello, World!"}:
                    self.fail("/json", f"body {body[:60]!r}")
            except ValueError:
                self.fail("/json", f"not JSON: {body[:60]!r}")
        worlds_now = database_rows(self.db, "SELECT id, randomNumber FROM World")
        body = self.fetch("/db", "application/json")
        if body is not None:
            self.worlds("/db", body, None, worlds_now)
        for value, n in COUNTS:
            path = "/queries" + ("" if value is None else f"?queries={value}")
            body = self.fetch(path, "application/json")
            if body is not None:
                self.worlds(path, body, n, worlds_now)
        self.fortunes()
        for value, n in COUNTS[-3:]:
            path = f"/updates?queries={value}"
            body = self.fetch(path, "application/json")
            rows = body is not None and self.worlds(path, body, n, None)
            if rows:
                persisted = database_rows(self.db, "SELECT id, randomNumber FROM World WHERE id "
                                          f"IN ({','.join(str(r['id']) for r in rows)})")
                returned = {}
                for r in rows:
                    returned.setdefault(r["id"], set()).add(r["randomNumber"])
                wrong = [i for i, numbers in returned.items() if int(persisted[i]) not in numbers]
                if wrong:
                    self.fail(path, f"{len(wrong)} of {len(returned)} updated rows not persisted")
        return self.problems

    def fortunes(self):
        body = self.fetch("/fortunes", "text/html; charset=utf-8")
        if body is None:
            return
        text = body.decode("utf-8", "replace")
        parser = Rows()
        parser.feed(text)
        cells = parser.cells
        got = [(cells[i].strip(), cells[i + 1]) for i in range(0, len(cells) - 1, 2)]
        expected = sorted([(str(i), m) for i, m in database_rows(
            self.db, "SELECT id, message FROM Fortune").items()] + [("0", ADDED)],
            key=lambda f: f[1])
        if got != expected:
            self.fail("/fortunes", f"rows {got[:2]}... differ from the database's, with the "
                                   f"added one, sorted by message ({len(got)} vs {len(expected)})")
        if "<script>" in text or "&lt;script&gt;" not in text:
            self.fail("/fortunes", "the <script> fortune is not escaped")
        if not text.lstrip().lower().startswith("<!doctype html>"):
            self.fail("/fortunes", "no <!DOCTYPE html>")


def verify(base, db):
    """The problems of the server at `base` (empty: it passes)."""
    try:
        return Verifier(base, db).run()
    except (OSError, http.client.HTTPException) as e:
        return [f"{base}: {e}"]


def main():
    import os
    from database import Database

    class Env:  # the database of the PG* environment (a server's own)
        env = {k: v for k, v in os.environ.items() if k.startswith("PG")}
        query = Database.query
    problems = verify(sys.argv[1], Env())
    for p in problems:
        print(p)
    print("passed" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
