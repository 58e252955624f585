"""C3 — parallel work: threads, processes and workers in each runtime, and what the
in-process bridge does to parallelism (host only)."""

from harness import entry_cell, estimate, print_table
from processes import ExperimentError

TITLE = "parallel work on 1..N workers (speed-up over 1 worker)"
CLAIM = ("C3: Python cannot really multithread (the GIL); Node's workers and processes "
         "can use every core.")
METRICS = [("seconds", "time (all jobs)", "s"), ("utilisation", "CPU busy", "cores")]

# (model, runtime, file, job kind, host only, what it shows)
MODELS = [
    ("threading", "python", "cpu.py", "fib", False, "pure-Python CPU work on threads"),
    ("process-fork", "python", "cpu.py", "fib", False, "ProcessPoolExecutor, fork"),
    ("process-spawn", "python", "cpu.py", "fib", False, "ProcessPoolExecutor, spawn"),
    ("native-threads", "python", "cpu.py", "sha", False, "threads: hashlib.sha256 (GIL released)"),
    ("twinhost-threads", "python", "cpu.py", "sha", True, "threads: twinhost.sha256 (GIL released)"),
    ("sleep-threads", "python", "cpu.py", "sleep", False, "threads: blocking sleep (I/O stand-in)"),
    ("worker_threads", "node", "cpu.js", "fib", False, "worker_threads"),
    ("child_process", "node", "cpu.js", "fib", False, "child_process.fork"),
    ("python-from-workers", "node", "cpu.js", "pyfib", True,
     "worker_threads each calling Python (GIL)"),
    ("js-from-threads", "python", "cpu.py", "jsfib", True,
     "Python threads each calling JS (one isolate)"),
]
# Job sizes per --size: fib(n) per runtime (40-100 ms a job at full size, 15-30 ms small), MiB hashed a
# job, ms slept a job; and the number of jobs (strong scaling: the total is fixed).
SIZES = {
    "tiny": {"py": 16, "js": 18, "sha": 1, "sleep": 5, "jobs": 4},
    "small": {"py": 26, "js": 33, "sha": 8, "sleep": 20, "jobs": 8},
    "full": {"py": 29, "js": 36, "sha": 32, "sleep": 50, "jobs": 16},
}


def job_size(kind, size):
    s = SIZES[size]
    return {"fib": None, "pyfib": s["py"], "jsfib": s["js"], "sha": s["sha"],
            "sleep": s["sleep"]}[kind]


def cases(ctx):
    workers = sorted(set([1] + (ctx.args.workers or ([1, 2] if ctx.size == "tiny" else [1, 2, 4]))))
    jobs = SIZES[ctx.size]["jobs"]
    out = []
    for model, runtime, file, kind, host_only, what in MODELS:
        n = job_size(kind, ctx.size) or SIZES[ctx.size]["py" if runtime == "python" else "js"]
        jobs_here = jobs * 2 if kind == "sleep" else jobs
        for w in workers:
            out.append({"id": f"{model}-{w}", "label": f"{runtime} {model} x{w}", "model": model,
                        "runtime": runtime, "file": file, "workers": w, "jobs": jobs_here,
                        "job_size": n, "host_only": host_only, "what": what})
    return out


def measure(case, flavour, ctx):
    argv = ctx.program(case["runtime"], flavour, case["file"], case["model"], case["workers"],
                       case["jobs"], case["job_size"])
    result = ctx.run_json(argv)
    if result.get("jobs") != case["jobs"]:
        raise ExperimentError(f"ran {result.get('jobs')} jobs, not {case['jobs']}")
    return {"seconds": result["seconds"], "utilisation": result["cpu_seconds"] / result["seconds"]}


def derive(table, cores):
    """Speed-up over 1 worker per model and flavour (paired by round), beside the ideal
    (min(N, cores) for CPU work, N for waiting) and Amdahl's law with the serial share the
    2-worker run implies."""
    by_id = {row["id"]: row for row in table}
    speedups = []
    for model, runtime, _, kind, _, what in MODELS:
        one = by_id.get(f"{model}-1")
        if not one:
            continue
        for row in [r for r in table if r["model"] == model]:
            # Waiting (sleep) is not bounded by the cores; CPU work is.
            usable = row["workers"] if kind == "sleep" else min(row["workers"], cores)
            entry = {"model": model, "runtime": runtime, "what": what,
                     "workers": row["workers"], "ideal": usable}
            for flavour in ("stock", "host"):
                base = one["metrics"].get("seconds", {}).get(flavour)
                here = row["metrics"].get("seconds", {}).get(flavour)
                if base and here:
                    ratios = [b / h for b, h in zip(base["rounds"], here["rounds"]) if b and h]
                    value, ci = estimate(ratios)
                    if value is not None:
                        entry[flavour] = {"value": value, "ci95": ci}
            speedups.append(entry)
    for entry in speedups:  # Amdahl: S(N) = 1 / (f + (1 - f) / usable(N)), f from S(2)
        two = next((e for e in speedups if e["model"] == entry["model"] and e["workers"] == 2),
                   None)
        measured = two and (two.get("stock") or two.get("host"))
        if measured and two["ideal"] == 2:
            f = min(1.0, max(0.0, 2 / measured["value"] - 1))
            entry["amdahl"] = 1 / (f + (1 - f) / entry["ideal"])
    return {"cores": cores, "speedups": speedups}


def print_derived(part, markdown):
    d = part["derived"]
    print(f"\nspeed-up over 1 worker ({d['cores']} cores: beyond {d['cores']} workers no CPU "
          "work can go faster); ideal = min(N, cores) for CPU work, N for sleeping; Amdahl = "
          "the curve the 2-worker speed-up implies")

    def cell(e):
        return entry_cell(e, lambda v: f"{v:.2f}")
    rows = [[f"{e['runtime']} {e['model']}", e["what"], e["workers"], cell(e.get("stock")),
             cell(e.get("host")), e["ideal"], f"{e['amdahl']:.2f}" if "amdahl" in e else "-"]
            for e in d["speedups"] if e["workers"] > 1]
    print_table(["model", "what", "workers", "stock", "host", "ideal", "Amdahl"], rows, markdown)
