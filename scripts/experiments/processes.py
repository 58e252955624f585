"""The processes an experiment starts: each in its own session (so a server's workers go
with it), marked in its environment, pinned to CPUs when asked, and stopped by its process
group on every way out — normal end, a failed check, Ctrl-C or SIGTERM. A child also gets
SIGKILL if the driver itself dies (PR_SET_PDEATHSIG).
"""
import ctypes
import json
import os
import resource
import select
import signal
import subprocess
import time

MARK = "TWINHOST_EXPERIMENT_RUN"  # in every started process's environment (tests look)
PR_SET_PDEATHSIG = 1


class ExperimentError(Exception):
    """A run that failed: its check, its exit, or a limit. Reported; the experiment goes on."""


def _child_setup():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _terminate(signum, frame):
    raise KeyboardInterrupt


class Processes:
    def __init__(self):
        self.live = []
        self.cleanups = []  # run last, newest first (a database the servers used)
        self.env = dict(os.environ, **{MARK: str(os.getpid())})

    def __enter__(self):
        self.previous = signal.signal(signal.SIGTERM, _terminate)
        return self

    def __exit__(self, *exc):
        for p in list(self.live):
            self.stop(p)
        while self.cleanups:
            self.cleanups.pop()()
        signal.signal(signal.SIGTERM, self.previous)
        return False

    def spawn(self, argv, cpus=None, env=None, **kwargs):
        if cpus is not None and len(os.sched_getaffinity(0)) > 1:
            argv = ["taskset", "-c", cpus] + list(argv)
        argv = [str(a) for a in argv]
        kwargs.setdefault("stdin", subprocess.DEVNULL)
        p = subprocess.Popen(argv, env=dict(self.env, **(env or {})), start_new_session=True,
                             preexec_fn=_child_setup, **kwargs)
        self.live.append(p)
        return p

    def stop(self, p, grace=3.0):
        """SIGTERM to the process group, SIGKILL after `grace` seconds; reaps it."""
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        try:  # whatever is left of its group (workers that outlived it)
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if p in self.live:
            self.live.remove(p)
        return p.returncode

    def run(self, argv, timeout, cpus=None, env=None):
        """Runs a program to its end: (exit status, stdout, stderr). Raises ExperimentError
        when it takes longer than `timeout` seconds (it is stopped)."""
        p = self.spawn(argv, cpus=cpus, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(p)
            raise ExperimentError(f"{program_name(argv)} timed out after {timeout:g} s")
        self.stop(p)
        return p.returncode, out, err

    def run_json(self, argv, timeout, cpus=None, env=None):
        """Runs a program to its end; returns its last JSON line. Raises ExperimentError."""
        return parse_result(argv, *self.run(argv, timeout, cpus, env))


def program_name(argv):
    """The script a runtime runs (`node x.js`: x.js), else the program itself (wrk)."""
    script = [str(a) for a in argv[1:2] if str(a).endswith((".js", ".py"))]
    return os.path.basename(script[0] if script else str(argv[0]))


def parse_result(argv, returncode, out, err):
    lines = [line for line in (out or "").splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else None
    if result and "error" in result:
        raise ExperimentError(result["error"])
    if returncode != 0 or result is None:
        tail = " | ".join((err or "").strip().splitlines()[-3:])[:300]
        raise ExperimentError(f"{program_name(argv)} exited {returncode}: "
                              f"{tail or 'no result'}")
    return result


def wait_for_line(p, prefix, timeout):
    """Reads p's stdout (a text pipe) until a line starting with `prefix`; returns it.
    Bounded: an ExperimentError after `timeout` seconds or when p exits first."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([p.stdout], [], [], left)[0]:
            raise ExperimentError(f"{os.path.basename(p.args[-1] if p.args else '?')}: "
                                  f"not ready after {timeout:g} s")
        line = p.stdout.readline()
        if not line:
            raise ExperimentError(f"exited {p.wait()} before it was ready")
        if line.startswith(prefix):
            return line.strip()


def server_and_client_cpus():
    """The server on one CPU, the load generator on another (when there are two)."""
    cpus = sorted(os.sched_getaffinity(0))
    return (str(cpus[0]), str(cpus[1])) if len(cpus) > 1 else (None, None)


def raise_fd_limit(needed):
    """Raises RLIMIT_NOFILE's soft limit to `needed` (children inherit it); a clear error
    naming the limit when the hard limit is lower."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if needed <= soft:
        return soft
    if hard != resource.RLIM_INFINITY and needed > hard:
        raise ExperimentError(
            f"needs {needed} open files, above this machine's RLIMIT_NOFILE hard limit "
            f"({hard}): raise it (ulimit -Hn, or LimitNOFILE for a service) or use fewer")
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    return needed


def rss_bytes(pid):
    """Resident memory of a process and of its threads (VmRSS), or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None
