"""Runs the conformance cases against the Python face: `twinhost runner.py cases.json`."""
import json
import sys

import twinhost
from values import decode, encode

KINDS = {TypeError: "type", ValueError: "range"}


def run(case):
    args = [decode(a) for a in case["args"]]
    if "." not in case["fn"]:
        return getattr(twinhost, case["fn"])(*args)
    cls, method = case["fn"].split(".")
    instance = getattr(twinhost, cls)(*[decode(a) for a in case["ctor"]])
    for name, setup_args in case["setup"]:
        getattr(instance, name)(*[decode(a) for a in setup_args])
    return getattr(instance, method)(*args)


def main(path):
    with open(path) as f:
        cases = json.load(f)["cases"]
    for case in cases:
        try:
            line = {"id": case["id"], "ok": encode(run(case))}
        except Exception as e:  # every error is part of the result
            line = {"id": case["id"], "error": KINDS.get(type(e), "runtime"), "message": str(e)}
        print(json.dumps(line, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
