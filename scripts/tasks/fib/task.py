"""Naive recursive Fibonacci: the cost of calls and small-integer arithmetic."""
import json
import os
import sys


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def run(size):
    return fib(size)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        size = int(sys.argv[1])
    else:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
            size = json.load(f)["sizes"]["quick"]
    print(run(size))
