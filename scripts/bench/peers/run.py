#!/usr/bin/env python3
"""twinhost against the peer bridges from npm, the same workloads through each, in one run.

    /usr/bin/python3 scripts/bench/peers/run.py [--quick] [--rounds R] [--systems a,b]
        [--twinhost build/bin/twinhost] [--json FILE] [--markdown]

Peers come from scripts/bench/peers/install.sh (a cache folder outside the repository).
Each round starts every system in a fresh process, in an order rotated by one per round
(start-up measured separately), runs every workload in workloads.py through it, and divides
each peer's time by twinhost's in that round. The table gives per workload the median over
rounds with min-max, and each peer's ratio (geometric mean over rounds with a 95% Student-t
interval). A peer that did not install, crashed, or returned a wrong result is reported as
such, never dropped. Progress goes to stderr, the table to stdout.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from harness import (cores_each, cpu_model, cpu_times, human, pinned,  # noqa: E402
                     print_table as print_cells, progress, ratio_interval, share)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
PEERS = ["node-calls-python", "pymport", "pyodide", "pythonia", "python-bridge", "python-shell"]
# One thread does these systems' work; the process bridges need a core for each side.
IN_PROCESS = {"twinhost", "node-calls-python", "pymport", "pyodide"}
WORKLOADS = [
    ("small_int_call", "JS calls Python add(i, 2)"),
    ("float_list_1000", "1,000-float list JS -> Python -> JS"),
    ("bytes_1mib_copied", "1 MiB bytes JS -> Python -> JS, copied"),
    ("bytes_1mib_zero_copy", "1 MiB handed to Python, zero-copy"),
    ("python_calls_js_callback", "Python calls a JS callback (JS entry)"),
    ("python_calls_js_python_entry", "Python calls JS (Python entry)*"),
    ("python_exception_in_js", "Python exception caught in JS"),
    ("attribute_read", "JS reads a Python attribute"),
    ("startup", "start-up to first result"),
]


def peers_dir():
    cache = os.environ.get("XDG_CACHE_HOME", os.path.join(os.path.expanduser("~"), ".cache"))
    return os.environ.get("TWINHOST_PEERS_DIR", os.path.join(cache, "twinhost", "peers"))


def child_env():
    # The native peers find libpython through `which python3`: /usr/bin's, as twinhost's.
    env = dict(os.environ)
    env["PATH"] = "/usr/bin:/bin:" + env.get("PATH", "")
    env["TWINHOST_PEERS_DIR"] = peers_dir()
    return env


def command(system, twinhost, script="child.js"):
    if system == "twinhost":
        return [twinhost, os.path.join(HERE, script), "twinhost"]
    return ["/usr/bin/node", os.path.join(HERE, script), system]


def run_child(argv, timeout, core=None):
    """Runs one child; returns (parsed JSON line or None, error text)."""
    try:
        done = subprocess.run(argv, cwd=HERE, env=child_env(), capture_output=True, text=True,
                              timeout=timeout, preexec_fn=pinned(core))
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s"
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = (done.stderr.strip().splitlines() or [""])[-1][:200]
        return None, f"exit {done.returncode}, no result ({tail})"
    result = json.loads(lines[-1])
    if "fatal" in result:
        return None, result["fatal"].splitlines()[0][:200]
    return result, None


def startup_time(argv, timeout):
    """Seconds from spawn to the first result line (exit not included)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv + ["--startup"], cwd=HERE, env=child_env(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = child.stdout.readline()
        elapsed = time.perf_counter() - start
        child.wait(timeout=timeout)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return (elapsed, None) if '"first_result": 3' in line.replace(":3", ": 3") else (
        None, "no first result")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds, shorter samples")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--systems", default=",".join(["twinhost"] + PEERS))
    parser.add_argument("--twinhost", default=os.path.join(REPO, "build", "bin", "twinhost"))
    parser.add_argument("--json", help="write every raw round to FILE")
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per child")
    parser.add_argument("--one-core-run", action="store_true",
                        help="run each in-process system once per round, wherever the kernel "
                             "puts it, instead of once on each core")
    args = parser.parse_args()
    rounds = args.rounds if args.rounds is not None else (3 if args.quick else 5)
    if rounds < 1:
        parser.error("--rounds must be at least 1")
    knobs = ["--min-ms", "10" if args.quick else "40", "--samples", "3" if args.quick else "5"]
    systems = args.systems.split(",")
    unknown = [s for s in systems if s not in ["twinhost"] + PEERS]
    if unknown or "twinhost" not in systems:
        parser.error(f"systems are twinhost (required) and {', '.join(PEERS)}; got {args.systems}")
    if not os.access(args.twinhost, os.X_OK):
        parser.error(f"no twinhost binary at {args.twinhost} (build first, or --twinhost PATH)")

    status_file = os.path.join(peers_dir(), "status.json")
    try:
        with open(status_file) as f:
            status = json.load(f)
    except (OSError, ValueError):
        status = {}
        progress(f"peers: no {status_file}: run scripts/bench/peers/install.sh first")
    problems = {}  # system -> why it has no numbers at all
    for s in systems:
        if s != "twinhost" and status.get(s, {}).get("state") != "ok":
            problems[s] = "not installed: " + status.get(s, {}).get("state", "install.sh not run")
    runnable = [s for s in systems if s not in problems]

    # The machine's own load just before, and the CPU time a hypervisor took during the run.
    idle_check = cpu_times()
    time.sleep(0.5)
    started = cpu_times()
    raw = {s: {w: [] for w, _ in WORKLOADS} for s in systems}  # ns per op per round
    notes = {s: {} for s in systems}  # workload -> n/a or error text
    # The cores of a VM need not be equally fast (harness.pinned): each in-process system runs
    # once on each core per round (the order alternating) and keeps the faster core's time
    # for each workload, as every other system does.
    cores = cores_each(args.one_core_run)
    each_core = cores != [None]
    per_core = {s: {w: [] for w, _ in WORKLOADS} for s in systems}  # [{core: ns}] per round
    for r in range(rounds):
        order = runnable[r % len(runnable):] + runnable[:r % len(runnable)]
        for s in order:
            pins = [None]
            if s in IN_PROCESS and each_core:
                pins = cores if r % 2 == 0 else cores[::-1]
            progress(f"round {r + 1}/{rounds}: {s}")
            runs = [command(s, args.twinhost)]
            if s == "twinhost":
                runs.append(command(s, args.twinhost, "child_entry.py")[:2])
            for argv in runs:
                times = {}  # workload -> {core: ns per op}
                for core in pins:
                    result, error = run_child(argv + knobs, args.timeout, core)
                    if error:
                        problems[s] = error
                        break
                    for w, value in result["results"].items():
                        if "ns_per_op" in value:
                            times.setdefault(w, {})[core] = value["ns_per_op"]
                        else:
                            notes[s][w] = value.get("na") and f"n/a ({value['na']})" or (
                                "error: " + value["error"])
                else:
                    for w, by_core in times.items():
                        raw[s][w].append(min(by_core.values()))
                        if None not in by_core:
                            per_core[s][w].append({str(c): ns for c, ns in by_core.items()})
            seconds, error = startup_time(command(s, args.twinhost), args.timeout)
            if error:
                notes[s]["startup"] = "error: " + error
            else:
                raw[s]["startup"].append(seconds * 1e9)

    ended = cpu_times()
    conditions = {"busy_before": share(idle_check, started, 0), "steal_during": share(started, ended, 1)}

    # A peer's Python-calls-JS figure stands in for the Python-entry row (no Python entry).
    for s in systems:
        if s != "twinhost":
            raw[s]["python_calls_js_python_entry"] = raw[s]["python_calls_js_callback"]
            if "python_calls_js_callback" in notes[s]:
                notes[s]["python_calls_js_python_entry"] = notes[s]["python_calls_js_callback"]

    table = []
    for w, label in WORKLOADS:
        base = raw["twinhost"][w]
        row = {"workload": w, "label": label, "systems": {}}
        for s in systems:
            values = raw[s][w]
            entry = {"rounds_ns": values}
            if per_core[s][w]:
                entry["rounds_by_core"] = per_core[s][w]
            if values:
                entry.update(median_ns=statistics.median(values), min_ns=min(values),
                             max_ns=max(values))
                if s != "twinhost" and len(base) == len(values) and base:
                    ratios = [p / t for p, t in zip(values, base)]
                    center, ci = ratio_interval(ratios)
                    entry.update(ratio=center, ratio_ci95=ci, ratio_min=min(ratios),
                                 ratio_max=max(ratios))
            else:
                entry["note"] = problems.get(s) or notes[s].get(w) or "no result"
            row["systems"][s] = entry
        ranked = [(e["ratio"], s) for s, e in row["systems"].items() if "ratio" in e]
        if ranked:
            row["best_peer"] = min(ranked)[1]
        table.append(row)

    machine = {"cpu": cpu_model(), "cores": os.cpu_count(), "platform": platform.platform(),
               "python": "/usr/bin/python3 " + platform.python_version(),
               "node": subprocess.run(["/usr/bin/node", "--version"], capture_output=True,
                                      text=True).stdout.strip()}
    document = {"schema": "twinhost-peers/1", "machine": machine, "rounds": rounds,
                "conditions": conditions,
                "settings": {"knobs": knobs, "systems": systems,
                             "cores_each": cores if each_core else None},
                "versions": {s: status.get(s, {}).get("package") for s in systems if s != "twinhost"},
                "problems": problems, "table": table}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(document, f, indent=1)
    print_table(document, args.markdown)
    return 0


