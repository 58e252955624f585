"""Spectral norm of an infinite matrix: nested numeric loops."""
import json
import math
import os
import sys


def a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1)


def multiply_av(n, v):
    return [sum(a(i, j) * v[j] for j in range(n)) for i in range(n)]


def multiply_atv(n, v):
    return [sum(a(j, i) * v[j] for j in range(n)) for i in range(n)]


def multiply_atav(n, v):
    return multiply_atv(n, multiply_av(n, v))


def run(n):
    u = [1.0] * n
    for _ in range(10):
        v = multiply_atav(n, u)
        u = multiply_atav(n, v)
    vbv = vv = 0.0
    for ue, ve in zip(u, v):
        vbv += ue * ve
        vv += ve * ve
    return f"{math.sqrt(vbv / vv):.9f}"


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
