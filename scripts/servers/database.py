"""A throwaway PostgreSQL 15 for the HTTP experiments: a fresh data directory in a temporary
folder, TechEmpower's schema and data (World: 10,000 rows; Fortune: 12), on a Unix socket in
that folder and on 127.0.0.1, stopped and removed at the end — also on a failure, Ctrl-C or
SIGTERM. PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user
(from Debian's package), or `nobody`.

Settings for a benchmark, not for data anyone keeps: fsync, synchronous_commit and
full_page_writes off; max_connections 200; jit off (PostgreSQL's JIT compiles asyncpg's
type-introspection query, which every new connection runs before its first array parameter:
150-250 ms per connection here with JIT on, 20-30 ms off, so a fresh pool of 8 answered
nothing in its first second of /updates).

The servers reach it through libpq's environment (PGHOST, PGPORT, PGUSER, PGPASSWORD,
PGDATABASE), which node-pg, asyncpg and psycopg all read.

    /usr/bin/python3 scripts/servers/database.py     # start one, print its environment,
                                                     # stop it on Enter or Ctrl-C
"""
import os
import pwd
import random
import shutil
import socket
import subprocess
import sys
import tempfile

BIN = "/usr/lib/postgresql/15/bin"
USER, PASSWORD, DATABASE = "benchmarkdbuser", "benchmarkdbpass", "hello_world"
FORTUNES = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "フレームワークのベンチマーク",
]
WORLD_ROWS = 10000


class DatabaseError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Database:
    """with Database() as db: db.env is the environment the servers need. `bin` is the folder
    of PostgreSQL's programs (initdb, pg_ctl)."""

    def __init__(self, bin=BIN):
        self.bin = bin
        self.folder = None
        self.env = {}

    def _as_owner(self, argv):
        if os.getuid() != 0:
            return argv
        return ["runuser", "-u", self.owner, "--"] + argv

    def _run(self, argv, **kwargs):
        done = subprocess.run(self._as_owner(argv), capture_output=True, text=True,
                              timeout=120, **kwargs)
        if done.returncode != 0:
            raise DatabaseError(f"{os.path.basename(argv[0])} failed ({done.returncode}): "
                                f"{(done.stderr or done.stdout).strip()[-400:]}")
        return done.stdout

    def __enter__(self):
        if not os.access(os.path.join(self.bin, "initdb"), os.X_OK):
            raise DatabaseError(f"no PostgreSQL at {self.bin}: install Debian's postgresql-15")
        self.owner = pwd.getpwuid(os.getuid()).pw_name
        if os.getuid() == 0:
            names = {p.pw_name for p in pwd.getpwall()}
            self.owner = "postgres" if "postgres" in names else "nobody"
        self.folder = tempfile.mkdtemp(prefix="twinhost-pg-")
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self):
        data = os.path.join(self.folder, "data")
        os.chmod(self.folder, 0o755)
        if os.getuid() == 0:
            shutil.chown(self.folder, self.owner)
        with open(os.path.join(self.folder, "password"), "w") as f:
            f.write(PASSWORD)
        if os.getuid() == 0:
            shutil.chown(os.path.join(self.folder, "password"), self.owner)
        self._run([os.path.join(self.bin, "initdb"), "-D", data, "-U", USER, "-A", "md5",
                   "--pwfile", os.path.join(self.folder, "password"), "-E", "UTF8",
                   "--locale", "C"])
        port = free_port()
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} "
                   f"-c unix_socket_directories={self.folder} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
                   "-c jit=off")
        self._run([os.path.join(self.bin, "pg_ctl"), "-D", data, "-l",
                   os.path.join(self.folder, "log"), "-o", options, "-w", "-t", "60", "start"])
        self.data = data
        self.env = {"PGHOST": self.folder, "PGPORT": str(port), "PGUSER": USER,
                    "PGPASSWORD": PASSWORD, "PGDATABASE": DATABASE}
        self._psql("postgres", f"CREATE DATABASE {DATABASE}")
        self._psql(DATABASE, self._schema())

    def _psql(self, database, sql):
        env = dict(os.environ, **dict(self.env, PGDATABASE=database))
        done = subprocess.run(["/usr/bin/psql", "-v", "ON_ERROR_STOP=1", "-q", "-X"],
                              input=sql, capture_output=True, text=True, env=env, timeout=120)
        if done.returncode != 0:
            raise DatabaseError(f"psql: {done.stderr.strip()[-400:]}")

    @staticmethod
    def _schema():
        rng = random.Random(1)
        worlds = ",".join(f"({i},{rng.randint(1, 10000)})" for i in range(1, WORLD_ROWS + 1))
        fortunes = ",".join("(%d,'%s')" % (i, m.replace("'", "''"))
                            for i, m in enumerate(FORTUNES, 1))
        return (
            "CREATE TABLE World (id integer NOT NULL PRIMARY KEY, randomNumber integer NOT NULL);\n"
            "CREATE TABLE Fortune (id integer NOT NULL PRIMARY KEY, message varchar(2048) "
            "NOT NULL);\n"
            f"INSERT INTO World (id, randomNumber) VALUES {worlds};\n"
            f"INSERT INTO Fortune (id, message) VALUES {fortunes};\n"
            "ANALYZE;\n")

    def query(self, sql):
        """Rows of a query as tab-separated lines (for the verifier's checks)."""
        env = dict(os.environ, **self.env)
        done = subprocess.run(["/usr/bin/psql", "-X", "-A", "-t", "-F", "\t", "-c", sql],
                              capture_output=True, text=True, env=env, timeout=60)
        if done.returncode != 0:
            raise DatabaseError(f"psql: {done.stderr.strip()[-300:]}")
        return [line.split("\t") for line in done.stdout.splitlines() if line]

    def __exit__(self, *exc):
        if self.folder and os.path.isdir(os.path.join(self.folder, "data", "global")):
            try:
                self._run([os.path.join(self.bin, "pg_ctl"), "-D", os.path.join(self.folder, "data"),
                           "-m", "immediate", "-w", "-t", "30", "stop"])
            except (DatabaseError, subprocess.TimeoutExpired):
                pid_file = os.path.join(self.folder, "data", "postmaster.pid")
                try:
                    with open(pid_file) as f:
                        os.kill(int(f.readline()), 9)
                except (OSError, ValueError):
                    pass
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        return False


def main():
    with Database() as db:
        for k, v in db.env.items():
            print(f"export {k}={v}")
        print("# running; press Enter (or Ctrl-C) to stop and remove it", flush=True)
        try:
            sys.stdin.readline()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
