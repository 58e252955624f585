"""Sorting n records by (key, name), then a positional checksum."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lcg"))
from lcg import lcg  # noqa: E402

_inputs = {}


def generate(n):
    next_value = lcg(3)

    records = []
    for _ in range(n):
        key = (next_value() >> 8) % 1000
        records.append({"key": key, "name": f"n{next_value() >> 12}"})
    return records


def run(n):
    if n not in _inputs:
        _inputs[n] = generate(n)
    ordered = sorted(_inputs[n], key=lambda r: (r["key"], r["name"]))
    checksum = 0
    for i, r in enumerate(ordered):
        checksum = (checksum * 31 + r["key"] * (i % 97) + len(r["name"])) % 1000000007
    return checksum


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
