"""SHA-256 of the same n bytes as sha256-pure, through the native API (OpenSSL): the cost
of handing bytes to native code. Standalone under /usr/bin/python3 it uses hashlib."""
import hashlib
import json
import os
import sys

try:
    from twinhost import sha256
except ImportError:
    def sha256(data):
        return hashlib.sha256(data).hexdigest()

_inputs = {}


def generate(n):
    state = 5
    out = bytearray(n)
    for i in range(n):
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        out[i] = state >> 24
    return bytes(out)


def run(n):
    if n not in _inputs:
        _inputs[n] = generate(n)
    return sha256(_inputs[n])


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
