"""What the tests of `twinhost experiment` share: running it, and finding what it left."""
import glob
import os
import signal
import subprocess
import tempfile
import time

from twinhost_cli import TWINHOST, run_with_json

MARK = "TWINHOST_EXPERIMENT_RUN"
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def experiment(*args, env=None, timeout=900):
    return run_with_json([TWINHOST, "experiment", *args], timeout=timeout,
                         env=dict(os.environ, **(env or {})))


def marked_processes(driver_pid):
    """Processes that carry the driver's mark in their environment: {pid: argv[0]}."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if f"{MARK}={driver_pid}".encode() not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                found[int(pid)] = os.path.basename(f.read().split(b"\0")[0].decode())
        except OSError:
            pass
    return found


def postgres_left():
    """PostgreSQL servers of an experiment's database still running, and their folders."""
    found = glob.glob(os.path.join(tempfile.gettempdir(), "twinhost-pg-*"))
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"twinhost-pg-" in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def interrupted(args, ready, timeout=120):
    """Runs `twinhost experiment ARGS`, sends Ctrl-C (SIGINT) once ready(its marked processes)
    holds, and waits for it: (exit status, stderr, marked processes left after 10 s)."""
    p = subprocess.Popen([TWINHOST, "experiment", *args], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + timeout
        while not ready(marked_processes(p.pid)) and time.monotonic() < deadline:
            time.sleep(0.02)
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=60)
    finally:
        p.kill()
    deadline = time.monotonic() + 10
    while marked_processes(p.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return p.returncode, err, marked_processes(p.pid)
