#!/usr/bin/env python3
"""Crossing costs under contention: the same no-op crossings measured on a quiet machine,
with another busy process on the machine, and with another Python thread alive in the
process (blocked, or running Python), interleaved over rounds in fresh processes.

    /usr/bin/python3 scripts/bench/contention/run.py [--rounds R] [--calls N] [--json FILE]

Prints per crossing and condition the median ns per call over rounds [min-max] and its
ratio to the quiet condition of the same round (geometric mean over rounds).
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CONDITIONS = [("quiet", "none", False), ("busy process", "none", True),
              ("idle Python thread", "idle", False), ("busy Python thread", "busy", False)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--twinhost", default=os.path.join(ROOT, "build", "bin", "twinhost"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=100000)
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.rounds < 1 or args.calls < 1:
        parser.error("--rounds and --calls must be at least 1")
    raw = {name: [] for name, _, _ in CONDITIONS}
    for r in range(args.rounds):
        for name, thread, burner in CONDITIONS[r % len(CONDITIONS):] + CONDITIONS[:r % len(CONDITIONS)]:
            print(f"round {r + 1}/{args.rounds}: {name}", file=sys.stderr, flush=True)
            busy = subprocess.Popen(["/usr/bin/python3", "-c", "while True: pass"]) if burner else None
            try:
                out = subprocess.run([args.twinhost, os.path.join(HERE, "child.py"), "--thread",
                                      thread, "--calls", str(args.calls)],
                                     capture_output=True, text=True, timeout=600)
            finally:
                if busy:
                    busy.kill()
                    busy.wait()
            if out.returncode != 0:
                sys.exit(f"contention: the {name} run failed: {out.stderr.strip()[-300:]}")
            raw[name].append(json.loads(out.stdout.splitlines()[-1])["ns_per_call"])
    crossings = list(raw["quiet"][0])
    print(f"crossing cost under contention, ns per call: median over {args.rounds} rounds "
          f"[min-max], and / quiet (geometric mean of per-round ratios); {os.cpu_count()} cores")
    table = []
    for crossing in crossings:
        for name, _, _ in CONDITIONS:
            values = [round_[crossing] for round_ in raw[name]]
            ratios = [v / q[crossing] for v, q in zip(values, raw["quiet"])]
            ratio = math.exp(statistics.fmean(math.log(x) for x in ratios))
            table.append({"crossing": crossing, "condition": name, "ns": values, "ratio": ratio})
            print(f"{crossing:34} {name:20} {statistics.median(values):9.1f} "
                  f"[{min(values):.1f}-{max(values):.1f}]  x{ratio:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"schema": "twinhost-contention/1", "rounds": args.rounds, "table": table}, f,
                      indent=1)


if __name__ == "__main__":
    main()
