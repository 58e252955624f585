"""C6/C8 — one HTTP service (TechEmpower's six tests) in the frameworks people choose, on a
real PostgreSQL 15, under the stock binaries and under twinhost: throughput and latency under
wrk, latency at fixed rates under h2load, server memory and CPU per request, and the time
from a server's start to its first response."""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

from harness import entry_cell, estimate, print_table
from processes import ExperimentError

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "servers")))
import database  # noqa: E402
import verify  # noqa: E402

TITLE = ("TechEmpower's tests per framework, and the runtimes mixed: requests/s and latency, "
         "stock and host")
CLAIM = "C6: Python is very slow at server-side work (and C8: Node responds faster)."
# (folder under scripts/servers, runtime, what it is)
SERVERS = [("node-http", "node", "node:http + node-pg"),
           ("express", "node", "express + node-pg, ejs"),
           ("aiohttp", "python", "aiohttp + asyncpg, jinja2"),
           ("fastapi", "python", "FastAPI on uvicorn (uvloop, httptools) + asyncpg, jinja2"),
           ("flask", "python", "Flask on gunicorn (16 threads a process) + psycopg, jinja2"),
           ("node-python", "node", "node-http, JSON and fortunes from Python in-process"),
           ("node-proxy", "node", "node:http forwarding to aiohttp over loopback")]
# The mixed-runtime servers: the endpoints where they differ, and which need twinhost.
MIXED_TESTS = {"node-python": ["json", "fortunes"], "node-proxy": ["json", "fortunes"]}
HOST_ONLY = {"node-python"}
TESTS = [("plaintext", "/plaintext"), ("json", "/json"), ("db", "/db"),
         ("queries", "/queries?queries=20"), ("fortunes", "/fortunes"),
         ("updates", "/updates?queries=20")]
# wrk runs whole seconds (`seconds`) at each concurrency, after a `warmup` (seconds, h2load
# as fast as it can at the middle concurrency); h2load runs `rate_seconds` at each fixed rate.
# Sized so that --quick (small, 3 rounds) stays within 10 minutes and the full run within 60
# on 2 cores.
SIZES = {"tiny": {"concurrency": [8], "seconds": 1, "warmup": 0.2, "rate_seconds": 0.5},
         "small": {"concurrency": [64], "seconds": 1, "warmup": 0.25, "rate_seconds": 0.4},
         "full": {"concurrency": [16, 64, 256], "seconds": 3, "warmup": 1, "rate_seconds": 2}}
ROUNDS = 3  # the default: every case starts its server afresh, under each binary, per round
STARTUP_POLL = 0.002  # seconds between attempts at the first response


def concurrency(ctx):
    return ctx.args.concurrency or SIZES[ctx.size]["concurrency"]


RATES = [50, 80]  # h2load's fixed request rates: % of the highest wrk throughput
QUANTILES = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p999", 0.999)]
RATE_CLIENTS = 16
RATE_SECONDS_MAX = 10  # the longest a fixed-rate step may be stretched (see load)


def metrics_for(levels):
    out = []
    for c in levels:
        out += [(f"rps_c{c}", f"requests/s, {c} conn.", ""), (f"p50_c{c}", f"p50, {c} conn.", "s"),
                (f"p99_c{c}", f"p99, {c} conn.", "s")]
    for rate in RATES:
        out += [(f"rate{rate}_{q}", f"{q} at {rate}% of max rate", "s") for q, _ in QUANTILES]
    return out + [("first_response", "start to first response", "s"),
                  ("rss_peak", "server memory (RSS, peak)", "B"),
                  ("processes", "server processes", ""),
                  ("cpu_per_request", "server CPU per request", "s")]


METRICS = metrics_for(SIZES["full"]["concurrency"])
LOAD_GENERATORS = {"wrk": "wrk", "h2load": "nghttp2-client"}


