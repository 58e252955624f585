"""Threads, finalizers and signals under load, for a bounded time (TWINHOST_STRESS_SECONDS,
default 20, split between the scenarios). Meant for the AddressSanitizer build (the suite
runs it there too): every run must end with its expected status and no sanitizer report."""
import os
import signal
import subprocess
import time
import unittest

from twinhost_cli import TWINHOST, TestCase, interrupted, script_file

BUDGET = float(os.environ.get("TWINHOST_STRESS_SECONDS", "20"))
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "runtime error:", "Check failed", "terminate called")

WORKERS = r"""
const { Worker } = require('worker_threads');
const { python: py, Store } = require('twinhost');
py.exec(`import gc
from twinhost import js
kept = []
class Finalized:
    def __del__(self):
        js.eval('globalThis.finalized = (globalThis.finalized || 0) + 1')
def put(f):
    kept.append(f)
    del kept[:-3]
def last():
    return kept[0] if kept else None`);
let rounds = 0, refused = 0;
function round() {
  const w = new Worker(`const t = require('twinhost');
    t.python.eval('put')(() => 1);
    new t.Store('stress').set('f', { call: () => 2 });
    for (let i = 0; i < 200; i++) t.python.eval('Finalized()');`, { eval: true });
  w.on('exit', () => {
    for (const get of [() => py.eval('last()'), () => new Store('stress').get('f')]) {
      try { const f = get(); if (f && typeof f === 'function') f(); } catch (e) { if (e instanceof TypeError) refused++; else throw e; }
    }
    for (let i = 0; i < 2000; i++) py.eval('Finalized()');
    if (++rounds < 12) round(); else console.log('ok', refused > 0);
  });
}
round();
"""

THREADS = r"""
import threading, time, twinhost
from twinhost import js
class Finalized:
    def __del__(self):
        js.eval('globalThis.n = (globalThis.n || 0) + 1')
results = []
def first_call(i):
    results.append(js.eval(f'{i} * 2'))
threads = [threading.Thread(target=first_call, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
assert sorted(results) == [i * 2 for i in range(8)], results
js.exec("globalThis.py = require('twinhost').python")
for _ in range(3000):
    js.eval("py.eval('Finalized()')")
data = b'x' * (1 << 20)
def spin_js():
    while True:
        js.eval('(() => { let s = 0; for (let i = 0; i < 1e4; i++) s += i; return s })()')
def spin_hash():
    while True:
        twinhost.sha256(data)
for target in (spin_js, spin_js, spin_hash):
    threading.Thread(target=target, daemon=True).start()
time.sleep(0.1)
print('ok', flush=True)
"""

JS_ENTRY_DAEMONS = r"""
const py = require('twinhost').python;
py.exec(`import threading, twinhost
from twinhost import js
data = b'x' * (4 << 20)
def spin():
    while True:
        try:
            js.eval('1 + 1')
        except RuntimeError:
            pass  # the JS environment has stopped: the script is ending
def hash_forever():
    while True:
        twinhost.sha256(data)
for target in (spin, spin, hash_forever):
    threading.Thread(target=target, daemon=True).start()`);
setTimeout(() => console.log('ok'), 100);
"""

SIGINT_DURING_CALLS = r"""
import threading, time
from twinhost import js
js.exec("globalThis.py = require('twinhost').python")
def spin():
    while True:
        js.eval("py.eval('sum(range(100))')")
for _ in range(2):
    threading.Thread(target=spin, daemon=True).start()
print('ready', flush=True)
while True:
    js.eval("(() => { let s = 0; for (let i = 0; i < 1e6; i++) s += i; return s })()")
"""


def clean(stderr):
    return not any(mark in stderr for mark in SANITIZER_MARKS)


class Stress(TestCase):
    def repeat(self, share, run_once):
        """Runs `run_once` until its share of the budget is spent (at least twice)."""
        deadline, runs = time.monotonic() + BUDGET * share, 0
        while runs < 2 or time.monotonic() < deadline:
            run_once()
            runs += 1

    def runs_clean(self, code, suffix, share, stdout):
        """Runs the script until its share of the budget is spent: status 0, `stdout`, and
        no sanitizer report each time."""
        path = script_file(self, code, suffix)

        def once():
            r = subprocess.run([TWINHOST, path], capture_output=True, text=True, timeout=300)
            self.assertEqual((r.returncode, r.stdout), (0, stdout), r.stderr[-3000:])
            self.assertTrue(clean(r.stderr), r.stderr[-3000:])
        self.repeat(share, once)

    def test_workers_exchange_objects_and_exit(self):
        self.runs_clean(WORKERS, ".js", 0.3, "ok true\n")

    def test_first_calls_finalizers_and_daemon_threads_at_exit(self):
        self.runs_clean(THREADS, ".py", 0.3, "ok\n")

    def test_js_entry_ends_while_python_daemon_threads_call_and_hash(self):
        self.runs_clean(JS_ENTRY_DAEMONS, ".js", 0.15, "ok\n")

    def test_sigint_during_cross_calls(self):
        path = script_file(self, SIGINT_DURING_CALLS, ".py")

        def once():
            status, _, err = interrupted(path, wait=0.2, timeout=120)
            self.assertEqual(status, -signal.SIGINT, err[-3000:])
            self.assertTrue(err.rstrip().endswith("KeyboardInterrupt"), err[-3000:])
            self.assertTrue(clean(err), err[-3000:])
        self.repeat(0.25, once)


if __name__ == "__main__":
    unittest.main()
