"""No crossing: the loop and the function both in Python (the numbers from the shared LCG)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lcg"))
from lcg import lcg  # noqa: E402

_inputs = {}


def numbers(n):
    if n not in _inputs:
        next_value = lcg(11)
        _inputs[n] = [next_value() >> 12 for _ in range(n)]
    return _inputs[n]


def square(x):
    return x * x % 1000003


def run(n):
    total = 0
    for x in numbers(n):
        total = (total + square(x)) % 1000000007
    return total
