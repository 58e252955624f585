"""Helpers for the script-level tests: run the twinhost binary and the stock binaries."""
import json
import os
import signal
import subprocess
import tempfile
import time
import unittest

TWINHOST = os.environ.get("TWINHOST_BIN", os.path.join(os.path.dirname(__file__), "../../build/bin/twinhost"))
PYTHON = "/usr/bin/python3"  # the python whose libpython twinhost embeds
NODE = "/usr/bin/node"  # Debian's node: the same build as the embedded libnode
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def fixture(name):
    return os.path.join(FIXTURES, name)


def run(args, stdin=None, timeout=60, cwd=FIXTURES, env=None):
    """Runs a command; returns CompletedProcess with text stdout/stderr."""
    return subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          errors="replace", env=env)


def run_with_json(args, **kwargs):
    """Runs `args --json FILE` (run()'s keywords); returns (result, FILE parsed, or None)."""
    out = os.path.join(tempfile.mkdtemp(), "out.json")
    r = run([*args, "--json", out], **kwargs)
    document = None
    if os.path.exists(out):
        with open(out) as f:
            document = json.load(f)
    return r, document


def script_file(test, code, suffix):
    """Writes `code` to a temporary script file, removed when `test` ends; returns its path."""
    f = tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False)
    f.write(code)
    f.close()
    test.addCleanup(os.unlink, f.name)
    return f.name


def twinhost(*args, **kwargs):
    return run([TWINHOST, *args], **kwargs)


def interrupted(*args, wait=0.3, timeout=30):
    """Runs twinhost until it prints 'ready', waits `wait` s (into the call to interrupt),
    sends SIGINT; returns (status, stdout, stderr)."""
    p = subprocess.Popen([TWINHOST, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         cwd=FIXTURES)
    try:
        assert p.stdout.readline() == "ready\n"
        time.sleep(wait)
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=timeout)
    finally:
        p.kill()
    return p.returncode, out, err


class TestCase(unittest.TestCase):
    maxDiff = None

    def assertExit(self, result, code):
        self.assertEqual(result.returncode, code, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")

    def assertPrints(self, args, lines, timeout=60, env=None):
        """twinhost with `args` exits 0 and prints exactly `lines`."""
        r = twinhost(*args, timeout=timeout, env=env)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), lines)

    def assertSameAsStock(self, stock_binary, scripts):
        """Each script prints the same stdout and stderr, and exits the same, under both."""
        for name in scripts:
            with self.subTest(script=name):
                stock = run([stock_binary, fixture(name), "a1"])
                hosted = twinhost(fixture(name), "a1")
                self.assertEqual(hosted.stdout, stock.stdout)
                self.assertEqual(hosted.stderr, stock.stderr)
                self.assertEqual(hosted.returncode, stock.returncode)
