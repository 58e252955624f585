"""The contention benchmark (scripts/bench/contention/run.py): every crossing is measured in
every condition (a busy process, another Python thread blocked or running) and the
processes it starts are gone afterwards; bad arguments are one clear error."""
import json
import os
import subprocess
import tempfile
import unittest

from twinhost_cli import PYTHON, TWINHOST, TestCase, run

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
RUN = os.path.join(ROOT, "scripts", "bench", "contention", "run.py")


class Contention(TestCase):
    def test_every_crossing_in_every_condition(self):
        out = os.path.join(tempfile.mkdtemp(), "contention.json")
        r = run([PYTHON, RUN, "--twinhost", TWINHOST, "--rounds", "1", "--calls", "200",
                 "--json", out], timeout=300)
        self.assertExit(r, 0)
        with open(out) as f:
            table = json.load(f)["table"]
        self.assertEqual(len(table), 12)
        self.assertEqual({row["condition"] for row in table},
                         {"quiet", "busy process", "idle Python thread", "busy Python thread"})
        for row in table:
            self.assertGreater(row["ns"][0], 0, row)
        # The busy process it started is stopped.
        left = subprocess.run(["pgrep", "-f", "^/usr/bin/python3 -c while True: pass$"],
                              capture_output=True, text=True)
        self.assertEqual(left.stdout.strip(), "")

    def test_bad_arguments(self):
        r = run([PYTHON, RUN, "--rounds", "0"], timeout=60)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--rounds", r.stderr)


if __name__ == "__main__":
    unittest.main()
