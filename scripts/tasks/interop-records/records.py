"""The records both variants build in Python: n of (id, value), value from the shared LCG."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lcg"))
from lcg import lcg  # noqa: E402


def as_dicts(n):
    """A list of dicts: what crosses into JS as an array of objects, copied."""
    next_value = lcg(17)
    return [{"id": i, "value": next_value() >> 12} for i in range(n)]


def into(buffer, n):
    """The same records written into `buffer` (a SharedBuffer) as pairs of float64."""
    view = memoryview(buffer).cast("d")
    next_value = lcg(17)
    for i in range(n):
        view[2 * i] = i
        view[2 * i + 1] = next_value() >> 12
    return n
