"""C2 in Python: imports one set of modules twice in this process and prints how long each
import took: the first (nothing of it imported yet; from .pyc files where they exist) and the
second (sys.modules).

    load.py WHAT [DIR]     WHAT: builtins | framework | generated (DIR/generated.py)
"""
import importlib
import json
import sys
import time

TARGETS = {"builtins": ["json", "http.server", "urllib.parse"],
           "framework": ["fastapi"],
           "generated": ["generated"]}


def load(names):
    t0 = time.perf_counter()
    modules = [importlib.import_module(name) for name in names]
    return time.perf_counter() - t0, modules


def main():
    what = sys.argv[1]
    if what not in TARGETS:
        raise SystemExit(f"load.py: unknown set {what}")
    if what == "generated":
        sys.path.insert(0, sys.argv[2] if len(sys.argv) > 2 else ".")
    first, modules = load(TARGETS[what])
    second, _ = load(TARGETS[what])
    checks = {  # each set's own check: the module is what it should be, and works
        "builtins": lambda: modules[0].dumps({"a": 1}) == '{"a": 1}'
        and hasattr(modules[1], "HTTPServer"),
        "framework": lambda: hasattr(modules[0].FastAPI(), "get"),
        "generated": lambda: modules[0].f1999(2) == modules[0].expected(1999, 2),
    }
    if not checks[what]():
        raise SystemExit(f"load.py: {what} did not import right")
    print(json.dumps({"first_s": first, "second_s": second}))


if __name__ == "__main__":
    main()
