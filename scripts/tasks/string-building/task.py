"""String building: n pieces derived from a 32-bit LCG, concatenated and scanned."""
import json
import os
import sys


def run(n):
    state = 42
    parts = []
    for _ in range(n):
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        parts.append(f"item{state % 1000}{'ab' if state & 1 else 'ba'},")
    text = "".join(parts)
    return f"{len(text)}:{text.count('ab')}"


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
