"""Identity and lifetime of proxies, both directions: one object gives one proxy while that
proxy lives, the cache never keeps an object alive, and threads, workers and a worker's end
leave it consistent (under AddressSanitizer in the sanitized tree)."""
import os
import unittest

from run_script import run as run_script

ENV = {**os.environ, "TWINHOST_NODE_FLAGS": "--expose-gc"}


def run(script):
    return run_script(script, env=ENV)


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
