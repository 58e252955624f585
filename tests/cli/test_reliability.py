"""Regression tests for what an attack on twinhost found (issue 9): each case crashed,
aborted, hung, lost a value or hid an error before its fix. Every run is bounded in time."""
import json
import os
import signal
import tempfile
import unittest

from twinhost_cli import FIXTURES, TestCase, interrupted, script_file, twinhost


class MemorySafety(TestCase):
    def test_a_function_of_an_ended_worker_is_refused_not_used_after_free(self):
        # Workers hand JS functions to Python and end; new isolates reuse the dead ones'
        # addresses. Before: a different object came back, then a segfault.
        code = r"""
const { Worker } = require('worker_threads');
const { python: py, Store } = require('twinhost');
py.exec('keep = []\ndef put(f): keep.append(f)\ndef last(): return keep[-1]');
let rounds = 0;
function round() {
  const w = new Worker(`const t = require('twinhost'); t.python.eval('put')(function f() { return ${rounds}; });
    new t.Store('uaf').set('f', () => ${rounds});`, { eval: true });
  w.on('exit', () => {
    if (++rounds < 25) return round();
    new Worker(`const t = require('twinhost');
      for (const get of [() => t.python.eval('last()'), () => new t.Store('uaf').get('f')]) {
        try { const f = get(); console.log('got', typeof f); } catch (e) { console.log(e.name, e.message); }
      }`, { eval: true });
  });
}
round();
"""
        r = twinhost(script_file(self, code, ".js"), timeout=120)
        self.assertExit(r, 0)
        msg = ("TypeError a JavaScript object whose Node.js environment has stopped (a finished worker, "
               "a destroyed Host) cannot be used")
        self.assertEqual(r.stdout.splitlines(), [msg, msg])

    def test_first_js_use_from_a_python_thread(self):
        # Before V8 starts, the current-isolate query read garbage (a layout-dependent crash).
        code = "import threading\nfrom twinhost import js\nout = []\n" \
               "t = threading.Thread(target=lambda: out.append(js.eval('6 * 7')))\nt.start(); t.join()\nprint(out)\n"
        for cwd in (FIXTURES, "/", tempfile.gettempdir()):
            with self.subTest(cwd=cwd):
                r = twinhost(script_file(self, code, ".py"), cwd=cwd)
                self.assertExit(r, 0)
                self.assertEqual(r.stdout, "[42]\n")

    def test_del_calling_js_while_v8_collects_its_proxy(self):
        # Before: V8 fatal error "AllowJavascriptExecution::IsAllowed" inside the GC.
        code = r"""
const { python: py } = require('twinhost');
py.exec(`from twinhost import js
class D:
    def __del__(self):
        js.eval('globalThis.dels = (globalThis.dels || 0) + 1')`);
for (let i = 0; i < 100000; i++) py.eval('D()');
setTimeout(() => { py.eval('0'); console.log('released', globalThis.dels > 0); }, 10);
"""
        self.assertPrints([script_file(self, code, ".js")], lines=["released true"], timeout=120)

    def test_daemon_threads_inside_calls_at_exit(self):
        # Before: std::terminate (abort) when CPython ended a daemon thread that was taking the
        # GIL back after a JS call or a GIL-free sha256.
        calls = {
            "js": "js.eval('(() => { let s = 0; for (let i = 0; i < 1e5; i++) s += i; return s })()')",
            "sha256": "twinhost.sha256(data)",
        }
        for name, call in calls.items():
            code = ("import threading, time, twinhost\nfrom twinhost import js\njs.eval('1')\n"
                    "data = b'x' * (4 << 20)\n"
                    f"def spin():\n    while True:\n        {call}\n"
                    "for _ in range(2):\n    threading.Thread(target=spin, daemon=True).start()\n"
                    "time.sleep(0.2)\nprint('end')\n")
            path = script_file(self, code, ".py")
            for _ in range(4):
                with self.subTest(call=name):
                    r = twinhost(path)
                    self.assertExit(r, 0)
                    self.assertEqual(r.stdout, "end\n")

    def test_ctrl_c_with_threads_calling_js(self):
        code = ("import threading, time\nfrom twinhost import js\njs.eval('1')\n"
                "def spin():\n    while True:\n        js.eval('(() => { let s = 0; for (let i = 0; i < 1e5; i++) s += i; return s })()')\n"
                "for _ in range(2):\n    threading.Thread(target=spin, daemon=True).start()\n"
                "print('ready', flush=True)\ntime.sleep(30)\n")
        path = script_file(self, code, ".py")
        for _ in range(3):
            status, _, err = interrupted(path)
            self.assertEqual(status, -signal.SIGINT, err)
            self.assertTrue(err.rstrip().endswith("KeyboardInterrupt"), err)

    def test_store_set_whose_old_value_del_uses_the_store(self):
        # Before: a deadlock (the displaced value was destroyed under the Store's lock).
        code = ("const { python: py } = require('twinhost');\n"
                "py.exec(`import twinhost\ns = twinhost.Store('del')\nclass D:\n    def __del__(self):\n"
                "        s.get('x')\ns.set('x', D())\ns.set('y', D())`);\n"
                "py.exec(\"s.set('x', 1)\\ns.delete('y')\");\nconsole.log('done', py.eval(\"s.get('x')\"));\n")
        self.assertPrints([script_file(self, code, ".js")], lines=["done 1"], timeout=30)

    def test_strings_too_long_for_v8(self):
        # Before: abort (ToLocalChecked on an empty handle; an api::Error thrown outside a try).
        code = ("from twinhost import js, Store\nbig = 'a' * 600_000_000\n"
                "for what, call in [('argument', lambda: js.eval('(s) => s.length')(big)),\n"
                "                   ('store', lambda: (Store('long').set('k', big), js.eval(\"new (require('twinhost').Store)('long').get('k')\")))]:\n"
                "    try:\n        call()\n    except Exception as e:\n        print(what, type(e).__name__, str(e)[:40])\n"
                "js.exec(\"globalThis.py = require('twinhost').python\")\n"
                "def raise_long():\n    raise ValueError(big)\n"
                "print(js.eval(\"(f) => { try { f() } catch (e) { return [e.name, e.pythonType, e.message.length < 2e6] } }\")(raise_long))\n")
        r = twinhost(script_file(self, code, ".py"), timeout=120)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), [
            "argument ValueError text too long for a JavaScript string (6",
            "store JSError RangeError: text too long for a JavaScri",  # a RangeError raised in JS
            "['PythonError', 'ValueError', True]",
        ])