def cases(ctx):
    global METRICS
    METRICS = metrics_for(concurrency(ctx))
    for program, package in LOAD_GENERATORS.items():
        if not shutil.which(program):
            raise ExperimentError(f"the load generator {program} is missing: install Debian's "
                                  f"{package} (scripts/setup.sh does)")
    db = database.Database(ctx.args.postgres_bin or database.BIN)
    try:
        db.__enter__()
    except database.DatabaseError as e:
        raise ExperimentError(f"PostgreSQL: {e}")
    ctx.processes.cleanups.append(lambda: db.__exit__(None, None, None))
    ctx.database, ctx.verified = db, {}
    servers = ctx.args.servers or [name for name, _, _ in SERVERS]
    tests = ctx.args.tests or [name for name, _ in TESTS]
    workers = ctx.args.workers or [1]
    return [{"id": f"{name}{f'-x{n}' if n > 1 else ''}-{test}",
             "label": f"{name}{f' x{n}' if n > 1 else ''} {test}", "server": name,
             "workers": n, "runtime": runtime, "what": what, "test": test, "path": path,
             "host_only": name in HOST_ONLY}
            for name, runtime, what in SERVERS if name in servers for n in workers
            for test, path in TESTS if test in tests and test in MIXED_TESTS.get(name, [test])]


def environment(ctx):
    """The versions of everything a result depends on, and where the processes ran."""
    def output(argv):
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
            return (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, subprocess.SubprocessError, IndexError):
            return None
    versions = {"wrk": output(["wrk", "-v"]), "h2load": output(["h2load", "--version"]),
                "postgresql": output([os.path.join(ctx.database.bin, "postgres"), "--version"])}
    for package in ("express", "pg", "ejs"):  # Debian's node modules
        try:
            with open(f"/usr/share/nodejs/{package}/package.json") as f:
                versions[f"node {package}"] = json.load(f)["version"]
        except (OSError, ValueError, KeyError):
            versions[f"node {package}"] = None
    python = output([ctx.args.python, "-c", "import importlib.metadata as m, json; print(json."
                     "dumps({p: m.version(p) for p in ('aiohttp', 'asyncpg', 'fastapi', "
                     "'starlette', 'uvicorn', 'uvloop', 'httptools', 'flask', 'gunicorn', "
                     "'psycopg', 'jinja2')}))"])
    try:
        versions.update({f"python {k}": v for k, v in json.loads(python).items()})
    except (TypeError, ValueError):
        pass
    server_cpus, client_cpus = cpus(ctx)
    return {"versions": versions, "server_cpus": server_cpus, "client_cpus": client_cpus,
            "database": "PostgreSQL in a temporary folder: fsync, synchronous_commit and "
                        "full_page_writes off, max_connections 200, jit off"}


def cpus(ctx):
    """(the servers' CPUs, the load generators') as taskset lists: --server-cpus, or the first
    CPU; the load generators on the rest (the same CPUs when none are left)."""
    mine = sorted(os.sched_getaffinity(0))
    server = ctx.args.server_cpus or mine[:1]
    client = [c for c in mine if c not in server] or server
    return ",".join(map(str, server)), ",".join(map(str, client))


def servers_dir():
    """scripts/servers, or a copy with the same layout (TWINHOST_SERVERS_DIR)."""
    return os.environ.get("TWINHOST_SERVERS_DIR") or os.path.join(HERE, "..", "..", "servers")


