"""Pi digits with a spigot over big integers (Gibbons' unbounded algorithm)."""
import json
import os
import sys


def run(n):
    q, r, t, k = 1, 0, 1, 1
    digits = []
    while len(digits) < n:
        digit = (3 * q + r) // t
        if digit == (4 * q + r) // t:
            digits.append(str(digit))
            q, r = 10 * q, 10 * (r - digit * t)
        else:
            l = 2 * k + 1
            q, r, t, k = q * k, (2 * q + r) * l, t * l, k + 1
    return "".join(digits)[-20:]


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
