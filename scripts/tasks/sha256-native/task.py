"""SHA-256 of the same n bytes as sha256-pure, through the native API (OpenSSL): the cost
of handing bytes to native code. Standalone under /usr/bin/python3 it uses hashlib."""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lcg"))
from lcg import lcg_bytes  # noqa: E402

try:
    from twinhost import sha256
except ImportError:
    def sha256(data):
        return hashlib.sha256(data).hexdigest()

_inputs = {}


def generate(n):
    return lcg_bytes(n, 5)


def run(n):
    if n not in _inputs:
        _inputs[n] = generate(n)
    return sha256(_inputs[n])


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