def ports(ctx):
    """The server's port and its back end's (node-proxy): --port and the one after it, or two
    free ones. A fixed port that is taken is named before anything starts."""
    if not ctx.args.port:
        return database.free_port(), database.free_port()
    for port in (ctx.args.port, ctx.args.port + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError as e:
                raise ExperimentError(f"port {port} on 127.0.0.1 is in use ({e.strerror}): "
                                      "free it or choose another --port")
    return ctx.args.port, ctx.args.port + 1


def server_log(ctx):
    with open(os.path.join(ctx.database.folder, "server.log"), errors="replace") as f:
        return " | ".join(f.read().strip().splitlines()[-3:])[-300:]


def start_server(case, flavour, ctx, cpu):
    """Starts the case's server; (process, base URL, seconds from start to the first 200)."""
    port, backend = ports(ctx)
    env = dict(ctx.database.env, PORT=str(port), BACKEND_PORT=str(backend),
               WORKERS=str(case["workers"]))
    start = os.path.join(servers_dir(), case["server"], "start")
    log = os.path.join(ctx.database.folder, "server.log")  # a pipe nobody reads could fill
    started = time.perf_counter()
    with open(log, "w") as stderr:
        server = ctx.processes.spawn([start, ctx.binary(case["runtime"], flavour)], cpus=cpu,
                                     env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    while time.perf_counter() - started < 60:
        if server.poll() is not None:
            raise ExperimentError(f"{case['server']} exited {server.returncode} at start: "
                                  f"{server_log(ctx)}")
        try:
            if verify.get(base, "/plaintext")[0] == 200:
                return server, base, time.perf_counter() - started
        except (OSError, verify.http.client.HTTPException):
            time.sleep(STARTUP_POLL)
    raise ExperimentError(f"{case['server']} did not answer within 60 s")


class Usage:
    """The server's processes (its process group) sampled while it is loaded: how many, the
    peak of their summed resident memory, and the CPU time they spent while loaded."""

    def __init__(self, group, interval=0.25):
        self.group, self.interval = group, interval
        self.rss_peak = self.processes = 0
        self._stop = threading.Event()

    def _sample(self):
        rss, ticks = 0, {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[2]) != self.group:  # field 5: the process group
                    continue
                ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
                rss += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, ValueError, IndexError):
                continue
        self.rss_peak = max(self.rss_peak, rss)
        self.processes = max(self.processes, len(ticks))
        return ticks

    def _run(self):
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self):
        self.first = self._sample()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()
        last = self._sample()
        # Processes alive at both ends (a worker that came or went is not counted).
        used = sum(last[p] - self.first[p] for p in last if p in self.first)
        self.cpu_seconds = used / os.sysconf("SC_CLK_TCK")
        return False


def wrk(ctx, base, path, connections, seconds, cpu):
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s",
            os.path.join(ctx.folder, "report.lua"), base + path]
    returncode, out, err = ctx.processes.run(argv, seconds + 60, cpus=cpu)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if returncode != 0 or not lines:
        raise ExperimentError(f"wrk exited {returncode}: {(err or out).strip()[-200:]}")
    return json.loads(lines[-1])


def h2load(ctx, base, path, seconds, cpu, clients, rate=None, log=None, warmup=False):
    """h2load (HTTP/1.1) for `seconds` with `clients` connections: as fast as it can, or
    `rate` requests a second in all; every request's time logged to `log` when given. A
    warm-up may end before a slow endpoint's first answer; a measurement may not."""
    argv = ["h2load", "--h1", "-c", clients, "-D", f"{seconds * 1000:.0f}ms", base + path]
    if rate:
        argv[-1:-1] = [f"--rps={max(rate / clients, 0.1):.2f}"]
    if log:
        argv[-1:-1] = [f"--log-file={log}"]
    returncode, out, err = ctx.processes.run(argv, seconds + 60, cpus=cpu)
    counts = re.search(r"requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded", out)
    if returncode != 0 or not counts:
        raise ExperimentError(f"h2load exited {returncode}: {(err or out).strip()[-200:]}")
    total, done, succeeded = map(int, counts.groups())
    if total == 0 and not warmup:  # every connection failed, or no answer came
        raise ExperimentError("h2load made no request: " + " | ".join(
            line.strip() for line in out.splitlines() if "rror" in line or "fail" in line)[:200])
    if succeeded != done or done < total * 0.99:
        raise ExperimentError(f"h2load: {succeeded} of {total} requests succeeded"
                              + (f" at {rate:.0f}/s" if rate else ""))


