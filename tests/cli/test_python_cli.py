"""twinhost runs Python as python does."""
import os
import re
import signal
import subprocess
import time
import unittest

from twinhost_cli import PYTHON, TWINHOST, TestCase, fixture, run, twinhost

# Scripts whose stdout, stderr and exit status must match /usr/bin/python3's exactly.
SAME_AS_PYTHON = ["python_behaviour.py", "multiprocessing_spawn.py", "raise.py", "syntax_error.py",
                  "invalid_utf8.py", "empty.py"]


class SameAsPython(TestCase):
    def test_scripts(self):
        self.assertSameAsStock(PYTHON, SAME_AS_PYTHON)

    def test_a_python_that_cannot_start_reports_as_python_does(self):
        # CPython's own fatal-error block (path configuration, "Fatal Python error", the
        # exception, the thread) and status; only the thread's address differs.
        env = dict(os.environ, PYTHONHOME="/nonexistent")
        stock = run([PYTHON, "-c", "1"], env=env)
        ours = run([TWINHOST, "-c", "1"], env=env)
        mask = lambda text: re.sub(r"thread 0x[0-9a-f]+", "thread 0x...", text)
        self.assertIn("Fatal Python error: init_fs_encoding", stock.stderr)
        self.assertEqual((ours.returncode, mask(ours.stderr)), (stock.returncode, mask(stock.stderr)))

    def test_expected_outputs(self):
        r = twinhost(fixture("python_behaviour.py"), "x", "-y")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, "['x', '-y'] __main__ True\nTrue\nasync ok\n42\nchild stdout intact\n"
                                   '{"ok": true}\nunflushed tail')
        self.assertEqual(twinhost(fixture("multiprocessing_spawn.py")).stdout, "[0, 1, 4, 9, 16]\n")


class Modes(TestCase):
    def test_c_and_m(self):
        r = twinhost("-c", "import sys; print(sys.argv)", "a", "-b")
        self.assertEqual(r.stdout, "['-c', 'a', '-b']\n")
        r = twinhost("-m", "json.tool", "--sort-keys", stdin='{"b": 1, "a": 2}')
        self.assertEqual(r.stdout, '{\n    "a": 2,\n    "b": 1\n}\n')

    def test_stdin(self):
        r = twinhost("--runtime", "python", "-", "q", stdin="import sys; print('stdin', sys.argv)")
        self.assertEqual(r.stdout, "stdin ['-', 'q']\n")

    def test_exit_statuses(self):
        self.assertExit(twinhost("-c", "import sys; sys.exit(4)"), 4)
        r = twinhost("-c", "raise SystemExit('bye')")
        self.assertExit(r, 1)
        self.assertEqual(r.stderr, "bye\n")
        r = twinhost("-c", "1/0")
        self.assertExit(r, 1)
        self.assertIn('Traceback (most recent call last):\n  File "<string>", line 1', r.stderr)
        self.assertTrue(r.stderr.endswith("ZeroDivisionError: division by zero\n"))

    def test_missing_module(self):
        r = twinhost("-m", "no_such_module_here")
        self.assertExit(r, 1)
        self.assertIn("No module named no_such_module_here", r.stderr)

    def test_dist_packages_import(self):
        r = twinhost("-c", "import sys; print(any(p.endswith('dist-packages') for p in sys.path))")
        self.assertEqual(r.stdout, "True\n")

    def test_node_is_not_started(self):
        r = twinhost("-c", "print('libnode' in open('/proc/self/maps').read())")
        self.assertEqual(r.stdout, "False\n")


class Signals(TestCase):
    def test_sigint_raises_keyboard_interrupt(self):
        p = subprocess.Popen([TWINHOST, "-c", "print('ready', flush=True)\nwhile True: pass"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(p.stdout.readline(), "ready\n")
        time.sleep(0.1)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=30)
        self.assertTrue(err.endswith("KeyboardInterrupt\n"), err)
        self.assertEqual(p.returncode, -signal.SIGINT)  # as python: it re-raises SIGINT

    def test_keyboard_interrupt_can_be_caught(self):
        code = ("import signal, os\ntry:\n    os.kill(os.getpid(), signal.SIGINT)\n"
                "    while True: pass\nexcept KeyboardInterrupt:\n    print('caught')")
        r = twinhost("-c", code)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, "caught\n")


if __name__ == "__main__":
    unittest.main()
