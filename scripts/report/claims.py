"""The article's claims (C1-C8 of CLAIMS.md) and, for each, the figures that test it, taken
from the result files: ratios oriented so that above 1 is the claimed direction, each with
its 95% interval and the file it came from. Figures that only give context (shown, not
judged) are marked context."""
import glob
import os

import loc
import sources as src
from harness import paired_ratio, unpaired_ratio

TASKS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tasks"))


def figure(label, value, ci, source=None, exact=False, group=None):
    return {"label": label + (f" ({source.label})" if source and source.shared else ""),
            "value": value, "ci": list(ci) if ci else None, "exact": exact,
            "source": source.path if source else None, "group": group}


def inverted(value, ci):
    """1/x of a ratio and its interval."""
    return 1 / value, (1 / ci[1], 1 / ci[0]) if ci else None


def stock_rounds(case, key):
    return case.get("metrics", {}).get(key, {}).get("stock", {}).get("rounds", [])


def c1(sources):
    """Per CPU task: Python's time / Node's time, both in twinhost (bench's main series)."""
    out = []
    for s in src.of(sources, "bench"):
        for t in s.document.get("tasks", []):
            r = t.get("python_over_node")
            if r and t.get("kind") != "mixed" and r.get("value"):
                out.append(figure(t["task"], r["value"], r.get("ci95"), s, group=t["task"]))
    return out


def c1_context(sources):
    """Host/stock per task and runtime: what running in twinhost costs."""
    out = []
    for s in src.of(sources, "bench"):
        for t in s.document.get("tasks", []):
            for runtime in ("node", "python"):
                r = t.get(f"{runtime}_host_over_stock")
                if r and r.get("value"):
                    out.append(figure(f"{t['task']} {runtime} host/stock", r["value"],
                                      r.get("ci95"), s))
    return out


def c2(sources):
    """Per module set: Python's load time / Node's, first load (each runtime's usual state:
    .pyc present; node 18 has no compile cache) and the cached second load."""
    out = []
    for s in src.of(sources, "experiment:modules"):
        cases = {c["id"]: c for c in s.part.get("cases", [])}
        for name in dict.fromkeys(c["set"] for c in cases.values()):
            node = cases.get(f"node-{name}-no compile cache")
            python = cases.get(f"python-{name}-.pyc present")
            if not node or not python:
                continue
            for key, what in (("first_s", "first load"), ("second_s", "second load")):
                value, ci = paired_ratio(stock_rounds(python, key), stock_rounds(node, key))
                if value:
                    out.append(figure(f"{name}: {what}", value, ci, s))
    return out


def c3(sources):
    """Python's CPU work on N workers (N = the cores): ideal speed-up / measured."""
    out = []
    for s in src.of(sources, "experiment:threads"):
        cores = s.document.get("machine", {}).get("cores", 1)
        entries = [e for e in s.part.get("derived", {}).get("speedups", [])
                   if e["runtime"] == "python" and e["ideal"] == e["workers"] > 1
                   and e["workers"] <= cores and "stock" in e and "sleep" not in e["model"]]
        top = max((e["workers"] for e in entries), default=None)
        for e in entries:
            if e["workers"] == top:
                value, ci = inverted(e["stock"]["value"] / e["ideal"],
                                     [x / e["ideal"] for x in e["stock"]["ci95"]]
                                     if e["stock"].get("ci95") else None)
                out.append(figure(f"{e['model']} ({e['what']}), {top} workers", value, ci, s))
    return out


def c4(sources):
    """At the most connections: the Python servers' probe p99 and memory per connection /
    Node's."""
    out = []
    for s in src.of(sources, "experiment:connections"):
        cases = [c for c in s.part.get("cases", []) if c.get("kind") == "connections"]
        if not cases:
            continue
        top = max(int(c["id"].rsplit("-", 1)[1]) for c in cases)
        at = {c["model"]: c for c in cases if c["id"].endswith(f"-{top}")}
        node = at.get("event loop")
        for model in ("asyncio", "uvloop"):
            if node and model in at:
                for key, what in (("probe_p99", "probe p99"),
                                  ("bytes_per_connection", "memory per connection")):
                    value, ci = paired_ratio(stock_rounds(at[model], key),
                                             stock_rounds(node, key))
                    if value:
                        out.append(figure(f"{model} / Node, {top:,} connections: {what}",
                                          value, ci, s))
    return out


def c5_by_runtime(sources, runtime):
    """A tiny request's p99 while the same server does CPU work (the highest load) over its
    p99 without: how much the CPU work hurts the loop."""
    out = []
    for s in src.of(sources, "experiment:blocking"):
        cases = [c for c in s.part.get("cases", []) if c.get("runtime") == runtime and
                 c.get("mitigation") == "none"]
        if not cases:
            continue
        idle = min(cases, key=lambda c: c["load"])
        busy = max(cases, key=lambda c: c["load"])
        value, ci = paired_ratio(stock_rounds(busy, "tiny_p99"), stock_rounds(idle, "tiny_p99"))
        if value and busy is not idle:
            out.append(figure(f"{runtime}: tiny p99 at {busy['load']:.0%} CPU load / at "
                              f"{idle['load']:.0%}", value, ci, s))
    return out


