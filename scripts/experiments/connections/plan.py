"""C4 — many concurrent connections and timers: Node's event loop against asyncio (default
loop and uvloop) and a thread-per-connection Python server."""
import json
import os
import subprocess
import time

from processes import (ExperimentError, parse_result, raise_fd_limit, rss_bytes,
                       server_and_client_cpus, wait_for_line)

TITLE = "N open connections (memory, connect time, probe latency) and N pending timers"
CLAIM = ("C4: Node's single-threaded event loop handles thousands of concurrent connections; "
         "Python is not event-driven.")
METRICS = [("connect_s", "time to open all", "s"), ("bytes_per_connection", "memory / conn", "B"),
           ("probe_p50", "probe p50", "s"), ("probe_p99", "probe p99", "s"),
           ("schedule_s", "time to set all", "s"), ("bytes_per_timer", "memory / timer", "B"),
           ("late_p50", "lateness p50", "s"), ("late_p99", "lateness p99", "s")]

SERVERS = [("node", "echo.js", "event loop"), ("python", "echo.py", "asyncio"),
           ("python", "echo.py", "uvloop"), ("python", "echo.py", "threads")]
TIMERS = [("node", "timers.js", "event loop"), ("python", "timers.py", "asyncio"),
          ("python", "timers.py", "uvloop")]
SIZES = {"tiny": {"connections": [50], "timers": [1000], "probes": 200},
         "small": {"connections": [100, 1000, 10000], "timers": [1000, 10000, 100000],
                   "probes": 500},
         "full": {"connections": [100, 1000, 10000], "timers": [1000, 10000, 100000, 1000000],
                  "probes": 2000}}


def cases(ctx):
    size = SIZES[ctx.size]
    out = []
    for runtime, file, model in SERVERS:
        for n in ctx.args.connections or size["connections"]:
            out.append({"id": f"connections-{runtime}-{model}-{n}", "kind": "connections",
                        "label": f"{runtime} {model}, {n} connections", "runtime": runtime,
                        "file": file, "model": model, "n": n})
    for runtime, file, model in TIMERS:
        for n in ctx.args.timers or size["timers"]:
            out.append({"id": f"timers-{runtime}-{model}-{n}", "kind": "timers",
                        "label": f"{runtime} {model}, {n} timers", "runtime": runtime,
                        "file": file, "model": model, "n": n})
    return out


def measure(case, flavour, ctx):
    if case["kind"] == "timers":
        extra = [case["model"]] if case["runtime"] == "python" else []
        result = ctx.run_json(ctx.program(case["runtime"], flavour, case["file"], case["n"],
                                          *extra))
        if result.get("timers") != case["n"]:
            raise ExperimentError(f"{result.get('timers')} of {case['n']} timers fired")
        return {k: result[k] for k in ("schedule_s", "bytes_per_timer", "late_p50", "late_p99")}
    return measure_connections(case, flavour, ctx)


def measure_connections(case, flavour, ctx):
    n, probes = case["n"], SIZES[ctx.size]["probes"]
    raise_fd_limit(n + 512)  # the server and the client each hold n sockets
    server_cpu, client_cpu = server_and_client_cpus()
    extra = [case["model"]] if case["runtime"] == "python" else []
    server = ctx.processes.spawn(ctx.program(case["runtime"], flavour, case["file"], *extra),
                                 cpus=server_cpu, stdout=subprocess.PIPE, text=True)
    client = None
    try:
        port = wait_for_line(server, "ready", 60).split()[1]
        time.sleep(0.2)
        before = rss_bytes(server.pid)
        client = ctx.processes.spawn(
            [ctx.args.node, os.path.join(ctx.folder, "client.js"), port, n, probes],
            cpus=client_cpu, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        connected = json.loads(wait_for_line(client, '{"phase"', ctx.args.timeout))
        if "error" in connected:
            raise ExperimentError(connected["error"])
        time.sleep(0.5)  # let the server finish accepting before its memory is read
        after = rss_bytes(server.pid)
        if server.poll() is not None:
            raise ExperimentError(f"the server exited ({server.returncode}) with {n} connections")
        try:
            out, err = client.communicate("go\n", timeout=ctx.args.timeout)
        except subprocess.TimeoutExpired:
            raise ExperimentError(f"probes not done in {ctx.args.timeout:g} s")
        result = parse_result(client.args, client.returncode, out, err)
    finally:
        for p in (client, server):
            if p is not None:
                ctx.processes.stop(p)
    if result["connections"] != n or result["open_after"] != n or result["probes"] != probes:
        raise ExperimentError(f"{result['connections']} connections opened, "
                              f"{result['open_after']} still open, {result['probes']} probes "
                              f"answered (wanted {n}, {n}, {probes})")
    return {"connect_s": result["connect_s"], "bytes_per_connection": (after - before) / n,
            "probe_p50": result["probe_p50"], "probe_p99": result["probe_p99"]}
