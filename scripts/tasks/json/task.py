"""JSON: parse and re-serialise a generated document of n records (about 120 bytes each)."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lcg"))
from lcg import lcg  # noqa: E402

_documents = {}  # generated once per size; samples time parse + serialise


def generate(n):
    next_value = lcg(7)

    records = []
    for i in range(n):
        records.append({
            "id": i,
            "name": f"user-{next_value() % 100000}",
            "tags": [f"t{next_value() % 50}", f"t{next_value() % 50}"],
            "score": (next_value() % 10000) + 0.25,
            "active": next_value() & 1 == 1,
            "address": {"city": f"city-{next_value() % 300}", "zip": str(next_value() % 100000).zfill(5)},
        })
    return json.dumps({"version": 1, "records": records}, separators=(",", ":"))


def run(n):
    if n not in _documents:
        _documents[n] = generate(n)
    doc = json.loads(_documents[n])
    active = sum(1 for r in doc["records"] if r["active"])
    return f"{len(json.dumps(doc, separators=(',', ':')))}:{active}"


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
