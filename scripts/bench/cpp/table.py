"""Runs the C++ library's benchmarks (twinhost-cpp-bench and the hand-written V8 floor,
twinhost-v8-floor-bench) in rounds, the two binaries in alternating order (so that a drift
of the machine's speed hits both), and prints a Markdown table: the median time per call
over the rounds, the spread (min-max of the rounds), and the ratio of medians to the floor
it is measured against. Warns when a row is noisy (coefficient of variation above 5%).
Writes the raw Google Benchmark JSON of every round with --json.

Usage: python3 table.py BENCH_DIR [--repetitions 10] [--json FILE]
(BENCH_DIR: <build>/bench)"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys

# Each measured row and the floor it is compared with (None: no floor).
ROWS = [
    ("twinhost_eval/js", "eval, JS", None),
    ("twinhost_eval/python", "eval, Python", "pybind11_eval"),
    ("pybind11_eval", "pybind11 `py::eval`", None),
    ("twinhost_get_global/js", "get_global, JS", None),
    ("twinhost_get_global/python", "get_global, Python", None),
    ("twinhost_set_global/js", "set_global, JS", None),
    ("twinhost_set_global/python", "set_global, Python", None),
    ("twinhost_call/js", "call a JS function (held)", "v8_call/js"),
    ("twinhost_call_by_name/js", "call a JS function by name", "v8_call/js"),
    ("v8_call/js", "hand-written `v8::Function::Call` with its scopes", None),
    ("v8_call_with_callback_scope/js", "the same + `node::CallbackScope` (microtasks)", None),
    ("twinhost_call/python", "call a Python function (held)", "pybind11_call"),
    ("twinhost_call_by_name/python", "call a Python function by name", "pybind11_call"),
    ("pybind11_call", "pybind11 `py::object` call, GIL held throughout", None),
    ("pybind11_call_gil_per_call", "pybind11 call, GIL taken per call", None),
]


def run(binary):
    out = subprocess.run([binary, "--benchmark_format=json", "--benchmark_min_time=0.2"],
                         check=True, capture_output=True, text=True, timeout=600)
    return json.loads(out.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bench_dir")
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--json")
    args = parser.parse_args()
    results, raw = {}, []
    binaries = ["twinhost-cpp-bench", "twinhost-v8-floor-bench"]
    for round_ in range(args.repetitions):
        for name in binaries if round_ % 2 == 0 else reversed(binaries):
            report = run(os.path.join(args.bench_dir, name))
            raw.append(report)
            for b in report["benchmarks"]:
                results.setdefault(b["name"], []).append(b["real_time"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(raw, f, indent=1)
    context = raw[0]["context"]
    print(f"Machine: {platform.node()}, {context['num_cpus']} CPUs at {context['mhz_per_cpu']} MHz, "
          f"{platform.platform()}; {args.repetitions} rounds of >= 0.2 s per row, binaries alternating.\n")
    print("| crossing | median ns/call | spread (min-max) | / floor |")
    print("|---|---|---|---|")
    noisy = []
    for key, label, floor in ROWS:
        times = results.get(key)
        if not times:
            continue
        median = statistics.median(times)
        cv = statistics.pstdev(times) / statistics.mean(times)
        if cv > 0.05:
            noisy.append(f"{key} (CV {cv:.0%})")
        ratio = ""
        if floor and results.get(floor):
            ratio = f"{median / statistics.median(results[floor]):.2f}x"
        print(f"| {label} | {median:.0f} | {min(times):.0f}-{max(times):.0f} | {ratio} |")
    if noisy:
        print("\nWARNING: noisy rows (coefficient of variation > 5%): " + ", ".join(noisy),
              file=sys.stderr)


if __name__ == "__main__":
    main()
