"""twinhost's Python-entry round for the peers benchmark: a Python script (run by
`twinhost child_entry.py`) calling a JS function with two small ints. The peers are npm
packages with no Python entry, so this has no peer counterpart of its own: the report puts
it beside their Python-calls-JS callback. Prints one JSON line like child.js."""
import json
import math
import sys
import time

from twinhost import js

MIN_S = float(sys.argv[sys.argv.index("--min-ms") + 1]) / 1e3 if "--min-ms" in sys.argv else 0.02
SAMPLES = int(sys.argv[sys.argv.index("--samples") + 1]) if "--samples" in sys.argv else 5

add = js.eval("(a, b) => a + b")


def body(n):
    total = 0
    for i in range(n):
        total += add(i, 2)
    if total != n * (n - 1) // 2 + 2 * n:
        raise RuntimeError(f"wrong result: sum {total}")


def measure():
    for _ in range(3):
        body(1)
    n = 1
    while True:
        start = time.perf_counter_ns()
        body(n)
        elapsed = (time.perf_counter_ns() - start) / 1e9
        if elapsed >= MIN_S or n >= 1 << 24:
            break
        n *= 16 if elapsed <= 0 else min(16, max(2, 2 ** math.ceil(math.log2(MIN_S / elapsed))))
    ns = []
    for _ in range(SAMPLES):
        start = time.perf_counter_ns()
        body(n)
        ns.append((time.perf_counter_ns() - start) / n)
    ns.sort()
    return {"ns_per_op": ns[len(ns) // 2], "samples": ns, "n": n}


print(json.dumps({"system": "twinhost", "results": {"python_calls_js_python_entry": measure()}}))
