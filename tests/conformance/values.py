"""The conformance suite's value encoding, Python side (runner.js holds the JS twin).

Cases and results are JSON. Values JSON cannot hold are tagged: {"$int": "123..."} (beyond
2^53), {"$float": "nan" | "inf" | "-inf" | "-0"}, {"$bytes": "hex"}, {"$map": [[k, v], ...]},
and, in cases only, {"$bytes_repeat": [byte, count]}, {"$deep": n} (n nested lists),
{"$cyclic": "list" | "map"}, {"$tuple": [...]}. encode() gives one canonical form, so the
two runners' outputs compare as JSON.
"""
import hashlib
import json
import math

SAFE = 2**53 - 1


def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "$int" in v:
        return int(v["$int"])
    if "$float" in v:
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "-0": -0.0}[v["$float"]]
    if "$bytes" in v:
        return bytes.fromhex(v["$bytes"])
    if "$bytes_repeat" in v:
        byte, count = v["$bytes_repeat"]
        return bytes([byte]) * count
    if "$map" in v:
        return {decode(k): decode(x) for k, x in v["$map"]}
    if "$tuple" in v:
        return tuple(decode(x) for x in v["$tuple"])
    if "$deep" in v:
        value = []
        for _ in range(v["$deep"] - 1):
            value = [value]
        return value
    if "$cyclic" in v:
        if v["$cyclic"] == "list":
            cycle = []
            cycle.append(cycle)
        else:
            cycle = {}
            cycle["self"] = cycle
        return cycle
    return {k: decode(x) for k, x in v.items()}


def encode(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if -SAFE <= v <= SAFE else {"$int": str(v)}
    if isinstance(v, float):
        if math.isnan(v):
            return {"$float": "nan"}
        if math.isinf(v):
            return {"$float": "inf" if v > 0 else "-inf"}
        if v == 0 and math.copysign(1, v) < 0:
            return {"$float": "-0"}
        return int(v) if v.is_integer() and abs(v) <= SAFE else v
    if isinstance(v, (bytes, bytearray, memoryview)):
        data = bytes(v)
        if len(data) > 4096:
            return {"$bytes_sha256": hashlib.sha256(data).hexdigest(), "length": len(data)}
        return {"$bytes": data.hex()}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {"$map": [[encode(k), encode(x)] for k, x in v.items()]}
    raise TypeError(f"cannot encode {type(v).__name__}")


def canonical(v):
    """Encoded values with map entries in one order (JS and Python order keys differently)."""
    if isinstance(v, list):
        return [canonical(x) for x in v]
    if isinstance(v, dict):
        if "$map" in v:
            entries = [[canonical(k), canonical(x)] for k, x in v["$map"]]
            return {"$map": sorted(entries, key=lambda e: json.dumps(e[0], sort_keys=True))}
        return {k: canonical(x) for k, x in v.items()}
    return v