def print_table(document, markdown):
    systems = document["settings"]["systems"]
    peers = [s for s in systems if s != "twinhost"]
    m = document["machine"]
    print(f"twinhost vs peers: {document['rounds']} rounds, {m['cpu']}, {m['cores']} cores, "
          f"node {m['node']}, {m['python']}")
    print("cells: twinhost's median per operation [min-max over rounds]; each peer's time / "
          "twinhost's, geometric mean over rounds [95% CI] (> 1: twinhost is faster)")
    header = ["workload", "twinhost"] + peers + ["best peer / twinhost"]
    rows = []
    for row in document["table"]:
        t = row["systems"]["twinhost"]
        cells = [row["label"], f"{human(t['median_ns'])} [{human(t['min_ns'])}-{human(t['max_ns'])}]"
                 if "median_ns" in t else t["note"]]
        for s in peers:
            e = row["systems"][s]
            if "ratio" in e:
                ci = e["ratio_ci95"]
                cells.append(f"{e['ratio']:.3g}" + (f" [{ci[0]:.3g}-{ci[1]:.3g}]" if ci else ""))
            elif "median_ns" in e:
                cells.append(human(e["median_ns"]))
            else:
                cells.append(e["note"][:40])
        best = row.get("best_peer")
        cells.append(f"{row['systems'][best]['ratio']:.3g} ({best})" if best else "-")
        rows.append(cells)
    print_cells(header, rows, markdown)
    print("* the peers have no Python entry: their Python-calls-JS callback stands in")
    cores = document["settings"].get("cores_each")
    if cores:
        print(f"each round ran every in-process system once on each core ({cores}) and kept the "
              "faster core's time (--one-core-run: once, wherever the kernel put it)")
    c = document["conditions"]
    if c["busy_before"] is not None and c["steal_during"] is not None:
        print(f"machine: {c['busy_before']:.0%} busy before the run; {c['steal_during']:.0%} of CPU "
              "time stolen by the hypervisor during it (ratios are taken within each round)")
        if c["busy_before"] > 0.1 or c["steal_during"] > 0.05:
            print("warning: a busy or shared machine: absolute times are inflated and ratios noisier")
    for s, why in document["problems"].items():
        print(f"{s}: {why}")


if __name__ == "__main__":
    sys.exit(main())
