"""Identity and lifetime of proxies, both directions: one object gives one proxy while that
proxy lives, the cache never keeps an object alive, and threads, workers and a worker's end
leave it consistent (under AddressSanitizer in the sanitized tree)."""
import os
import subprocess
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TWINHOST = os.environ.get("TWINHOST_BIN", os.path.join(HERE, "../../build/bin/twinhost"))
ENV = {**os.environ, "TWINHOST_NODE_FLAGS": "--expose-gc"}


def run(script):
    r = subprocess.run([TWINHOST, os.path.join(HERE, script)], capture_output=True, text=True,
                       timeout=300, env=ENV)
    if r.returncode != 0:
        raise AssertionError(f"{script} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r.stdout.splitlines()


class Identity(unittest.TestCase):
    def test_js_objects_in_python(self):
        self.assertEqual(run("identity_from_python.py"), [
            "same proxy True True True",
            "collected True",
            "many 20000 True",
            "threads True",
        ])

    def test_python_objects_in_js(self):
        self.assertEqual(run("identity_from_js.js"), [
            "same proxy true true true",
            "freed 1",
            "collected true true",
            "worker 0 true true RuntimeError",
            "worker 1 true true RuntimeError",
            "worker 2 true true RuntimeError",
            "done true",
        ])


if __name__ == "__main__":
    unittest.main()
