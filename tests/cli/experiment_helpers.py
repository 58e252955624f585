"""What the tests of `twinhost experiment` share: running it, and finding what it left."""
import atexit
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time

from twinhost_cli import TWINHOST, run_with_json

MARK = "TWINHOST_EXPERIMENT_RUN"
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# This test process's own temporary folder, inherited by every experiment it runs: the
# databases an experiment creates (twinhost-pg-*) land in it, so that what is left is
# looked for there and not in another test's run beside this one (ctest -j2). Traversable
# by the postgres user, who runs the database when the tests run as root.
PRIVATE_TMP = tempfile.mkdtemp(prefix="twinhost-experiment-tests-")
os.chmod(PRIVATE_TMP, 0o755)
os.environ["TMPDIR"] = tempfile.tempdir = PRIVATE_TMP
atexit.register(shutil.rmtree, PRIVATE_TMP, True)


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
    """PostgreSQL servers of this test process's experiments still running, and their
    folders."""
    found = glob.glob(os.path.join(PRIVATE_TMP, "twinhost-pg-*"))
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if os.path.join(PRIVATE_TMP, "twinhost-pg-").encode() in f.read():
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
