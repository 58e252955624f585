"""C6/C8 — one HTTP service (TechEmpower's six tests) in the frameworks people choose, on a
real PostgreSQL 15, under the stock binaries and under twinhost, loaded by wrk."""
import json
import os
import re
import subprocess
import sys
import time

from processes import ExperimentError, server_and_client_cpus

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
           ("flask", "python", "Flask on gunicorn (1 process, 16 threads) + psycopg, jinja2"),
           ("node-python", "node", "node-http, JSON and fortunes from Python in-process"),
           ("node-proxy", "node", "node:http forwarding to aiohttp over loopback")]
# The mixed-runtime servers: the endpoints where they differ, and which need twinhost.
MIXED_TESTS = {"node-python": ["json", "fortunes"], "node-proxy": ["json", "fortunes"]}
HOST_ONLY = {"node-python"}
TESTS = [("plaintext", "/plaintext"), ("json", "/json"), ("db", "/db"),
         ("queries", "/queries?queries=20"), ("fortunes", "/fortunes"),
         ("updates", "/updates?queries=20")]
SIZES = {"tiny": {"concurrency": [8], "seconds": 1, "warmup": 1},  # wrk: whole seconds
         "small": {"concurrency": [64], "seconds": 2, "warmup": 1},
         "full": {"concurrency": [16, 64, 256], "seconds": 5, "warmup": 2}}


def concurrency(ctx):
    return ctx.args.concurrency or SIZES[ctx.size]["concurrency"]


RATES = [50, 80]  # h2load's fixed request rates: % of the highest wrk throughput
QUANTILES = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p999", 0.999)]
RATE_CLIENTS = 16


def metrics_for(levels):
    out = []
    for c in levels:
        out += [(f"rps_c{c}", f"requests/s, {c} conn.", ""), (f"p50_c{c}", f"p50, {c} conn.", "s"),
                (f"p99_c{c}", f"p99, {c} conn.", "s")]
    for rate in RATES:
        out += [(f"rate{rate}_{q}", f"{q} at {rate}% of max rate", "s") for q, _ in QUANTILES]
    return out


METRICS = metrics_for(SIZES["full"]["concurrency"])


def cases(ctx):
    global METRICS
    METRICS = metrics_for(concurrency(ctx))
    db = database.Database()
    try:
        db.__enter__()
    except database.DatabaseError as e:
        raise ExperimentError(f"PostgreSQL: {e}")
    ctx.processes.cleanups.append(lambda: db.__exit__(None, None, None))
    ctx.database, ctx.verified = db, {}
    servers = ctx.args.servers or [name for name, _, _ in SERVERS]
    tests = ctx.args.tests or [name for name, _ in TESTS]
    return [{"id": f"{name}-{test}", "label": f"{name} {test}", "server": name,
             "runtime": runtime, "what": what, "test": test, "path": path,
             "host_only": name in HOST_ONLY}
            for name, runtime, what in SERVERS if name in servers
            for test, path in TESTS if test in tests and test in MIXED_TESTS.get(name, [test])]


def servers_dir():
    """scripts/servers, or a copy with the same layout (TWINHOST_SERVERS_DIR)."""
    return os.environ.get("TWINHOST_SERVERS_DIR") or os.path.join(HERE, "..", "..", "servers")


def start_server(case, flavour, ctx, cpu):
    port = database.free_port()
    env = dict(ctx.database.env, PORT=str(port), BACKEND_PORT=str(database.free_port()))
    start = os.path.join(servers_dir(), case["server"], "start")
    log = os.path.join(ctx.database.folder, "server.log")  # a pipe nobody reads could fill
    with open(log, "w") as stderr:
        server = ctx.processes.spawn([start, ctx.binary(case["runtime"], flavour)], cpus=cpu,
                                     env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            with open(log) as f:
                raise ExperimentError(f"{case['server']} exited {server.returncode} at start: "
                                      f"{f.read()[-300:].strip()}")
        try:
            if verify.get(base, "/plaintext")[0] == 200:
                return server, base
        except OSError:
            time.sleep(0.05)
    raise ExperimentError(f"{case['server']} did not answer within 60 s")


def wrk(ctx, base, path, connections, seconds, cpu):
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s",
            os.path.join(ctx.folder, "report.lua"), base + path]
    returncode, out, err = ctx.processes.run(argv, seconds + 60, cpus=cpu)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if returncode != 0 or not lines:
        raise ExperimentError(f"wrk exited {returncode}: {(err or out).strip()[-200:]}")
    return json.loads(lines[-1])


def h2load(ctx, base, path, rate, seconds, cpu):
    """Latency at a fixed request rate: h2load (HTTP/1.1) with RATE_CLIENTS connections,
    each sending rate / RATE_CLIENTS requests a second, every request's time logged."""
    log = os.path.join(ctx.database.folder, "h2load.log")
    argv = ["h2load", "--h1", "-c", RATE_CLIENTS, f"--rps={max(rate / RATE_CLIENTS, 0.1):.2f}",
            "-D", seconds, f"--log-file={log}", base + path]
    returncode, out, err = ctx.processes.run(argv, seconds + 60, cpus=cpu)
    counts = re.search(r"requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded", out)
    if returncode != 0 or not counts:
        raise ExperimentError(f"h2load exited {returncode}: {(err or out).strip()[-200:]}")
    total, done, succeeded = map(int, counts.groups())
    if succeeded != done or done < total * 0.99:
        raise ExperimentError(f"h2load: {succeeded} of {total} requests succeeded at {rate:.0f}/s")
    with open(log) as f:
        times = sorted(int(line.split("\t")[2]) / 1e6 for line in f if line.count("\t") == 2)
    os.unlink(log)
    if not times:
        raise ExperimentError("h2load logged no requests")
    return {q: times[min(len(times) - 1, int(share * len(times)))] for q, share in QUANTILES}


def measure(case, flavour, ctx):
    size = SIZES[ctx.size]
    server_cpu, client_cpu = server_and_client_cpus()
    server, base = start_server(case, flavour, ctx, server_cpu)
    try:
        key = (case["server"], flavour)
        if key not in ctx.verified:  # TFB's rules, once per server and binary
            ctx.verified[key] = verify.verify(base, ctx.database)
        if ctx.verified[key]:
            raise ExperimentError("failed verification: " + "; ".join(ctx.verified[key][:3]))
        result = {}
        for c in concurrency(ctx):
            wrk(ctx, base, case["path"], c, size["warmup"], client_cpu)
            r = wrk(ctx, base, case["path"], c, size["seconds"], client_cpu)
            errors = r["non2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
            if errors:
                raise ExperimentError(f"{errors} of {r['requests']} requests failed at {c} "
                                      f"connections ({r['non2xx']} non-2xx, {r['timeout']} "
                                      "timeouts)")
            result[f"rps_c{c}"] = r["requests"] / (r["duration_us"] / 1e6)
            result[f"p50_c{c}"] = r["p50_us"] / 1e6
            result[f"p99_c{c}"] = r["p99_us"] / 1e6
        highest = max(result[f"rps_c{c}"] for c in concurrency(ctx))
        for rate in RATES:
            latency = h2load(ctx, base, case["path"], highest * rate / 100, size["seconds"],
                             client_cpu)
            result.update({f"rate{rate}_{q}": v for q, v in latency.items()})
        return result
    finally:
        ctx.processes.stop(server)
