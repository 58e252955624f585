"""Differential fuzzer of the value model at the boundary, run inside twinhost:

    twinhost tests/fuzz/fuzz_values.py [--cases N] [--seed S] [--max-seconds T]

Each case is a random value tree (a description, not yet a value). From it the fuzzer
builds the Python value and the JS source of the same value, works out from the documented
model (README, "The value model") what each crossing must give, and checks these paths:

  py-echo     Python -> twinhost.echo -> Python
  py-js-py    Python -> a JS identity function -> Python
  py-js-echo  Python -> JS -> twinhost.echo in JS -> Python
  js-py       a value made by JS -> Python
  js-py-js    a value made by JS -> a Python identity function -> JS -> Python

A path gives the expected value (compared exactly: type, NaN, -0.0, order-free dicts) or
the expected error class and message prefix, never anything else: a crash, a hang, a wrong
value or a wrong error fails the run, printing the seed and case number that reproduce it.
"""
import argparse
import math
import random
import sys
import time

import twinhost
from twinhost import JSError, js

INT64 = (-(2**63), 2**63 - 1)
SAFE = 2**53 - 1
DEPTH = 100  # twinhost::kMaxValueDepth


class Expect:
    """An expected error: the exception class and the start of its message."""

    def __init__(self, cls, prefix):
        self.cls, self.prefix = cls, prefix

    def __repr__(self):
        return f"{self.cls.__name__}({self.prefix!r}...)"


class AnyOf(list):
    """Errors of which the crossing must raise one (conversion order decides which)."""


RANGE = Expect(ValueError, "integer out of the 64-bit range")
DEEP = Expect(ValueError, "value nests deeper than 100 levels")
COLLIDE = Expect(TypeError, "cannot convert a map to ")


# --- random trees -------------------------------------------------------------------------
# Nodes: ("null",) ("undef",) ("bool", b) ("int", i) ("float", f) ("str", s) ("bytes", b)
# ("list", [nodes]) ("tuple", [nodes]) ("dict", [(key node, node)]) ("bigint", i)
# ("u8", b) ("abuf", b) ("map", [(key node, node)]) ("deep", n)

def rand_str(r):
    pool = ["a", "Z", "0", " ", "\0", "\n", "'", '"', "\\", "é", "中", "😀", "\u2028", "\ud800", "\udfff", "\ufffd"]
    return "".join(r.choice(pool) for _ in range(r.randint(0, 6)))


def rand_int(r):
    return r.choice([0, 1, -1, SAFE, SAFE + 1, -SAFE, -SAFE - 1, INT64[0], INT64[1], INT64[1] + 1,
                     INT64[0] - 1, 2**70, r.randint(-1000, 1000), r.randint(-2**62, 2**62)])


def rand_float(r):
    return r.choice([0.0, -0.0, 1.5, -2.25, 3.0, float(SAFE), 2.0**60, 1e308, 5e-324, math.inf, -math.inf,
                     math.nan, r.uniform(-1e6, 1e6)])


def rand_key(r, js_only):
    kinds = ["str", "str", "int", "float", "bool", "null", "list"] + (["bigint"] if js_only else ["bytes"])
    kind = r.choice(kinds)
    if kind == "list":  # a tuple key in Python, an Array key in a JS Map
        items = [rand_key(r, js_only) for _ in range(r.randint(0, 2))]
        return ("list" if js_only else "tuple", [i for i in items if i[0] != "bytes"])
    if kind == "str":
        return ("str", rand_str(r))
    if kind == "int":
        return ("int", r.choice([0, 1, 2, -1, SAFE + 1]))
    if kind == "float":
        return ("float", r.choice([1.0, 0.5, -0.0, math.inf]))
    if kind == "bool":
        return ("bool", r.random() < 0.5)
    if kind == "bigint":
        return ("bigint", r.choice([0, 1, 2**40]))
    if kind == "bytes":
        return ("bytes", bytes(r.randrange(256) for _ in range(r.randint(0, 3))))
    return ("null",)


def rand_node(r, depth, js_only):
    if depth > 4 or r.random() < 0.45:
        kind = r.choice(["null", "bool", "int", "int", "float", "str", "str", "bytes"] +
                        (["undef", "bigint", "u8", "abuf"] if js_only else []))
        if kind in ("null", "undef"):
            return (kind,)
        if kind == "bool":
            return ("bool", r.random() < 0.5)
        if kind in ("int", "bigint"):
            return (kind, rand_int(r))
        if kind == "float":
            return ("float", rand_float(r))
        if kind == "str":
            return ("str", rand_str(r))
        return (kind, bytes(r.randrange(256) for _ in range(r.randint(0, 5))))
    kind = r.choice(["list", "dict", "dict", "deep"] + (["map"] if js_only else ["tuple"]))
    if kind == "deep":
        return ("deep", r.choice([1, 50, DEPTH - depth - 1, DEPTH - depth, DEPTH + 5]))
    n = r.randint(0, 4)
    if kind in ("list", "tuple"):
        return (kind, [rand_node(r, depth + 1, js_only) for _ in range(n)])
    if kind == "dict" and not js_only:
        return ("dict", [(rand_key(r, False), rand_node(r, depth + 1, js_only)) for _ in range(n)])
    if kind == "dict":  # a plain JS object: string keys
        return ("dict", [(("str", rand_str(r)), rand_node(r, depth + 1, js_only)) for _ in range(n)])
    return ("map", [(rand_key(r, True), rand_node(r, depth + 1, js_only)) for _ in range(n)])