def latency_at(ctx, base, path, rate, seconds, cpu):
    """Latency at a fixed request rate: RATE_CLIENTS connections, each sending
    rate / RATE_CLIENTS requests a second; the quantiles of every request's time."""
    log = os.path.join(ctx.database.folder, "h2load.log")
    h2load(ctx, base, path, seconds, cpu, RATE_CLIENTS, rate, log)
    with open(log) as f:
        times = sorted(int(line.split("\t")[2]) / 1e6 for line in f if line.count("\t") == 2)
    os.unlink(log)
    if not times:
        raise ExperimentError("h2load logged no requests")
    return {q: times[min(len(times) - 1, int(share * len(times)))] for q, share in QUANTILES}


def measure(case, flavour, ctx):
    server, base, first_response = start_server(case, flavour, ctx, cpus(ctx)[0])

    def alive():  # a server that died under load is reported as such, not as wrk's errors
        if server.poll() is not None:
            raise ExperimentError(f"{case['server']} exited {server.returncode} under load: "
                                  f"{server_log(ctx)}")
    try:
        key = (case["server"], case["workers"], flavour)
        if key not in ctx.verified:  # TFB's rules, once per server and binary
            ctx.verified[key] = verify.verify(base, ctx.database)
        if ctx.verified[key]:
            raise ExperimentError("failed verification: " + "; ".join(ctx.verified[key][:3]))
        try:
            return load(case, ctx, base, server, first_response, alive)
        except ExperimentError:
            alive()  # a load generator's errors because the server died: name the death
            raise
    finally:
        ctx.processes.stop(server)


