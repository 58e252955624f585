"""twinhost.sha256 releases the GIL for large inputs: while one thread hashes 512 MiB,
another Python thread keeps running. Without the release, no other Python code could run
between the start and the end of the native call."""
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


if __name__ == "__main__":
    unittest.main()