class WrongResultsAndHangs(TestCase):
    def test_array_that_grows_while_read(self):
        self.assertPrints(["-e", "const t = require('twinhost'); const a = [1, 2];"
                     "Object.defineProperty(a, 0, { get() { a.push(9); return 1 } });"
                     "console.log(JSON.stringify(t.echo(a)), a.length)"], lines=["[1,2] 3"], timeout=30)

    def test_errors_of_native_js_functions_keep_type_and_message(self):
        code = ("from twinhost import js, JSError\njs.exec('globalThis.tw = require(\"twinhost\")')\n"
                "for f, args in [('tw.add', ('a', 1)), ('tw.Store', ('x',)), ('(x) => null.x', (1,))]:\n"
                "    try:\n        js.eval(f)(*args)\n    except JSError as e:\n        print(e.js_name, '|', e.js_message)\n")
        r = twinhost(script_file(self, code, ".py"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), [
            "TypeError | add(): argument 'a' must be a number, not string",
            "TypeError | Class constructor Store cannot be invoked without 'new'",
            "TypeError | Cannot read properties of null (reading 'x')",
        ])

    def test_process_exit_deep_in_nested_calls_keeps_its_status(self):
        code = ("from twinhost import js\njs.exec(\"globalThis.py = require('twinhost').python\")\n"
                "def inner():\n    js.eval('process.exit(7)')\n"
                "try:\n    js.eval('(f) => f()')(inner)\nfinally:\n    print('finally ran')\n")
        r = twinhost(script_file(self, code, ".py"))
        self.assertExit(r, 7)
        self.assertEqual(r.stdout, "finally ran\n")

    def test_uncaught_error_in_a_js_timer_of_a_python_script_exits_1(self):
        r = twinhost("-c", "from twinhost import js\njs.exec(\"setTimeout(() => { throw new Error('boom') }, 10)\")\nprint('end')")
        self.assertExit(r, 1)
        self.assertIn("Error: boom", r.stderr)

    def test_dict_with_a_non_plain_value_stays_a_dict(self):
        self.assertPrints(["-c", "import datetime\nfrom twinhost import js\n"
                     "r = js.eval('(x) => x')({'when': datetime.date(2020, 1, 2), 'n': 1})\nprint(type(r).__name__, r)"], lines=["dict {'when': datetime.date(2020, 1, 2), 'n': 1}"])

    def test_colliding_map_keys_are_an_error_not_a_merge(self):
        msg = "cannot convert a map to {}: two of its keys become equal there"
        r = twinhost("-c", "from twinhost import js\ntry:\n    js.eval('new Map([[true, \"a\"], [1, \"b\"]])')\n"
                     "except TypeError as e:\n    print(e)\n"
                     "try:\n    js.eval('(o) => o')({'\\ud800': 1, '\\udc00': 2})\nexcept TypeError as e:\n    print(e)")
        self.assertExit(r, 0)
        lines = r.stdout.splitlines()
        self.assertTrue(lines[0].startswith(msg.format("a Python dict")), lines)
        self.assertTrue(lines[1].startswith(msg.format("a JS object")), lines)
        r = twinhost("-e", "const t = require('twinhost'); try { t.echo(new Map([[1n, 'x'], [1, 'y']])) }"
                     " catch (e) { console.log(e.name, e.message.startsWith('cannot convert a map to a JS Map')) }")
        self.assertEqual(r.stdout, "TypeError true\n")

    def test_tuple_keys_survive_a_round_trip(self):
        # Before: the key came back as a list, and the dict could not be built (TypeError).
        self.assertPrints(["-c", "import twinhost\nfrom twinhost import js\nd = {(1, (2, 'a')): 3}\n"
                           "print(twinhost.echo(d) == d, js.eval('(x) => x')(d) == d, js.eval('new Map([[[1], 2]])'))"],
                          lines=["True True {(1,): 2}"])

    def test_range_errors_of_returned_values_stay_range_errors(self):
        r = twinhost("-c", "from twinhost import js\nfor code in ['2n ** 70n', '(() => { const a = []; let x = a;"
                     " for (let i = 0; i < 200; i++) { x.push([]); x = x[0] } return a })()']:\n"
                     "    try:\n        js.eval(code)\n    except ValueError as e:\n        print('ValueError', e)")
        self.assertEqual(r.stdout.splitlines(), ["ValueError integer out of the 64-bit range",
                                                 "ValueError value nests deeper than 100 levels (or is cyclic)"])
        r = twinhost("-e", "const py = require('twinhost').python; try { py.eval('2 ** 70') }"
                     " catch (e) { console.log(e.name, e.message) }")
        self.assertEqual(r.stdout, "RangeError integer out of the 64-bit range\n")

    def test_a_throwing_getter_in_a_result_is_the_js_error(self):
        self.assertPrints(["-c", "from twinhost import js, JSError\ntry:\n"
                     "    js.eval(\"({ get x() { throw new RangeError('from getter') } })\")\n"
                     "except JSError as e:\n    print(e.js_name, e.js_message)"], lines=["RangeError from getter"])

    def test_js_proxy_objects_cross_by_reference(self):
        self.assertPrints(["-c", "from twinhost import js\n"
                     "p = js.eval(\"new Proxy({}, { get: (t, k) => k === 'answer' ? 42 : undefined, has: () => true })\")\n"
                     "print(type(p).__name__, p.answer, js.eval('(p) => p.answer')(p))"], lines=["JSProxy 42 42"])

    def test_iteration_is_lazy_both_ways(self):
        r = twinhost("-c", "import itertools\nfrom twinhost import js\n"
                     "g = js.eval('(function* () { let i = 0; while (true) yield i++ })()')\n"
                     "print(list(itertools.islice(g, 5)))\n"
                     "try:\n    iter(js.eval('({a: () => 1})'))\nexcept TypeError as e:\n    print(e)", timeout=30)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, "[0, 1, 2, 3, 4]\nthis JavaScript object is not iterable\n")
        self.assertPrints(["-e", "const py = require('twinhost').python; const out = [];"
                     "for (const x of py.eval('__import__(\"itertools\").count()')) { if (x > 3) break; out.push(x) }"
                     "console.log(out.join(','))"], lines=["0,1,2,3"], timeout=30)

    def test_histogram_refuses_nan(self):
        r = twinhost("-c", "import twinhost\nh = twinhost.Histogram()\nh.record(1)\ntry:\n    h.record(float('nan'))\n"
                     "except ValueError as e:\n    print(e)\nh.record(3)\nprint(h.min(), h.max())")
        self.assertEqual(r.stdout, "Histogram.record(): value must not be NaN\n1.0 3.0\n")
        r = twinhost("-e", "const h = new (require('twinhost').Histogram)(); try { h.record(NaN) } catch (e) { console.log(e.name) }")
        self.assertEqual(r.stdout, "RangeError\n")

    def test_errors_crossing_back_are_themselves_not_nested_messages(self):
        code = ("from twinhost import js, JSError\njs.exec(\"globalThis.py = require('twinhost').python\")\n"
                "def down(n):\n    if n == 0:\n        raise KeyError('bottom')\n"
                "    return js.eval('(f, n) => f(n)')(down, n - 1)\n"
                "try:\n    down(6)\nexcept KeyError as e:\n    print('KeyError', e)\n"
                "js.exec(\"globalThis.jsdown = (n) => { if (n === 0) { const e = new RangeError('deep'); e.code = 'E_DEEP'; throw e }"
                " return py.eval('lambda f, n: f(n)')(jsdown, n - 1) }\")\n"
                "try:\n    js.eval('jsdown(5)')\nexcept JSError as e:\n    print(e, e.js_error.code)\n"
                "print(js.eval('(() => { try { jsdown(4) } catch (e) { return [e.message, e instanceof RangeError] } })()'))\n")
        r = twinhost(script_file(self, code, ".py"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), ["KeyError 'bottom'", "RangeError: deep E_DEEP", "['deep', True]"])

    def test_joining_a_thread_that_waits_for_the_js_thread_is_explained(self):
        code = ("const { python: py } = require('twinhost');\n"
                "py.exec(\"import threading\\nfrom twinhost import js\\nt = threading.Thread(target=lambda: js.eval('1'), daemon=True)\\n"
                "t.start()\\nt.join(7)\\nprint('join timed out', t.is_alive(), flush=True)\");\n")
        r = twinhost(script_file(self, code, ".js"), timeout=60)
        self.assertEqual(r.stdout, "join timed out True\n")
        self.assertIn("twinhost: warning: a thread has waited 5 s to call into JavaScript while the JavaScript "
                      "thread is inside a call into Python", r.stderr)