def c6(sources):
    """Per TechEmpower test: the fastest Node server's requests/s / the fastest Python's."""
    out = []
    for s in src.of(sources, "experiment:http"):
        for e in s.part.get("derived", {}).get("fastest", []):
            r = e.get("node_over_python")
            if r:
                out.append(figure(f"{e['test']}: {e['node']['server']} / "
                                  f"{e['python']['server']}", r["value"], r.get("ci95"), s))
    return out


def c7(sources):
    """Per CPU task: the JavaScript implementation's lines / the Python one's (exact)."""
    out = []
    for folder in sorted(glob.glob(os.path.join(TASKS, "*", ""))):
        js, py = os.path.join(folder, "task.js"), os.path.join(folder, "task.py")
        if os.path.exists(js) and os.path.exists(py):
            with open(js) as f:
                js_count = loc.js_lines(f.read())
            with open(py) as f:
                py_count = loc.python_lines(f.read())
            name = os.path.basename(os.path.dirname(folder))
            out.append(dict(figure(f"{name}: {js_count} / {py_count} lines", js_count / py_count,
                                   None, exact=True, group=name),
                            js=js_count, py=py_count))
    return out


def c8(sources):
    """Start to the first line of output (startup experiment), Python / Node, and each
    Python server's start to its first HTTP response / each Node server's (http)."""
    out = []
    for s in src.of(sources, "experiment:startup"):
        cases = {c["id"]: c for c in s.part.get("cases", [])}
        for kind in dict.fromkeys(c["kind"] for c in cases.values()):
            node, python = cases.get(f"node-{kind}"), cases.get(f"python-{kind}")
            if node and python:
                value, ci = paired_ratio(stock_rounds(python, "first_line"),
                                         stock_rounds(node, "first_line"))
                if value:
                    out.append(figure(f"first line, {kind}: python / node", value, ci, s))
    for s in src.of(sources, "experiment:http"):
        # Each server's starts as the http experiment pooled them (stock, one process;
        # the mixed servers are not one runtime's).
        pooled = [(e["runtime"], e["server"], e["stock"]["values"])
                  for e in (s.part.get("derived") or {}).get("startups", [])
                  if e.get("workers") == 1 and e["server"] not in ("node-python", "node-proxy")
                  and (e.get("stock") or {}).get("values")]
        nodes = [(name, v) for runtime, name, v in pooled if runtime == "node"]
        pythons = [(name, v) for runtime, name, v in pooled if runtime == "python"]
        for p_name, p in pythons:
            for n_name, n in nodes:
                value, ci = unpaired_ratio(p, n)
                if value:
                    out.append(figure(f"first response: {p_name} / {n_name}", value, ci, s))
    return out


CLAIMS = [
    {"id": "C1", "claim": "Node.js is faster than Python: V8 compiles JS, Python is "
     "interpreted.", "experiment": "identical CPU tasks, per-task time ratio (twinhost bench)",
     "command": "build/bin/twinhost bench --json bench.json", "figures": c1,
     "context": c1_context,
     "figure_means": "Python's time / Node's time, both in twinhost (bench's main series)"},
    {"id": "C2", "claim": "Node.js caches modules, which makes it more responsive.",
     "experiment": "first and repeated loads of the same modules (experiment modules)",
     "command": "build/bin/twinhost experiment modules --json exp.json", "figures": c2,
     "figure_means": "Python's load time / Node's (Python with its .pyc files, as installed)"},
    {"id": "C3", "claim": "Python cannot really multithread: the GIL keeps it from scaling.",
     "experiment": "CPU work on 1..N workers (experiment threads)",
     "command": "build/bin/twinhost experiment threads --json exp.json", "figures": c3,
     "figure_means": "ideal speed-up / measured speed-up of Python's workers"},
    {"id": "C4", "claim": "Node's event loop handles thousands of connections; Python is not "
     "event-driven.", "experiment": "open loopback connections and timers "
     "(experiment connections)",
     "command": "build/bin/twinhost experiment connections --json exp.json", "figures": c4,
     "figure_means": "the Python event loop's figure / Node's at the most connections"},
    {"id": "C5", "claim": "Node struggles with CPU-heavy work: it blocks the loop.",
     "experiment": "tiny requests while the server does CPU work (experiment blocking)",
     "command": "build/bin/twinhost experiment blocking --json exp.json",
     "figures": lambda s: c5_by_runtime(s, "node"),
     "context": lambda s: c5_by_runtime(s, "python"),
     "figure_means": "Node's tiny-request p99 under CPU load / without (Python's beside, as "
                     "context)"},
    {"id": "C6", "claim": "Python is very slow at server-side work.",
     "experiment": "TechEmpower's tests on PostgreSQL in each runtime's frameworks "
     "(experiment http)", "command": "build/bin/twinhost experiment http --json exp.json",
     "figures": c6, "figure_means": "the fastest Node server's requests/s / the fastest "
                                    "Python server's"},
    {"id": "C7", "claim": "Python needs fewer lines of code for the same function.",
     "experiment": "non-blank, non-comment lines of each task's two implementations "
     "(counted by the report)", "command": "(counted from scripts/tasks by the report itself)",
     "figures": c7, "figure_means": "JavaScript lines / Python lines"},
    {"id": "C8", "claim": "Node starts and responds faster.",
     "experiment": "start to first line of output (experiment startup); start to first HTTP "
     "response (experiment http)",
     "command": "build/bin/twinhost experiment startup http --json exp.json", "figures": c8,
     "figure_means": "Python's time / Node's, stock binaries"},
]

