"""The GIL while native code or JS runs. twinhost.sha256 releases it for large inputs: while
one thread hashes 512 MiB, another Python thread keeps running. A call from Python into JS
keeps it (lent, host/src/lent_lock.h) but lets go of it once JS has run for a switch
interval, and before Atomics.wait(): other Python threads run during long JS, and a worker
that JS waits for can take it."""
import json
import unittest

from twinhost_cli import TestCase, twinhost

SCRIPT = """
import json, threading, time, twinhost
data = bytes(512 << 20)
running = threading.Event()
done = threading.Event()
window = []
def hash_it():
    running.wait()
    t0 = time.monotonic()
    twinhost.sha256(data)
    window.extend([t0, time.monotonic()])
    done.set()
worker = threading.Thread(target=hash_it)
worker.start()
seen, i = [], 0
while not done.is_set():
    i += 1
    if i % 1000 == 0:
        seen.append(time.monotonic())
        running.set()
worker.join()
t0, t1 = window
inside = [t for t in seen if t0 + 0.05 < t < t1 - 0.05]
print(json.dumps({"hash_s": t1 - t0, "main_thread_ran_inside": len(inside)}))
"""


class GilRelease(TestCase):
    def test_other_threads_run_during_a_large_sha256(self):
        r = twinhost("-c", SCRIPT, timeout=120)
        self.assertExit(r, 0)
        result = json.loads(r.stdout)
        self.assertGreater(result["hash_s"], 0.15, result)  # long enough to see into
        self.assertGreater(result["main_thread_ran_inside"], 10, result)


# The spin gives up after 10 s: a lent GIL never let go shows as 'gave up', not as a hang.
LONG_JS = """
import threading, time, twinhost
from twinhost import js
flag = twinhost.SharedBuffer(1)
spin = js.eval('''(flag) => {
  const end = Date.now() + 10000;
  while (Atomics.load(flag, 0) === 0) if (Date.now() > end) return 'gave up';
  return 'seen';
}''')
def set_flag():  # runs only if the call into JS lets go of the GIL
    time.sleep(0.05)
    memoryview(flag)[0] = 1
setter = threading.Thread(target=set_flag)
setter.start()
print(spin(flag))
setter.join()
"""

# The worker needs the GIL to answer; Atomics.wait() gives up after 10 s ('timed-out').
ATOMICS_WAIT = """
from twinhost import js
wait = js.eval('''() => {
  const { Worker } = require('worker_threads');
  const shared = new Int32Array(new SharedArrayBuffer(4));
  new Worker(`const { workerData: shared } = require('worker_threads');
    Atomics.store(shared, 0, require('twinhost').python.eval('6 * 7'));
    Atomics.notify(shared, 0);`, { eval: true, workerData: shared });
  return [Atomics.wait(shared, 0, 0, 10000), shared[0]];
}''')
print(list(wait()))
"""


class GilLentToJs(TestCase):
    def test_other_threads_run_during_long_js(self):
        r = twinhost("-c", LONG_JS, timeout=60)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.strip(), "seen")

    def test_atomics_wait_lets_a_worker_take_the_gil(self):
        r = twinhost("-c", ATOMICS_WAIT, timeout=60)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.strip(), "['ok', 42]")


if __name__ == "__main__":
    unittest.main()
