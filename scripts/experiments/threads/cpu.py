"""C3 in Python: the same jobs on N workers of one model; prints one JSON line.

    cpu.py MODEL WORKERS JOBS N
    MODEL: threading | process-spawn | process-fork    (jobs: the task suite's fib(N))
           native-threads   (jobs: hashlib.sha256 of N MiB: OpenSSL, GIL released)
           twinhost-threads (jobs: twinhost.sha256 of N MiB: the one API, GIL released)
           sleep-threads    (jobs: time.sleep(N ms): blocking I/O's stand-in)
           js-from-threads  (host only: threads each calling JS's fib(N) through twinhost.js,
                             which one isolate serves)
Strong scaling: JOBS jobs in all, shared by WORKERS workers; the result is checked. The
workers are started before the clock starts: the time is the parallel work's.
"""
import concurrent.futures as futures
import hashlib
import json
import multiprocessing
import os
import runpy
import sys
import time

SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(SCRIPTS, "lib"))
from harness import fibonacci  # noqa: E402

# The CPU work is the task suite's fib (scripts/tasks/fib), the one `twinhost bench` times.
TASK_PY = os.path.join(SCRIPTS, "tasks", "fib", "task.py")
TASK_JS = os.path.join(SCRIPTS, "tasks", "fib", "task.js")
fib = runpy.run_path(TASK_PY)["run"]

FAULT = os.environ.get("TWINHOST_EXPERIMENT_FAULT")


def fib_job(n, index=0):
    if FAULT == "worker-dies" and index == 0 and multiprocessing.parent_process():
        os._exit(3)  # the fault test: a worker process that dies mid-run
    return fib(n)


def process_job(n, index):
    """A job in a worker process: its result, and the worker's CPU time so far."""
    return fib_job(n, index), os.getpid(), time.process_time()


def worker_clock(_):
    time.sleep(0.05)  # holds this worker while the others start
    return os.getpid(), time.process_time()


def block(mib):
    # Each job hashes its own data: pseudo-random bytes, the same in every run.
    return bytes(range(256)) * (mib * 4096)


def main():
    model, workers, jobs, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    if model in ("native-threads", "twinhost-threads"):
        data = block(n)
        if model == "twinhost-threads":
            import twinhost  # only in the host
            job, args = twinhost.sha256, [data] * jobs
        else:
            job, args = (lambda d: hashlib.sha256(d).hexdigest()), [data] * jobs
        expected = [hashlib.sha256(data).hexdigest()] * jobs
    elif model == "js-from-threads":
        from twinhost import js  # only in the host
        js_fib = js.require(TASK_JS).run
        job, args, expected = js_fib, [n] * jobs, [fibonacci(n)] * jobs
    elif model == "sleep-threads":
        job, args, expected = (lambda ms: time.sleep(ms / 1000) or ms), [n] * jobs, [n] * jobs
    else:
        job, args, expected = fib_job, [n] * jobs, [fibonacci(n)] * jobs

    if model == "threading" or model.endswith("-threads"):
        pool = futures.ThreadPoolExecutor(workers)
    elif model in ("process-spawn", "process-fork"):
        pool = futures.ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context(model.split("-")[1]))
    else:
        raise SystemExit(f"cpu.py: unknown model {model}")
    processes = model.startswith("process")
    try:
        with pool:
            # Every worker starts before the clock does: the time is the parallel work's.
            started = dict(pool.map(worker_clock, range(workers))) if processes else {}
            cpu_before = time.process_time()
            start = time.perf_counter()
            if processes:
                done = list(pool.map(process_job, args, range(jobs)))
            else:
                done = list(pool.map(job, args))
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu_before
    except futures.process.BrokenProcessPool as e:
        print(json.dumps({"error": f"a worker process died ({e})"}))
        return
    results = done
    if processes:  # each worker's CPU time from its start to its last job
        results, last = [r for r, _, _ in done], {}
        for _, pid, clock in done:
            last[pid] = max(last.get(pid, 0.0), clock)
        cpu += sum(clock - started.get(pid, 0.0) for pid, clock in last.items())
    if results != expected:
        print(json.dumps({"error": f"wrong results: {results[:2]}... expected {expected[:1]}"}))
        return
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "jobs": jobs}))


if __name__ == "__main__":
    main()
