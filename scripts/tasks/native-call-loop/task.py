"""A loop of n calls into the native API (twinhost.add): the per-call binding cost inside
real code. Standalone under /usr/bin/python3 the same loop calls a Python function."""
import json
import os
import sys

try:
    from twinhost import add
except ImportError:
    def add(a, b):
        return a + b


def run(n):
    total = 0
    for i in range(n):
        total = add(total, i & 1023)
    return total


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
