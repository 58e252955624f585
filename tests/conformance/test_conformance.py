"""The conformance suite: every case of cases.json, run by the JS runner and by the Python
runner through the twinhost binary, must give the same normalised result in both
languages, and that result must be the one the case expects."""
import json
import math
import os
import subprocess
import unittest

from values import canonical, decode, encode

HERE = os.path.dirname(os.path.abspath(__file__))
TWINHOST = os.environ.get("TWINHOST_BIN", os.path.join(HERE, "../../build/bin/twinhost"))
CASES = os.path.join(HERE, "cases.json")


def run_runner(script):
    r = subprocess.run([TWINHOST, os.path.join(HERE, script), CASES], capture_output=True, text=True,
                       timeout=600, cwd=HERE)
    if r.returncode != 0:
        raise AssertionError(f"{script} failed ({r.returncode}):\n{r.stderr}")
    return {line["id"]: canonical(line) for line in map(json.loads, r.stdout.splitlines())}


def close(a, b):
    """Equal, with floats compared to 1e-12 relative (expectations are written by hand)."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(a, b, rel_tol=1e-12)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    return a == b


class Conformance(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        with open(CASES) as f:
            cls.cases = json.load(f)["cases"]
        cls.js = run_runner("runner.js")
        cls.py = run_runner("runner.py")

    def test_enough_cases(self):
        self.assertGreaterEqual(len(self.cases), 150)
        functions = {c["fn"].split(".")[0] for c in self.cases}
        self.assertEqual(functions, {"noop", "add", "echo", "sha256", "now_ns", "Store", "Histogram"})

    def test_both_languages_agree(self):
        for case in self.cases:
            with self.subTest(id=case["id"], fn=case["fn"]):
                js, py = self.js[case["id"]], self.py[case["id"]]
                if case.get("expect") == {"$kind": "positive-int"}:  # a clock: values differ
                    js, py = js.keys(), py.keys()
                self.assertEqual(js, py)

    def test_results_match_expectations(self):
        for case in self.cases:
            for language, results in (("js", self.js), ("python", self.py)):
                got = results[case["id"]]
                with self.subTest(id=case["id"], fn=case["fn"], language=language):
                    if "error" in case:
                        self.assertEqual(got.get("error"), case["error"], got)
                        self.assertEqual(got.get("message"), case["message"])
                    elif case["expect"] == {"$kind": "positive-int"}:
                        value = got.get("ok")
                        self.assertTrue(isinstance(value, int) and value > 0 or "$int" in value, got)
                    else:
                        self.assertNotIn("error", got, got)
                        self.assertTrue(close(got["ok"], canonical(encode(decode(case["expect"])))),
                                        f"got {got['ok']!r}, expected {case['expect']!r}")


if __name__ == "__main__":
    unittest.main()
