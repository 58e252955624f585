"""The binding-cost table: ns per call of noop, add, echo (short string) and sha256 (1 KiB)
through the twinhost JS face, a hand-written V8 FunctionCallback, N-API, the twinhost
Python face, a hand-written METH_FASTCALL function and a plain pybind11 def, in one run.

    /usr/bin/python3 scripts/bench/binding_cost.py [--json FILE] [--samples N] [--quick]

It runs its JS half (binding_cost.js) and its Python half (this file with --measure) in
the twinhost binary, prints the table with each median and spread, the target ratios, and
the RSS before and after many echo calls in each runtime. --json writes every sample
(schema twinhost-binding/1) for `twinhost report`.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
import harness  # noqa: E402

SCHEMA = "twinhost-binding/1"


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure_python(baselines, rss_calls, min_sample_ms, samples):
    sys.path.insert(0, baselines)
    import fastcall_baseline
    import pybind11_baseline
    import twinhost

    faces = {"twinhost": twinhost, "fastcall": fastcall_baseline, "pybind11": pybind11_baseline}
    kib = bytes([7]) * 1024
    calls = {"noop": (), "add": (1, 2), "echo": ("twinhost echo",), "sha256": (kib,)}

    def make_loop(arity):  # one loop shape for every path, as in binding_cost.js
        names = ", ".join(f"a{k}" for k in range(arity))
        source = f"def loop(f, {names}{', ' if arity else ''}n):\n    for _ in range(n):\n        f({names})\n"
        scope = {}
        exec(source, scope)
        return scope["loop"]

    def prepare(fn, args):
        loop = make_loop(len(args))

        def run(n):
            start = twinhost.now_ns()
            loop(fn, *args, n)
            return twinhost.now_ns() - start

        n = 1000
        while run(n) < min_sample_ms * 1e6:
            n *= 2
        run(n)
        return run, n

    series = [{"runtime": "python", "face": face, "fn": fn, "run": prepare(getattr(module, fn), args)}
              for face, module in faces.items() for fn, args in calls.items()]
    results = interleaved(series, samples)
    data = bytes([1]) * 64
    before = rss_bytes()
    for i in range(rss_calls // 2):
        twinhost.echo("a short string %d" % (i & 1023))
        twinhost.echo(data)
    after = rss_bytes()
    print(json.dumps({"results": results, "rss": {"calls": rss_calls, "before": before, "after": after}}))


def interleaved(series, samples):
    """Sample k of every series is taken in round k, the order rotated each round: on this
    VM a core runs 1.3-1.7x slower for minutes at a time, and series measured one after
    another landed in different phases (a whole face 1.7x its floor, then 1.1x on a rerun).
    Ratios are then taken per round (paired)."""
    times = [[] for _ in series]
    for k in range(samples):
        for j in range(len(series)):
            i = (j + k) % len(series)
            run, n = series[i]["run"]
            times[i].append(run(n) / n)
    return [{key: value for key, value in s.items() if key != "run"} | {
        "calls_per_sample": s["run"][1], "ns_per_call": t} for s, t in zip(series, times)]


def summarize(samples):
    median = statistics.median(samples)
    cov = statistics.stdev(samples) / statistics.mean(samples) if len(samples) > 1 else 0.0
    return median, min(samples), max(samples), cov


def report(args):
    common = [args.baselines, str(args.rss_calls), str(args.min_sample_ms), str(args.samples)]
    docs = []
    for script in ("binding_cost.js", "binding_cost.py"):
        extra = ["--measure"] if script.endswith(".py") else []
        out = subprocess.run([args.twinhost, os.path.join(HERE, script), *extra, *common],
                             capture_output=True, text=True, check=True).stdout
        docs.append(json.loads(out))
    rows = [r for d in docs for r in d["results"]]
    for r in rows:
        r["median_ns"], r["ci95"] = harness.median_interval(r["ns_per_call"])
    medians = {}
    print(f"binding cost, ns per call (loop included); {args.samples} samples each, "
          f"median [min-max] and coefficient of variation")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {harness.cpu_model()}")
    print(f"{'runtime':8} {'face':10} {'noop':>24} {'add':>24} {'echo':>24} {'sha256 1KiB':>24}")
    for runtime, face in sorted({(r["runtime"], r["face"]) for r in rows}, key=face_order):
        cells = []
        for fn in ("noop", "add", "echo", "sha256"):
            r = next(x for x in rows if (x["runtime"], x["face"], x["fn"]) == (runtime, face, fn))
            median, low, high, cov = summarize(r["ns_per_call"])
            medians[(runtime, face, fn)] = median
            flag = "!" if cov > 0.05 else " "
            cells.append(f"{median:7.1f} [{low:.1f}-{high:.1f}] {cov * 100:3.0f}%{flag}")
        print(f"{runtime:8} {face:10} " + " ".join(f"{c:>24}" for c in cells))
    print("(! marks a noisy series: coefficient of variation above 5%)")
    print("twinhost / hand-written floor, per round (samples taken in the same round): "
          "median [min-max]")
    for runtime, face, floor in (("node", "twinhost", "v8"), ("python", "twinhost", "fastcall")):
        for fn in ("noop", "add", "echo", "sha256"):
            ours = next(x for x in rows if (x["runtime"], x["face"], x["fn"]) == (runtime, face, fn))
            theirs = next(x for x in rows if (x["runtime"], x["face"], x["fn"]) == (runtime, floor, fn))
            ratios = [a / b for a, b in zip(ours["ns_per_call"], theirs["ns_per_call"])]
            ratio = statistics.median(ratios)
            verdict = "meets" if ratio <= 1.2 else "MISSES"
            print(f"target {runtime} {fn}: twinhost / {floor} = {ratio:.2f} "
                  f"[{min(ratios):.2f}-{max(ratios):.2f}] ({verdict} <= 1.2)")
    for runtime, doc in zip(("node", "python"), docs):
        rss = doc["rss"]
        print(f"RSS {runtime}: {rss['before'] / 2**20:.1f} MiB before, {rss['after'] / 2**20:.1f} MiB after "
              f"{rss['calls']:,} echo calls (strings and bytes)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(harness.result_head(
                SCHEMA, settings={"samples": args.samples, "min_sample_ms": args.min_sample_ms,
                                    "interleaved": True},
                rows=rows, rss={runtime: doc["rss"] for runtime, doc in zip(("node", "python"), docs)}),
                f, indent=1)


def face_order(key):
    order = ["twinhost", "v8", "napi", "fastcall", "pybind11"]
    return (key[0] != "node", order.index(key[1]))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        baselines, rss_calls, min_sample_ms, samples = sys.argv[2:6]
        measure_python(baselines, int(rss_calls), float(min_sample_ms), int(samples))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--twinhost", default=os.path.join(ROOT, "build", "bin", "twinhost"))
    parser.add_argument("--baselines", default=os.path.join(ROOT, "build", "bench"))
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--min-sample-ms", type=float, default=20)
    parser.add_argument("--rss-calls", type=int, default=10_000_000)
    parser.add_argument("--quick", action="store_true",
                        help="7 samples of >= 10 ms, RSS over 1,000,000 calls")
    parser.add_argument("--json", help="also write every sample to this file")
    args = parser.parse_args()
    if args.quick:
        args.samples, args.min_sample_ms, args.rss_calls = 7, 10, 1_000_000
    report(args)


if __name__ == "__main__":
    main()
