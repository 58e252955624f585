"""Mandelbrot set on an n x n grid: escape-time iteration, counts the points inside."""
import json
import os
import sys


def run(n):
    inside = 0
    for y in range(n):
        ci = 2 * y / n - 1
        for x in range(n):
            cr = 2 * x / n - 1.5
            zr = zi = 0.0
            i = 0
            while i < 50 and zr * zr + zi * zi <= 4:
                zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci
                i += 1
            if i == 50:
                inside += 1
    return inside


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
