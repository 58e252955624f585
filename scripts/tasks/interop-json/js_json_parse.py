"""JS's JSON.parse, called from Python: each text crosses into JS, each object back."""
import os
import sys

from twinhost import js

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_json_documents import checksum, documents  # noqa: E402

parse = js.eval("JSON.parse")


def run(n):
    total = 0
    for text in documents(n):
        total = checksum(parse(text), total)
    return total