# --- building values ---------------------------------------------------------------------

def deep_list(n):
    v = []
    for _ in range(n - 1):
        v = [v]
    return v


def to_python(node):
    kind = node[0]
    if kind == "null":
        return None
    if kind in ("bool", "int", "float", "str", "bytes"):
        return node[1]
    if kind in ("list", "tuple"):
        items = [to_python(n) for n in node[1]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return {to_python(k): to_python(v) for k, v in node[1]}
    if kind == "deep":
        return deep_list(node[1])
    raise AssertionError(kind)


def js_string(s):
    out = []
    for ch in s:
        c = ord(ch)
        out.append(ch if 0x20 <= c < 0x7F and ch not in "\"\\" else
                   f"\\u{c:04x}" if c <= 0xFFFF else f"\\u{{{c:x}}}")
    return '"' + "".join(out) + '"'


def js_number(f):
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "Infinity" if f > 0 else "-Infinity"
    if f == 0 and math.copysign(1, f) < 0:
        return "-0"
    return repr(float(f))


def to_js(node):
    kind = node[0]
    if kind == "null":
        return "null"
    if kind == "undef":
        return "undefined"
    if kind == "bool":
        return "true" if node[1] else "false"
    if kind == "int":
        return str(node[1]) if abs(node[1]) <= SAFE else str(node[1]) + "n"
    if kind == "bigint":
        return f"{node[1]}n"
    if kind == "float":
        return js_number(node[1])
    if kind == "str":
        return js_string(node[1])
    if kind == "bytes" or kind == "u8":
        return f"new Uint8Array([{','.join(map(str, node[1]))}])"
    if kind == "abuf":
        return f"new Uint8Array([{','.join(map(str, node[1]))}]).buffer"
    if kind == "list":
        return "[" + ",".join(to_js(n) for n in node[1]) + "]"
    if kind == "dict":  # a plain object; keys are strings here
        return "({" + ",".join(f"[{js_string(k[1])}]: {to_js(v)}" for k, v in node[1]) + "})"
    if kind == "map":
        return "new Map([" + ",".join(f"[{to_js(k)}, {to_js(v)}]" for k, v in node[1]) + "])"
    if kind == "deep":
        return "(() => { let v = []; for (let i = 1; i < %d; i++) v = [v]; return v })()" % node[1]
    raise AssertionError(kind)


# --- what the model says -----------------------------------------------------------------

def surrogates_replaced(s, js_made):
    """The model's rule: a lone surrogate becomes U+FFFD. A JS string is UTF-16, where a
    high surrogate followed by a low one is one character; a Python str has no pairs."""
    if js_made:
        s = s.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in s)


def through_model(node, via_js, js_made, errors, collisions, depth=0, map_key=False, in_key=False):
    """The Python value a crossing gives for `node` (map_key: it is a dict key; in_key: it is
    inside one, where lists come back as tuples). Errors found while the source runtime
    converts the whole tree (integer range, nesting) go to `errors`; keys that become
    equal in a target runtime go to `collisions` (checked later, on the converted tree).
    via_js: the value passes through JS (an integral float becomes an int there)."""
    kind = node[0]
    if kind in ("null", "undef"):
        return None
    if kind == "bool":
        return node[1]
    if kind in ("int", "bigint"):
        if not INT64[0] <= node[1] <= INT64[1]:
            errors.append(RANGE)
        return node[1]
    if kind == "float":
        f = node[1]
        if via_js and map_key and f == 0:  # a JS Map stores the key -0 as 0
            return 0
        if via_js and math.isfinite(f) and f == int(f) and abs(f) <= SAFE and not (f == 0 and math.copysign(1, f) < 0):
            return int(f)
        return f
    if kind == "str":
        return surrogates_replaced(node[1], js_made)
    if kind in ("bytes", "u8", "abuf"):
        return bytes(node[1])
    if depth >= DEPTH:
        errors.append(DEEP)
        return None
    if kind in ("list", "tuple"):
        key = map_key or in_key
        items = [through_model(n, via_js, js_made, errors, collisions, depth + 1, in_key=key) for n in node[1]]
        return tuple(items) if key else items  # a key comes back as a (hashable) tuple
    if kind == "deep":
        if depth + node[1] > DEPTH:
            errors.append(DEEP)
        return deep_list(node[1])
    if kind in ("dict", "map"):
        out = {}  # the entries as the source runtime built them (its equal keys merged)
        for k, v in node[1]:
            key = through_model(k, via_js, js_made, errors, collisions, depth + 1, map_key=True)
            value = through_model(v, via_js, js_made, errors, collisions, depth + 1)
            try:
                if key in out:
                    collisions.append(key)
                out[key] = value
            except TypeError:  # an unhashable key: only after an error elsewhere
                pass
        return out
    raise AssertionError(kind)


