"""The interop cost table: ns per cross-runtime call inside twinhost, both directions and
from both entry runtimes, next to the baseline a two-process design pays — stock node and
stock /usr/bin/python3 exchanging JSON lines over a pipe — measured in the same run.

    /usr/bin/python3 scripts/bench/interop_cost.py [--samples N] [--calls N] [--quick]
                                                   [--json FILE] [--one-core-run]
                                                   [--warm-up-ms MS]

Each half (JS entry, Python entry) runs once pinned to each core, and each row keeps the
faster core's samples (cores of a VM need not be equally fast: scripts/lib/harness.py,
pinned); --one-core-run runs each half once, unpinned.

--json writes every sample (schema twinhost-crossing/1) for `twinhost report`: per
crossing its median and the median's distribution-free 95% interval.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SCHEMA = "twinhost-crossing/1"
ECHO_SERVER = "require('readline').createInterface({input: process.stdin}).on('line', (l) => " \
              "process.stdout.write(JSON.stringify(JSON.parse(l)) + '\\n'))"


BUFFER_SIZES = ((1 << 10, "1 KiB"), (1 << 20, "1 MiB"), (1 << 28, "256 MiB"))


def handovers(kind, size, calls):
    """Crossings per sample: all of them when shared (O(1)), fewer when every one copies."""
    return calls if kind == "SharedBuffer" else max(2, min(calls, (64 << 20) // size))


def measure_python_entry(samples, calls, warm_up_ms):
    from twinhost import JSError, SharedBuffer, js, now_ns

    js.exec("globalThis.jsNoop = () => undefined; globalThis.jsFail = () => { throw new RangeError('x'); };"
            "globalThis.callPy = (f, n) => { for (let i = 0; i < n; i++) f(); };"
            "globalThis.obj = {x: 1, f() { return 1; }};"
            "globalThis.sameObj = () => obj; globalThis.newObj = () => ({x: 1, f() { return 1; }});")
    js_noop, js_fail, call_py = js.eval("jsNoop"), js.eval("jsFail"), js.eval("callPy")
    obj = js.eval("({x: 1, f() { return 1; }})")

    def interleaved(named, scale=1, n=calls):
        # Samples alternated, as in interop_cost.js: a crossing and its floor in one window.
        # Warm-up as there: at least warm_up_ms and one sample's worth.
        warm_start = now_ns()
        while True:
            for _, body in named:
                body(n)
            if now_ns() - warm_start >= warm_up_ms * 1_000_000:
                break
        values = [[] for _ in named]
        for _ in range(samples):
            for (_, body), out in zip(named, values):
                start = now_ns()
                body(n)
                out.append((now_ns() - start) / n * scale)
        return [{"name": name, "ns_per_call": v} for (name, _), v in zip(named, values)]

    def series(name, body, scale=1, n=calls):
        return interleaved([(name, body)], scale, n)[0]

    def loop_noop(n):
        for _ in range(n):
            js_noop()

    def loop_fail(n):
        for _ in range(n // 10):
            try:
                js_fail()
            except JSError:
                pass

    def loop_attr(n):
        for _ in range(n):
            obj.x

    def loop_call(f):
        def loop(n):
            for _ in range(n):
                f()
        return loop

    def loop_raise(n):  # the floor: the same exception raised and caught in Python alone
        def fail():
            raise ValueError("x")
        for _ in range(n // 10):
            try:
                fail()
            except ValueError:
                pass

    results = [
        series("Python -> JS no-op call", loop_noop),
        series("JS -> Python no-op callback", lambda n: call_py(lambda: None, n)),
    ]
    crossing, floor = interleaved([("JS exception into Python", loop_fail),
                                   ("Python raises and catches an exception", loop_raise)], scale=10)
    results += [
        dict(crossing, floor_name=floor["name"]),
        dict(floor, floor=True),
        series("Python reads a JS attribute", loop_attr),
        # A JS object crossing: the same one (its proxy found in the identity caches) or a
        # new one each time (a proxy made, later released).
        series("Python gets the same JS object (cached proxy)", loop_call(js.eval("sameObj"))),
        series("Python gets a new JS object (new proxy)", loop_call(js.eval("newObj"))),
    ]
    js_length = js.eval("(b) => b.length")
    # Lists of 1,000 floats, each way: ns per element.
    floats = [i + 0.5 for i in range(1000)]
    js.exec("globalThis.jsFloats = Array.from({length: 1000}, (_, i) => i + 0.5);")
    get_floats = js.eval("() => jsFloats")
    lists = max(2, calls // 1000)
    for name, call in (("Python -> JS list of 1,000 floats, per element", lambda: js_length(floats)),
                       ("JS -> Python list of 1,000 floats, per element", get_floats)):
        def loop(n, call=call):
            for _ in range(n):
                call()
        results.append(series(name, loop, scale=1 / 1000, n=lists))
    for size, label in BUFFER_SIZES:
        for kind, buffer in (("SharedBuffer", SharedBuffer(size)), ("bytes, copied", bytes(size))):
            def hand(n, buffer=buffer):
                for _ in range(n):
                    js_length(buffer)
            results.append(series(f"Python -> JS hands {label} ({kind})", hand, n=handovers(kind, size, calls)))
        # The floor of a copy into Python (JS -> Python hands a Buffer, in the JS-entry
        # half): new bytes of the same size from a buffer, in Python alone. The copy into JS
        # has its floor in the JS half: a new Buffer.
        source = bytearray(size)

        def copy(n, source=source):
            for _ in range(n):
                bytes(source)
        floor = series(f"Python copies {label} into new bytes", copy, n=handovers("copy", size, calls))
        results[-1]["floor_name"] = f"JS copies {label} into a new Buffer"
        results.append(dict(floor, floor=True))
    print(json.dumps({"entry": "python", "results": results}))


def pipe_baseline(samples, calls, node):
    """Round trips of a small JSON message between stock python3 and stock node."""
    server = subprocess.Popen([node, "-e", ECHO_SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, bufsize=1)
    message = json.dumps({"op": "noop", "args": [1, 2]}) + "\n"

    def run(n):
        for _ in range(n):
            server.stdin.write(message)
            server.stdin.flush()
            json.loads(server.stdout.readline())

    run(200)
    values = []
    n = max(calls // 100, 200)
    for _ in range(samples):
        start = time.perf_counter_ns()
        run(n)
        values.append((time.perf_counter_ns() - start) / n)
    server.stdin.close()
    server.wait()
    return {"name": "stock python3 <-> stock node, JSON lines over a pipe", "ns_per_call": values}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure_python_entry(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--twinhost", default=os.path.join(ROOT, "build", "bin", "twinhost"))
    parser.add_argument("--node", default="/usr/bin/node")
    parser.add_argument("--samples", type=int, default=11)
    parser.add_argument("--calls", type=int, default=200000)
    parser.add_argument("--quick", action="store_true", help="7 samples of 50,000 crossings")
    parser.add_argument("--warm-up-ms", type=int, default=500,
                        help="each series runs at least this long before its samples (V8 optimises "
                             "what it runs meanwhile)")
    parser.add_argument("--json", help="also write every sample to this file")
    parser.add_argument("--one-core-run", action="store_true",
                        help="run each half once, unpinned (default: once on each core, keeping "
                             "the faster core's samples for each row)")
    args = parser.parse_args()
    if args.quick:
        args.samples, args.calls = 7, 50000
    sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
    import harness
    common = [str(args.samples), str(args.calls), str(args.warm_up_ms)]
    cores = harness.cores_each(args.one_core_run)
    rows = []
    for entry, command in (("js", [args.twinhost, os.path.join(HERE, "interop_cost.js"), *common]),
                           ("python", [args.twinhost, os.path.join(HERE, "interop_cost.py"), "--measure", *common])):
        runs = {}  # core -> rows of one run of this half pinned there
        for core in cores:
            harness.progress(f"{entry} entry" + ("" if core is None else f", on core {core}"))
            out = subprocess.run(command, capture_output=True, text=True, check=True,
                                 preexec_fn=harness.pinned(core)).stdout
            runs[core] = json.loads(out)["results"]
        floor_core = {}  # a floor measured with its crossing -> the core the crossing's row took
        for i, row in enumerate(runs[cores[0]]):
            medians = {core: statistics.median(runs[core][i]["ns_per_call"]) for core in cores}
            faster = floor_core.get(row["name"], min(cores, key=lambda core: medians[core]))
            row = dict(runs[faster][i], entry=entry)
            if faster is not None:
                row.update(core=faster, median_by_core={str(c): m for c, m in medians.items()})
            if "floor_name" in row:
                floor_core[row["floor_name"]] = faster
            rows.append(row)
    rows.append(dict(pipe_baseline(args.samples, args.calls, args.node), entry="baseline"))
    print(f"interop cost, ns per crossing (loop included), {args.samples} samples: median [min-max] CoV")
    if cores != [None]:
        print(f"(each half ran once on each core {cores}; each row keeps the faster core's samples)")
    for r in rows:
        v = r["ns_per_call"]
        r["median_ns"], r["ci95"] = harness.median_interval(v)
        r["cov"] = statistics.stdev(v) / statistics.mean(v)
        flag = "!" if r["cov"] > 0.05 else " "
        entry = r["entry"] + (" floor" if r.get("floor") else " entry" if r["entry"] != "baseline" else "")
        print(f"{entry:13} {r['name']:54} {r['median_ns']:10.1f} [{min(v):.1f}-{max(v):.1f}] "
              f"{r['cov'] * 100:4.1f}%{flag}")
    print("(! marks a noisy series: coefficient of variation above 5%)")
    # A crossing whose floor ran in the same process, samples alternated: their ratio per
    # pair of samples (the VM's speed moves over minutes; a ratio of medians taken at
    # different moments, or on different cores, moves with it).
    by_name = {(r["entry"], r["name"]): r for r in rows}
    for r in rows:
        floor = by_name.get((r["entry"], r.get("floor_name")))
        if floor and len(floor["ns_per_call"]) == len(r["ns_per_call"]):
            ratios = [a / b for a, b in zip(r["ns_per_call"], floor["ns_per_call"])]
            r["floor_ratio"] = {"median": statistics.median(ratios), "min": min(ratios), "max": max(ratios)}
            print(f"{r['entry']} entry: {r['name']} / {r['floor_name']}, samples paired: "
                  f"{r['floor_ratio']['median']:.2f}x [{min(ratios):.2f}-{max(ratios):.2f}]")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(harness.result_head(SCHEMA, settings={"samples": args.samples, "calls": args.calls,
                                                           "warm_up_ms": args.warm_up_ms,
                                                           "cores_each": None if cores == [None] else cores},
                                         rows=rows), f, indent=1)


if __name__ == "__main__":
    main()
