"""C5 — CPU work on the event loop: a tiny endpoint's latency and the loop's delay while
CPU requests arrive at rising rates, with no mitigation and with each runtime's standard one."""
import os
import subprocess

from harness import fibonacci
from processes import ExperimentError, server_and_client_cpus, wait_for_line

TITLE = "CPU work on the event loop: tiny-request latency while CPU requests arrive"
CLAIM = ("C5: Node struggles with CPU-heavy work: it blocks the event loop (and Python's "
         "asyncio does not?).")
METRICS = [("tiny_p50", "tiny p50", "s"), ("tiny_p99", "tiny p99", "s"),
           ("lag_p99", "loop delay p99", "s"), ("cpu_p50", "CPU request p50", "s")]

# (runtime, server, mitigation, what it is)
SERVERS = [
    ("node", "server.js", "none", "fib on the loop"),
    ("node", "server.js", "worker-pool", "worker_threads pool of 2"),
    ("python", "server.py", "none", "fib on the loop (aiohttp)"),
    ("python", "server.py", "process-pool", "run_in_executor, process pool of 2"),
    ("python", "server.py", "thread-pool", "run_in_executor, thread pool of 2"),
]
# The CPU requests' load: the share of one core they need (rate = load / cost of one).
LOADS = [0.0, 0.3, 0.6]
SIZES = {"tiny": {"fib": 21, "seconds": 0.5, "tiny_rate": 100},
         "small": {"fib": 25, "seconds": 2, "tiny_rate": 200},
         "full": {"fib": 25, "seconds": 5, "tiny_rate": 200}}


def cases(ctx):
    return [{"id": f"{runtime}-{mitigation}-{load}",
             "label": f"{runtime} {mitigation}, CPU load {load:.0%}", "runtime": runtime,
             "file": file, "mitigation": mitigation, "load": load, "what": what}
            for runtime, file, mitigation, what in SERVERS for load in LOADS]


def measure(case, flavour, ctx):
    size = SIZES[ctx.size]
    server_cpu, client_cpu = server_and_client_cpus()
    # A pool's workers share the server's CPU: on 2 cores the other one is the load's.
    server = ctx.processes.spawn(ctx.program(case["runtime"], flavour, case["file"], size["fib"],
                                             case["mitigation"], 2),
                                 cpus=server_cpu, stdout=subprocess.PIPE, text=True)
    try:
        _, port, cost_ms = wait_for_line(server, "ready", 60).split()
        cpu_rate = case["load"] / (float(cost_ms) / 1000)
        result = ctx.run_json([ctx.args.node, os.path.join(ctx.folder, "client.js"), port,
                               size["tiny_rate"], f"{cpu_rate:.3f}", size["seconds"],
                               fibonacci(size["fib"])], cpus=client_cpu)
    finally:
        ctx.processes.stop(server)
    if result["error_count"] or result["tiny_ok"] != result["tiny_sent"] or (
            result["cpu_ok"] != result["cpu_sent"]):
        raise ExperimentError(f"{result['tiny_ok']}/{result['tiny_sent']} tiny and "
                              f"{result['cpu_ok']}/{result['cpu_sent']} CPU requests answered "
                              f"right; {result['errors']}")
    return {k: result[k] for k, _, _ in METRICS if result.get(k) is not None}


def derive(table, cores):
    """What each mitigation buys: its tiny p99 at the highest load over the unmitigated
    server's (same runtime, same load), per flavour, paired by round."""
    from harness import paired_ratio
    top = max(LOADS)
    rows = {(r["runtime"], r["mitigation"]): r for r in table if r["load"] == top}
    out = []
    for runtime, _, mitigation, what in SERVERS:
        base, here = rows.get((runtime, "none")), rows.get((runtime, mitigation))
        if mitigation == "none" or not base or not here:
            continue
        entry = {"runtime": runtime, "mitigation": mitigation, "what": what, "load": top}
        for flavour in ("stock", "host"):
            a = here["metrics"].get("tiny_p99", {}).get(flavour)
            b = base["metrics"].get("tiny_p99", {}).get(flavour)
            if a and b:
                value, ci = paired_ratio(a["rounds"], b["rounds"])
                if value is not None:
                    entry[flavour] = {"value": value, "ci95": ci}
        out.append(entry)
    return {"mitigations": out}


def print_derived(part, markdown):
    from harness import print_table
    rows = []
    for e in part["derived"]["mitigations"]:
        cells = [f"{e['runtime']} {e['mitigation']}", e["what"]]
        for flavour in ("stock", "host"):
            x = e.get(flavour)
            cells.append(f"{x['value']:.2f}" + (f" [{x['ci95'][0]:.2f}-{x['ci95'][1]:.2f}]"
                                                if x and x["ci95"] else "") if x else "-")
        rows.append(cells)
    if rows:
        print(f"\nwhat a mitigation buys: tiny p99 with it / without it, at CPU load "
              f"{max(LOADS):.0%} (below 1: it helps); the server and its pool share one CPU")
        print_table(["mitigation", "what", "stock", "host"], rows, markdown)
