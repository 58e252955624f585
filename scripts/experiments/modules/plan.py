"""C2 — module loading and caching: the first load of a set of modules in a fresh process
without and with each runtime's compile cache, and the second load in the same process."""
import atexit
import os
import shutil
import sys
import tempfile

from harness import estimate, print_table
from processes import ExperimentError

TITLE = "module loading: first load without/with a compile cache, and the second load"
CLAIM = "C2: Node caches modules, so it is more responsive."
METRICS = [("first_s", "first load", "s"), ("second_s", "second load (same process)", "s")]

SETS = [("builtins", "the runtime's own HTTP/JSON/URL modules"),
        ("framework", "a web framework (express / FastAPI)"),
        ("generated", "a generated module of 2,000 functions")]
# Compile caches: Python's .pyc files (absent: an empty PYTHONPYCACHEPREFIX and no writing;
# present: written by a run just before). Node 18's require has no compile cache (node 22
# added module.enableCompileCache; libnode 18 exposes none), so Node has one state.
STATES = {"node": ["no compile cache"], "python": ["no .pyc", ".pyc present"]}


def cases(ctx):
    folder = tempfile.mkdtemp(prefix="twinhost-modules-")
    atexit.register(shutil.rmtree, folder, True)
    sys.path.insert(0, ctx.folder)
    import generate
    generate.write(folder)
    ctx.generated = folder
    return [{"id": f"{runtime}-{what}-{state}", "label": f"{runtime} {what}, {state}",
             "runtime": runtime, "set": what, "state": state, "what": about}
            for what, about in SETS for runtime in ("node", "python")
            for state in STATES[runtime]]


def measure(case, flavour, ctx):
    file = "load.js" if case["runtime"] == "node" else "load.py"
    argv = ctx.program(case["runtime"], flavour, file, case["set"], ctx.generated)
    env = {}
    prefix = None
    if case["runtime"] == "python":
        prefix = tempfile.mkdtemp(prefix="pyc-", dir=ctx.generated)
        env = {"PYTHONPYCACHEPREFIX": prefix, "PYTHONDONTWRITEBYTECODE": ""}
        if case["state"] == ".pyc present":  # a run before writes them
            ctx.run_json(argv, env=env)
            if not any(files for _, _, files in os.walk(prefix)):
                raise ExperimentError("no .pyc files were written")
        else:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
    try:
        result = ctx.run_json(argv, env=env)
    finally:
        if prefix:
            shutil.rmtree(prefix, True)
    return {"first_s": result["first_s"], "second_s": result["second_s"]}


def derive(table, cores):
    """What each cache buys (stock binaries): the first load without a compile cache over
    the first load with it, and over the second load in the same process."""
    by = {(r["runtime"], r["set"], r["state"]): r for r in table}
    out = []
    for what, about in SETS:
        for runtime in ("node", "python"):
            cold = by.get((runtime, what, STATES[runtime][0]))
            cached = by.get((runtime, what, ".pyc present")) if runtime == "python" else None
            if not cold or "first_s" not in cold["metrics"]:
                continue
            entry = {"runtime": runtime, "set": what, "what": about}
            for flavour in ("stock", "host"):
                first = cold["metrics"]["first_s"].get(flavour)
                second = cold["metrics"].get("second_s", {}).get(flavour)
                if not first:
                    continue
                e = {"no_cache_s": first["value"]}
                if second:
                    e["second_s"] = second["value"]
                    e["module_cache_buys"] = estimate(
                        [a / b for a, b in zip(first["rounds"], second["rounds"]) if a and b])[0]
                warm = cached and cached["metrics"].get("first_s", {}).get(flavour)
                if warm:
                    e["compile_cache_s"] = warm["value"]
                    e["compile_cache_buys"] = first["value"] / warm["value"]
                entry[flavour] = e
            out.append(entry)
    return {"caches": out}


def print_derived(part, markdown):
    def t(x):
        return "-" if x is None else (f"{x * 1e3:.3g} ms" if x >= 1e-3 else f"{x * 1e6:.3g} µs")
    rows = []
    for e in part["derived"]["caches"]:
        s = e.get("stock", {})
        rows.append([f"{e['runtime']} {e['set']}", t(s.get("no_cache_s")),
                     t(s.get("compile_cache_s")) + (f" (x{s['compile_cache_buys']:.1f} faster)"
                                                    if "compile_cache_buys" in s else ""),
                     t(s.get("second_s")) + (f" (x{s['module_cache_buys']:.0f} faster)"
                                             if "module_cache_buys" in s else "")])
    print("\nwhat each cache buys (stock binaries, geometric means): the first load in a fresh "
          "process without a compile cache; with one (Python's .pyc; node 18 has none for "
          "require); the second load in the same process (require.cache / sys.modules)")
    print_table(["set", "no compile cache", "compile cache", "module cache"], rows, markdown)
