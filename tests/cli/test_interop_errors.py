"""Bad input across the boundary gets a clear error, never a crash or a hang: calling what is
not callable, Ctrl-C during a cross call, process.exit() while Python is mid-call."""
import signal
import unittest

from twinhost_cli import TestCase, interrupted, twinhost


class InteropErrors(TestCase):
    def test_calling_what_is_not_callable(self):
        r = twinhost("-e", "try { require('twinhost').python.eval('object()')() } catch (e) { console.log(e.name, e.message) }")
        self.assertEqual(r.stdout, "PythonError TypeError: 'object' object is not callable\n")
        r = twinhost("-c", "from twinhost import js\ntry:\n    js.eval('({a() {}})')()\nexcept TypeError as e:\n    print(e)")
        self.assertEqual(r.stdout, "this JavaScript object is not callable\n")

    def test_ctrl_c_in_python_called_from_a_js_entry_ends_like_node(self):
        status, _, _ = interrupted("-e", "const py = require('twinhost').python; console.log('ready');"
                                   "py.exec('while True: pass')")
        self.assertEqual(status, -signal.SIGINT)

    def test_ctrl_c_stops_endless_js_called_from_python(self):
        status, out, _ = interrupted(
            "-c", "from twinhost import js\njs.eval('1')\nprint('ready', flush=True)\n"
            "try:\n    js.eval('while (true) {}')\nexcept KeyboardInterrupt:\n    print('caught', js.eval('6 * 7'))")
        self.assertEqual((status, out), (0, "caught 42\n"))

    def test_ctrl_c_through_js_into_python_is_keyboard_interrupt(self):
        status, _, err = interrupted(
            "-c", "from twinhost import js\njs.exec('globalThis.py = require(\"twinhost\").python')\n"
            "print('ready', flush=True)\njs.eval('py.exec(\"import time\\\\nwhile True: time.sleep(0.01)\")')")
        self.assertEqual(status, -signal.SIGINT)  # Python's own exit for an uncaught KeyboardInterrupt
        self.assertTrue(err.rstrip().endswith("KeyboardInterrupt"), err)

    def test_process_exit_while_python_is_mid_call(self):
        r = twinhost("-e", "const py = require('twinhost').python; globalThis.bye = () => process.exit(5);"
                     "py.exec('from twinhost import js\\ntry:\\n    js.eval(\"bye()\")\\nfinally:\\n    print(\"finally ran\")');"
                     "console.log('not reached')")
        self.assertExit(r, 5)
        self.assertEqual(r.stdout, "finally ran\n")

    def test_process_exit_in_the_guest_environment_exits_the_python_script(self):
        r = twinhost("-c", "from twinhost import js\ntry:\n    js.eval('process.exit(4)')\nexcept SystemExit as e:\n"
                     "    print('SystemExit', e.code)\ntry:\n    js.eval('1')\nexcept RuntimeError as e:\n    print(e)\n"
                     "js.eval('process.exit(6)')")
        self.assertEqual(r.stdout, "SystemExit 4\ntwinhost: the Node.js environment has exited with code 4\n")
        self.assertExit(r, 1)  # the second exit is a RuntimeError: the environment has stopped

    def test_uncaught_js_error_in_a_python_script_is_reported_once_and_exits_1(self):
        r = twinhost("-c", "import asyncio\nfrom twinhost import js\n"
                     "async def main():\n    js.exec(\"setTimeout(() => { throw new RangeError('late') }, 1)\")\n"
                     "    await asyncio.sleep(0.1)\nasyncio.run(main())\n"
                     "try:\n    js.eval('1')\nexcept RuntimeError as e:\n    print(e)")
        self.assertExit(r, 1)  # as node exits after an uncaught error
        self.assertIn("RangeError: late", r.stderr)  # asyncio reports the failed loop callback
        self.assertEqual(r.stdout, "twinhost: the Node.js environment stopped after an uncaught error (exit code 1)\n")


if __name__ == "__main__":
    unittest.main()
