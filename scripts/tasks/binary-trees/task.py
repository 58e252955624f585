"""Binary trees: allocate, walk and drop many short-lived trees (allocation and GC)."""
import json
import os
import sys


def make(depth):
    return (None, None) if depth == 0 else (make(depth - 1), make(depth - 1))


def check(node):
    left, right = node
    return 1 if left is None else 1 + check(left) + check(right)


def run(max_depth):
    min_depth = 4
    total = check(make(max_depth + 1))
    long_lived = make(max_depth)
    for depth in range(min_depth, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + min_depth)
        total += sum(check(make(depth)) for _ in range(iterations))
    return total + check(long_lived)


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
