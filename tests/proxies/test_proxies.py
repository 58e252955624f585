"""The proxy suite: every case of cases.json, run by the runner of its side through the
twinhost binary (runner.py on JS targets, runner.js on Python targets), must give what the
case expects: the value, or the named error."""
import json
import os
import unittest

from run_script import HERE, run

CASES = os.path.join(HERE, "cases.json")


def run_runner(script):
    return {line["id"]: line for line in map(json.loads, run(script, CASES))}


class Proxies(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        with open(CASES) as f:
            cls.data = json.load(f)
        cls.results = {"python": run_runner("runner.py"), "js": run_runner("runner.js")}

    def test_table_covers_every_kind_of_target(self):
        cases = self.data["cases"]
        for side, other in (("python", "js"), ("js", "python")):
            used = {c["target"] for c in cases if c["side"] == side}
            self.assertEqual(used, set(self.data["targets"][other]), side)
        self.assertGreaterEqual(len(cases), 100)

    def test_every_case_gives_what_it_expects(self):
        for number, case in enumerate(self.data["cases"]):
            with self.subTest(id=number, side=case["side"], target=case["target"], op=case["op"]):
                got = self.results[case["side"]].get(number)
                self.assertIsNotNone(got, "the runner printed nothing for this case")
                if "raises" in case:
                    self.assertEqual(got.get("error"), case["raises"], got)
                else:
                    self.assertNotIn("error", got, got)
                    self.assertEqual(got["ok"], case["expect"])


if __name__ == "__main__":
    unittest.main()
