"""C8 — process start to the first line of output, under the stock binaries and under
twinhost: a bare script, and one that first loads the runtime's HTTP and JSON modules."""
import statistics
import subprocess
import time

from processes import ExperimentError, wait_for_line

TITLE = "Process start to the first line of output (median of a round's starts)"
CLAIM = "C8: Node starts and responds faster."
METRICS = [("first_line", "start to first line", "s")]
STARTS = {"tiny": 3, "small": 10, "full": 20}  # starts per case, flavour and round
PROGRAMS = [("node", "hello.js", "bare"), ("python", "hello.py", "bare"),
            ("node", "modules.js", "http + json"), ("python", "modules.py", "http + json")]


def cases(ctx):
    return [{"id": f"{runtime}-{kind}", "label": f"{runtime} {kind}", "runtime": runtime,
             "kind": kind, "file": file} for runtime, file, kind in PROGRAMS]


def measure(case, flavour, ctx):
    argv = ctx.program(case["runtime"], flavour, case["file"])
    times = []
    for _ in range(STARTS[ctx.size]):
        started = time.perf_counter()
        p = ctx.processes.spawn(argv, stdout=subprocess.PIPE, text=True)
        try:
            line = wait_for_line(p, "", 30)
            times.append(time.perf_counter() - started)
        finally:
            ctx.processes.stop(p)
        if line != "hello":
            raise ExperimentError(f"{case['file']} printed {line!r}, not 'hello'")
    return {"first_line": statistics.median(times)}