def load(case, ctx, base, server, first_response, alive):
    """Warm-up, wrk at each concurrency (server usage sampled), h2load at each fixed rate."""
    size, levels, client_cpu = SIZES[ctx.size], concurrency(ctx), cpus(ctx)[1]
    h2load(ctx, base, case["path"], size["warmup"], client_cpu, levels[len(levels) // 2],
           warmup=True)
    result, served = {"first_response": first_response}, 0
    with Usage(server.pid) as usage:
        for c in levels:
            r = wrk(ctx, base, case["path"], c, size["seconds"], client_cpu)
            alive()
            errors = r["non2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
            if errors:
                raise ExperimentError(f"{errors} of {r['requests']} requests failed at {c} "
                                      f"connections ({r['non2xx']} non-2xx, {r['timeout']} "
                                      "timeouts)")
            if not r["requests"]:  # nothing to divide by, and nothing to report
                raise ExperimentError(f"no request answered in {size['seconds']} s at {c} "
                                      "connections")
            served += r["requests"]
            result[f"rps_c{c}"] = r["requests"] / (r["duration_us"] / 1e6)
            result[f"p50_c{c}"] = r["p50_us"] / 1e6
            result[f"p99_c{c}"] = r["p99_us"] / 1e6
    result["rss_peak"], result["processes"] = usage.rss_peak, usage.processes
    result["cpu_per_request"] = usage.cpu_seconds / served
    highest = max(result[f"rps_c{c}"] for c in levels)
    # Every client's first request goes out at once: the step outlasts twice the server's
    # answer to that burst at its highest rate (a slow server under the sanitizer build
    # answered none of 16 in 0.5 s), bounded.
    seconds = min(max(size["rate_seconds"], 2 * RATE_CLIENTS / highest), RATE_SECONDS_MAX)
    for rate in RATES:
        latency = latency_at(ctx, base, case["path"], highest * rate / 100, seconds,
                             client_cpu)
        alive()
        result.update({f"rate{rate}_{q}": v for q, v in latency.items()})
    return result


def pooled(table, flavour, key, select):
    """A metric's per-round values over the cases `select` picks, paired by (case, round)."""
    return {(row["id"], i): v for row in table if select(row)
            for i, v in enumerate(row["metrics"].get(key, {}).get(flavour, {}).get("rounds", []))
            if v}


def derive(table, cores):
    """C8: each server's start to first response (every start of a round is one sample),
    stock and host. C6: per test, the fastest server of each runtime at the highest
    concurrency (stock) and Node/Python paired by round."""
    startups = []
    for name, runtime, workers in dict.fromkeys((r["server"], r["runtime"], r["workers"])
                                                for r in table):
        pick = lambda row: row["server"] == name and row["workers"] == workers  # noqa: E731
        entry = {"server": name, "runtime": runtime, "workers": workers}
        samples = {f: pooled(table, f, "first_response", pick) for f in ("stock", "host")}
        for flavour, values in samples.items():
            value, ci = estimate(list(values.values()))
            if value is not None:  # the pooled samples kept: the report compares servers
                entry[flavour] = {"value": value, "ci95": ci, "samples": len(values),
                                  "values": list(values.values())}
        pairs = [samples["host"][k] / samples["stock"][k] for k in samples["host"]
                 if k in samples["stock"]]
        value, ci = estimate(pairs)
        if value is not None:
            entry["host_over_stock"] = {"value": value, "ci95": ci}
        startups.append(entry)
    fastest = []
    keys = {k for row in table for k in row["metrics"] if k.startswith("rps_c")}
    top = max(keys, key=lambda k: int(k[5:]), default=None)
    for test, _ in TESTS:
        entry = {"test": test, "metric": top}
        for runtime in ("node", "python"):
            rows = [r for r in table if r["test"] == test and r["runtime"] == runtime and
                    r["server"] not in MIXED_TESTS and "stock" in r["metrics"].get(top, {})]
            if rows:
                best = max(rows, key=lambda r: r["metrics"][top]["stock"]["value"])
                entry[runtime] = {"server": best["label"],
                                  "rounds": best["metrics"][top]["stock"]["rounds"]}
        if "node" in entry and "python" in entry:
            ratios = [n / p for n, p in zip(entry["node"]["rounds"], entry["python"]["rounds"])
                      if n and p]
            value, ci = estimate(ratios)
            if value is not None:
                entry["node_over_python"] = {"value": value, "ci95": ci}
            fastest.append(entry)
    # Host/stock over every server and test: requests/s at the highest concurrency, each
    # (case, round) pair one sample — the experiment's answer to "does the host cost
    # throughput", tighter than any one case's interval.
    pairs = [h / s for row in table for h, s in zip(
        row["metrics"].get(top, {}).get("host", {}).get("rounds", []),
        row["metrics"].get(top, {}).get("stock", {}).get("rounds", [])) if h and s]
    value, ci = estimate(pairs)
    overall = {"metric": top, "value": value, "ci95": ci, "pairs": len(pairs)} if value else None
    return {"startups": startups, "fastest": fastest, "host_over_stock": overall}


def print_derived(part, markdown):
    d, env = part["derived"], part.get("environment")
    if env:
        print(f"\nservers on CPU {env['server_cpus']}, load generators on CPU "
              f"{env['client_cpus']}; {env['database']}")
        print("versions: " + "; ".join(f"{k} {v}" for k, v in env["versions"].items() if v))

    def cell(e, digits=3, scale=1.0):
        return entry_cell(e, lambda v: f"{v * scale:.{digits}g}")
    if d.get("startups"):
        print("\nC8: start to first response (every server start is a sample: ms, 95% CI)")
        print_table(["server", "stock", "host", "host/stock"],
                    [[e["server"] + (f" x{e['workers']}" if e["workers"] > 1 else ""),
                      cell(e.get("stock"), scale=1e3), cell(e.get("host"), scale=1e3),
                      cell(e.get("host_over_stock"), digits=2)] for e in d["startups"]],
                    markdown)
    if d.get("host_over_stock"):
        e = d["host_over_stock"]
        print(f"\nhost/stock over every server and test ({e['metric']}, {e['pairs']} "
              f"case-round pairs): {cell(e, digits=3)}")
    if d.get("fastest"):
        print("\nC6: the fastest server of each runtime per test, stock, requests/s at the "
              "highest concurrency; Node/Python paired by round (95% CI)")
        print_table(["test", "fastest Node", "fastest Python", "Node/Python"],
                    [[e["test"], e["node"]["server"], e["python"]["server"],
                      cell(e.get("node_over_python"), digits=2)] for e in d["fastest"]],
                    markdown)
