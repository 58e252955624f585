"""The JSON documents both variants parse: small records, from the shared LCG."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lcg"))
from lcg import lcg  # noqa: E402

_documents = {}


def documents(n):
    if n not in _documents:
        next_value = lcg(23)
        _documents[n] = [json.dumps({"id": i, "name": f"item{next_value() >> 20}",
                                     "tags": [next_value() >> 28 for _ in range(3)],
                                     "price": (next_value() >> 16) / 100})
                         for i in range(n)]
    return _documents[n]


def checksum(record, total):
    return (total + record["id"] * 7 + len(record["name"]) + sum(record["tags"])
            + int(record["price"] * 100)) % 1000000007
