"""Runs one task for `twinhost bench`, with the same timing loop everywhere: loaded into a
Host (in-process mode), or as a process speaking JSON lines on stdin/stdout (process
isolation under twinhost, and --stock under /usr/bin/python3)."""
import asyncio
import importlib.util
import inspect
import json
import sys
import time
import traceback

try:
    from twinhost import now_ns as clock
except ImportError:
    clock = time.monotonic_ns  # stock python: the same CLOCK_MONOTONIC

_task = None
_size = 0
_file = ""  # the task file, echoed in every sample: the harness checks who answered


def load(file, n):
    global _task, _size, _file
    spec = importlib.util.spec_from_file_location("twinhost_bench_task", file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # as a module: the file's __main__ block stays out
    if not callable(getattr(module, "run", None)):
        raise TypeError(f"{file} defines no run(size) function")
    _task, _size, _file = module, n, file
    return {"ok": True}


def sample(inner):
    """`inner` runs back to back; the checksum of the last one is returned for checking. An
    async run() (a mixed task awaiting JS) is awaited each time, in one asyncio loop."""
    run, size = _task.run, _size
    if inspect.iscoroutinefunction(run):
        async def runs():
            checksum = None
            start = clock()
            for _ in range(inner):
                checksum = await run(size)
            return {"ns": clock() - start, "checksum": checksum, "file": _file}
        return asyncio.run(runs())
    checksum = None
    start = clock()
    for _ in range(inner):
        checksum = run(size)
    return {"ns": clock() - start, "checksum": checksum, "file": _file}


def handle(message):
    try:
        if message["cmd"] == "load":
            return load(message["file"], message["size"])
        return sample(message["inner"])
    except BaseException as error:  # a task's failure is data for the harness
        return {"error": type(error).__name__, "message": str(error), "stack": traceback.format_exc()}


if __name__ == "__main__":
    for line in sys.stdin:
        print(json.dumps(handle(json.loads(line))), flush=True)
