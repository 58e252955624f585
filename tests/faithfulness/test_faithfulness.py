"""Runs every case of the faithfulness suite (run_case.py says how a case is written and
which differences the masks allow)."""
import os
import unittest

from run_case import run_case

CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
TWINHOST = os.environ.get("TWINHOST_BIN",
                          os.path.join(os.path.dirname(__file__), "../../build/bin/twinhost"))


class Faithfulness(unittest.TestCase):
    maxDiff = None

    def test_cases(self):
        names = sorted(os.listdir(CASES))
        self.assertGreater(len(names), 10)
        for name in names:
            with self.subTest(case=name):
                case, (stock, ours) = run_case(os.path.join(CASES, name), os.path.abspath(TWINHOST))
                self.assertEqual(ours, stock)
                if "expect_stdout" in case:
                    self.assertEqual(stock[1], case["expect_stdout"])


if __name__ == "__main__":
    unittest.main()