class OptionalArguments(TestCase):
    def test_missing_optional_arguments_are_null(self):
        # Before: raw stack memory ("std::get: wrong index for variant", valgrind errors).
        self.assertPrints(["-c", "import twinhost\nd = twinhost.Store()\nd.set('k', 1)\nprint(d.get('k'), twinhost.Store('').get('k'))"],
                          lines=["1 1"])
        self.assertPrints(["-e", "const { Store } = require('twinhost'); console.log(new Store().get('absent'), new Store('').size() >= 0)"],
                          lines=["null true"])


class BenchUsage(TestCase):
    def test_option_errors_are_one_line_and_status_2(self):
        for args in (["--samples", "1"], ["--runtimes", "ruby"], ["--no-such-option"], ["--samples"]):
            with self.subTest(args=args):
                r = twinhost("bench", *args)
                self.assertExit(r, 2)
                self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
                self.assertTrue(r.stderr.startswith("twinhost: bench: "), r.stderr)

    def test_compare_of_series_without_samples_is_no_nan(self):
        run = {"schema": "twinhost-bench/2",
               "tasks": [{"task": "fib", "series": [
                   {"status": "ok", "runtime": "node", "stock": False, "samples_ns": [], "sample_rounds": []},
                   {"status": "ok", "runtime": "python", "stock": False, "samples_ns": [1, 2]}]}]}
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, "a.json")
            with open(a, "w") as f:
                json.dump(run, f)
            r = twinhost("bench", "compare", a, a)
        self.assertExit(r, 2)
        self.assertNotIn("nan", r.stdout + r.stderr)
        self.assertIn("'fib node' has 0 samples, skipped", r.stderr)
        self.assertIn("'fib python' has no round for each sample, skipped", r.stderr)


if __name__ == "__main__":
    unittest.main()
