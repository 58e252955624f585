"""Bad command lines and files: one clear line, a non-zero status, no crash, no hang."""
import unittest

from twinhost_cli import FIXTURES, TestCase, fixture, twinhost


class UsageErrors(TestCase):
    def check(self, args, expected, code=2):
        r = twinhost(*args)
        self.assertExit(r, code)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("twinhost: "), r.stderr)
        self.assertIn(expected, lines[0])
        self.assertEqual(r.stdout, "")

    def test_each(self):
        self.check(["missing.js"], "can't open file 'missing.js': No such file or directory")
        self.check([FIXTURES], "is a directory")
        self.check(["--runtime", "ruby", "x"], "--runtime must be node or python, not 'ruby'")
        self.check(["--runtime", "python", "-e", "1"], "-e is a node option; it conflicts with --runtime python")
        self.check(["--runtime", "node", "-m", "json"], "-m is a python option; it conflicts with --runtime node")
        self.check(["-i"], "cannot tell the runtime from these options; use --runtime")
        self.check(["-"], "needs --runtime")
        self.check([], "no script given")

    def test_unknown_extension(self):
        self.check([fixture("notes.txt")], "cannot tell the runtime of")
        r = twinhost("--runtime", "python", fixture("notes.txt"))  # forced: python's own error
        self.assertExit(r, 1)
        self.assertIn("SyntaxError", r.stderr)

    def test_help_and_version(self):
        r = twinhost("--help")
        self.assertExit(r, 0)
        for mode in ("[NODE OPTIONS] FILE", "[PYTHON OPTIONS] FILE", "-e|-p CODE", "-c CODE",
                     "-m MODULE", "--runtime node|python [OPTIONS] -", "--version"):
            self.assertIn(mode, r.stdout)
        r = twinhost("--version")
        self.assertExit(r, 0)
        names = [line.split()[0] for line in r.stdout.splitlines()]
        self.assertEqual(names, ["twinhost", "node", "v8", "uv", "python"])
        self.assertIn("node     18.", r.stdout)
        self.assertIn("python   3.11.", r.stdout)


if __name__ == "__main__":
    unittest.main()
