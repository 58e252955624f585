"""index.d.ts and twinhost.pyi describe the native API for editors; they must not drift
from the API table (regenerate with `twinhost stubs typescript|python`)."""
import ast
import json
import os
import shutil
import unittest

from twinhost_cli import TestCase, run, twinhost

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DTS = os.path.join(ROOT, "bindings", "node", "js", "twinhost", "index.d.ts")
PYI = os.path.join(ROOT, "bindings", "python", "twinhost.pyi")


class Stubs(TestCase):
    def test_committed_stubs_match_the_table(self):
        for language, path in (("typescript", DTS), ("python", PYI)):
            with self.subTest(language=language):
                r = twinhost("stubs", language)
                self.assertExit(r, 0)
                with open(path) as f:
                    self.assertEqual(f.read(), r.stdout,
                                     f"{path} drifted: regenerate with `twinhost stubs {language}`")

    def test_python_stub_names_are_the_module(self):
        with open(PYI) as f:
            tree = ast.parse(f.read())
        stubbed = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        stubbed |= {n.target.id for n in tree.body if isinstance(n, ast.AnnAssign)}
        stubbed = {n for n in stubbed if not n.startswith("_")}
        r = twinhost("-c", "import twinhost; print(sorted(n for n in dir(twinhost) if not n.startswith('_')))")
        names = set(ast.literal_eval(r.stdout)) | {"version"}  # version is computed on first access
        self.assertEqual(stubbed, names)

    def test_typescript_stub_names_are_the_module(self):
        r = twinhost("-e", "console.log(JSON.stringify(Object.keys(require('twinhost')).sort()))")
        with open(DTS) as f:
            text = f.read()
        for name in json.loads(r.stdout):
            self.assertRegex(text, rf"export (function|class|const) {name}\b")

    @unittest.skipUnless(shutil.which("tsc"), "tsc (Debian's node-typescript) is not installed")
    def test_typescript_stub_compiles(self):
        r = run(["tsc", "--noEmit", "--strict", "--target", "es2020", DTS])
        self.assertExit(r, 0)

    def test_bad_language(self):
        self.assertExit(twinhost("stubs", "rust"), 2)


if __name__ == "__main__":
    unittest.main()