def python_source_dict(node):
    """A Python dict node as Python itself builds it: later equal keys replace earlier ones."""
    if node[0] in ("list", "tuple"):
        return (node[0], [python_source_dict(n) for n in node[1]])
    if node[0] != "dict":
        return node
    merged = {}
    for k, v in node[1]:
        key = to_python(k)
        if key in merged:
            merged[key] = (merged[key][0], python_source_dict(v))  # Python keeps the first key
        else:
            merged[key] = (k, python_source_dict(v))
    return ("dict", list(merged.values()))


def js_key_identity(node):
    """Which JS Map keys are one key (SameValueZero): numbers by value (-0 is 0, NaN is
    NaN), BigInts by value, strings exactly; every Uint8Array is its own key."""
    kind = node[0]
    if kind == "int" and abs(node[1]) > SAFE:  # written as a BigInt literal
        return ("big", node[1])
    if kind in ("int", "float"):
        f = float(node[1])
        return ("num", "nan" if math.isnan(f) else f + 0.0)
    if kind == "bigint":
        return ("big", node[1])
    if kind in ("str", "bool"):
        return (kind, node[1])
    if kind in ("null", "undef"):
        return (kind,)
    return ("object", id(node))


def js_source_merge(node):
    """A JS value node as JS builds it: a later equal key replaces the value in place."""
    kind = node[0]
    if kind == "list":
        return ("list", [js_source_merge(n) for n in node[1]])
    if kind not in ("dict", "map"):
        return node
    merged = {}
    for k, v in node[1]:
        ident = ("str", k[1]) if kind == "dict" else js_key_identity(k)
        first = merged.get(ident, (k, None))[0]
        merged[ident] = (first, js_source_merge(v))
    return (kind, list(merged.values()))


# --- comparing ---------------------------------------------------------------------------

def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        if len(a) != len(b):
            return False
        for k, v in a.items():
            match = [k2 for k2 in b if same(k, k2)]
            if not match or not same(v, b[match[0]]):
                return False
        return True
    return a == b


def outcome(call):
    try:
        return ("value", call())
    except (TypeError, ValueError) as e:
        return ("error", e)
    except JSError as e:  # an error raised in JS (the JS echo): compare its JS class
        return ("jserror", e)


def matches(result, expected):
    if isinstance(expected, AnyOf):
        return any(matches(result, e) for e in expected)
    kind, got = result
    if isinstance(expected, Expect):
        if kind == "error":
            return isinstance(got, expected.cls) and str(got).startswith(expected.prefix)
        if kind == "jserror":
            name = {ValueError: "RangeError", TypeError: "TypeError"}[expected.cls]
            return got.js_name == name and got.js_message.startswith(expected.prefix)
        return False
    return kind == "value" and same(got, expected)


def model_for(node, via_js, js_made):
    """The expected value, or the list of errors of which the crossing must raise one."""
    errors, collisions = [], []
    value = through_model(node, via_js, js_made, errors, collisions)
    if errors:
        return AnyOf(errors)
    return COLLIDE if collisions else value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=600)
    args = parser.parse_args()
    print(f"fuzz_values: seed {args.seed}, {args.cases} cases", flush=True)

    identity = js.eval("(x) => x")
    js_echo = js.eval("(x) => require('twinhost').echo(x)")
    js.exec("globalThis.__fuzz_py_identity = require('twinhost').python.eval('lambda x: x')")
    failures, start, done = 0, time.monotonic(), 0
    for case in range(args.cases):
        if time.monotonic() - start > args.max_seconds:
            break
        r = random.Random(args.seed * 1_000_003 + case)
        js_made = r.random() < 0.35
        node = rand_node(r, 0, js_made)
        checks = []
        if js_made:
            source = to_js(node)
            node = js_source_merge(node)
            checks.append(("js-py", lambda: js.eval(source), model_for(node, True, True)))
            checks.append(("js-py-js", lambda: js.eval(f"__fuzz_py_identity({source})"),
                           model_for(node, True, True)))
        else:
            node = python_source_dict(node)
            value = to_python(node)
            checks.append(("py-echo", lambda: twinhost.echo(value), model_for(node, False, False)))
            checks.append(("py-js-py", lambda: identity(value), model_for(node, True, False)))
            checks.append(("py-js-echo", lambda: js_echo(value), model_for(node, True, False)))
        for path, call, expected in checks:
            result = outcome(call)
            if not matches(result, expected):
                failures += 1
                print(f"FAIL seed {args.seed} case {case} path {path}\n  node: {node!r}\n"
                      f"  expected: {expected!r}\n  got: {result[0]} {result[1]!r}", flush=True)
                if failures >= 10:
                    print("fuzz_values: stopping after 10 failures")
                    return 1
        done += 1
    print(f"fuzz_values: {done} cases, {failures} failures in {time.monotonic() - start:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
