"""Promises and awaitables across the boundary, from either entry runtime: both event loops
progress in one process, in deadline order, without spinning."""
import unittest

from twinhost_cli import TestCase, fixture, script_file, twinhost


class Async(TestCase):
    def test_js_awaits_python(self):
        self.assertPrints([fixture("async_from_js.js")], lines=[
            "value 5 ticks >= 3 true",
            "chained 2",
            "rejected true PythonError ValueError ValueError: bad",
            "mixed 14",
            "js10 py60 js110 py160",
            "task t",
            "cancelled asyncio.exceptions.CancelledError",
            "not thenable undefined",
            "exit SystemExit SystemExit: 3",
            "blocked RuntimeError true",
            "idle cpu below 40% true",
        ])

    def test_python_awaits_js(self):
        self.assertPrints([fixture("async_from_python.py")], lines=[
            "value 5 ticks >= 3 True",
            "fired ['js20']",
            "rejected RangeError nope True",
            "early TypeError early",
            "early Uncaught 5",
            "nested 21",
            "js10 py60 js110 py160",
            "idle cpu below 40% True",
            "end of script",
            "js timer after the script",
        ])

    def test_python_async_for_walks_js_async_iterables(self):
        self.assertPrints([fixture("async_for_from_js.js")], lines=[
            'generator [1,"two",[3]]',
            'stream ["a","b","c"]',
            "class [3,2,1]",
            "sync [1,2,3]",
            "endless [0,1,2]",
            "closed 1 true",
            "closed sync 1 true",
            'literal [2,1] ["x","y"] ["a","b"]',
            "failing RangeError boom",
            "not iterable PythonError TypeError: this JavaScript object is not iterable",
            "bad step PythonError TypeError: the async iterator's next() gave a non-object: 42",
        ])
        self.assertPrints([fixture("async_for_from_python.py")], lines=[
            "generator [0, 1, 4, 9]",
            "stream ['x', 'y']",
            "file True",
            "break 9",
        ])

    def test_js_timers_count_from_now_in_a_python_entry_script(self):
        # Before: the loop's stale clock made a 500 ms timer fire after ~1 s, and a timer never
        # fired while Python called JS every 100 ms (each call re-armed it).
        code = """import asyncio, time
from twinhost import js
async def main():
    js.eval('1')
    time.sleep(0.6)  # Python busy: Node's loop has not run
    t0 = time.monotonic()
    await js.eval("new Promise(r => setTimeout(r, 500))")
    late = time.monotonic() - t0
    print('not early', late >= 0.49, 'late by < 400 ms', late < 0.9)
    js.exec("globalThis.done = false; setTimeout(() => { globalThis.done = true }, 300)")
    t0 = time.monotonic()
    while not js.eval('done') and time.monotonic() - t0 < 5:
        await asyncio.sleep(0.1)
    print('fired among the calls', js.eval('done'), time.monotonic() - t0 < 2)
asyncio.run(main())
"""
        r = twinhost(script_file(self, code, ".py"), timeout=60)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), ["not early True late by < 400 ms True",
                                                 "fired among the calls True True"])

    def test_sys_exit_while_js_awaits_exits_python_entry(self):
        script = (
            "import asyncio, sys\nfrom twinhost import js\n"
            "async def quit():\n    await asyncio.sleep(0.01)\n    sys.exit(4)\n"
            "async def main():\n"
            "    js.exec(\"globalThis.py = require('twinhost').python; (async () => { try { await py.eval('quit()') }"
            " catch (e) { console.log('js saw', e.pythonType) } })()\")\n"
            "    await asyncio.sleep(5)\n    print('not reached')\n"
            "asyncio.run(main())\n")
        r = twinhost("-c", script)
        self.assertExit(r, 4)
        self.assertNotIn("not reached", r.stdout)

    def test_awaiting_outside_asyncio_is_a_clear_error(self):
        r = twinhost("-c", "from twinhost import js\np = js.eval('Promise.resolve(1)')\n"
                     "try:\n    p.__await__().send(None)\nexcept RuntimeError as e:\n    print('RuntimeError', e)")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, "RuntimeError no running event loop\n")


if __name__ == "__main__":
    unittest.main()
