"""twinhost runs JavaScript as node does: the same scripts print the same under both."""
import os
import signal
import subprocess
import tempfile
import time
import unittest

from twinhost_cli import NODE, TWINHOST, TestCase, fixture, run, twinhost

# Scripts whose stdout, stderr and exit status must match stock node's exactly.
SAME_AS_NODE = [
    "require_and_builtins.js", "esm.mjs", "timers_and_loop.js", "fs_and_streams.js",
    "child_process.js", "worker_threads.js", "exit_code.js", "process_exit.js",
    "uncaught_in_timer.js", "unhandled_rejection.js", "syntax_error.js", "empty.js",
    "tracing.js",
]


class SameAsNode(TestCase):
    def test_scripts(self):
        self.assertSameAsStock(NODE, SAME_AS_NODE)

    def test_expected_outputs(self):
        # Guards against both binaries agreeing on something broken.
        self.assertEqual(twinhost(fixture("require_and_builtins.js")).stdout,
                         "49 hello, node b object\ntrue string fixtures\n1.0.0\n")
        self.assertEqual(twinhost(fixture("timers_and_loop.js")).stdout,
                         "sync,tick,microtask,timeout-0,immediate,timeout-10 exit 0\n")
        self.assertEqual(twinhost(fixture("esm.mjs")).stdout, "27 9 / string\n")
        self.assertEqual(twinhost(fixture("worker_threads.js")).stdout, "500500 2001000 4501500\n")
        child = twinhost(fixture("child_process.js"))
        self.assertIn("inherited\n", child.stdout)
        self.assertIn("fork said { argv: [ 'arg' ], main: true }", child.stdout)
        self.assertIn("3 to-stdout to-stderr", child.stdout)
        self.assertEqual(twinhost(fixture("tracing.js")).stdout,
                         "undefined\ninspector tracing: null true\n")

    def test_trace_events_file(self):
        # --trace-event-categories writes node_trace.1.log in the working directory, as node
        # does (node options reach the embedded Node through TWINHOST_NODE_FLAGS).
        with tempfile.TemporaryDirectory() as folder:
            env = dict(os.environ, TWINHOST_NODE_FLAGS="--trace-event-categories=node.perf")
            r = run([TWINHOST, "-e", "performance.mark('traced')"], cwd=folder, env=env)
            self.assertExit(r, 0)
            with open(os.path.join(folder, "node_trace.1.log")) as f:
                self.assertIn('"traceEvents"', f.read())
        # --trace-events-enabled on the command line, as under node.
        for binary in (NODE, TWINHOST):
            with self.subTest(binary=binary), tempfile.TemporaryDirectory() as folder:
                r = run([binary, "--trace-events-enabled", "-e", "performance.mark('m')"], cwd=folder)
                self.assertExit(r, 0)
                self.assertTrue(os.path.exists(os.path.join(folder, "node_trace.1.log")))
        # trace_events.createTracing().enable() writes the same file, as under node.
        code = ("const t = require('trace_events').createTracing({ categories: ['node.perf'] });"
                " t.enable(); console.log(require('trace_events').getEnabledCategories());"
                " performance.mark('traced'); t.disable();")
        for binary in (NODE, TWINHOST):
            with self.subTest(binary=binary), tempfile.TemporaryDirectory() as folder:
                r = run([binary, "-e", code], cwd=folder)
                self.assertEqual((r.returncode, r.stdout), (0, "node.perf\n"))
                self.assertTrue(os.path.exists(os.path.join(folder, "node_trace.1.log")))


class Modes(TestCase):
    def test_argv_layout(self):
        r = twinhost(fixture("require_and_builtins.js"))
        self.assertExit(r, 0)
        r = twinhost("-e", "console.log(JSON.stringify(process.argv.slice(1)))", "a", "--b", "-c")
        self.assertEqual(r.stdout, '["a","--b","-c"]\n')
        r = twinhost("-e", "console.log(process.argv[0] === process.execPath, process.execPath)")
        self.assertEqual(r.stdout, f"true {os.path.realpath(TWINHOST)}\n")

    def test_process_title_is_set_as_node_sets_it(self):
        code = ("process.title = 'retitled'; console.log(process.title,"
                " require('fs').readFileSync('/proc/self/comm', 'utf8').trim())")
        self.assertEqual(run([NODE, "-e", code]).stdout, "retitled retitled\n")
        self.assertEqual(twinhost("-e", code).stdout, "retitled retitled\n")
        # Before any assignment the title is argv[0], as typed (node's is "node").
        self.assertEqual(twinhost("-p", "process.title").stdout, TWINHOST + "\n")

    def test_double_dash_after_eval_is_dropped_as_node_drops_it(self):
        for args in (["--", "a", "b"], ["a", "--", "b"], ["--", "--", "b"]):
            for mode in ("-e", "-p"):
                code = "console.log(JSON.stringify(process.argv.slice(1)))"
                if mode == "-p":
                    code = "JSON.stringify(process.argv.slice(1))"
                with self.subTest(mode=mode, args=args):
                    stock = run([NODE, mode, code, *args])
                    self.assertEqual(twinhost(mode, code, *args).stdout, stock.stdout)

    def test_eval_and_print(self):
        self.assertEqual(twinhost("-p", "6 * 7").stdout, "42\n")
        self.assertEqual(twinhost("--print", "'x'.repeat(3)").stdout, "xxx\n")
        self.assertEqual(twinhost("-e", "console.log(require('path').sep)").stdout, "/\n")

    def test_stdin(self):
        r = twinhost("--runtime", "node", "-", "arg", stdin="console.log('from stdin', process.argv.slice(2))")
        self.assertEqual(r.stdout, "from stdin [ 'arg' ]\n")

    def test_runtime_flag_forces_node(self):
        r = twinhost("--runtime", "node", fixture("../fixtures/lib/math.js"))
        self.assertExit(r, 0)

    def test_exit_statuses(self):
        self.assertExit(twinhost("-e", "process.exit(3)"), 3)
        self.assertExit(twinhost("-e", "process.exitCode = 9"), 9)
        self.assertExit(twinhost("-e", "throw new Error('x')"), 1)

    def test_errors_print_node_stack(self):
        r = twinhost(fixture("uncaught_in_timer.js"))
        self.assertExit(r, 1)
        self.assertIn("Error: timer failed\n    at Timeout.explode", r.stderr)
        r = twinhost(fixture("syntax_error.js"))
        self.assertExit(r, 1)
        self.assertIn("SyntaxError: Unexpected token ';'", r.stderr)
        r = twinhost(fixture("unhandled_rejection.js"))
        self.assertExit(r, 1)
        self.assertIn("TypeError: nobody caught me", r.stderr)

    def test_system_modules_resolve_as_in_node(self):
        # Debian's node finds /usr/share/nodejs; so must the host, wherever it is built.
        script = "console.log(require.resolve('acorn'))"
        self.assertEqual(twinhost("-e", script).stdout, run([NODE, "-e", script]).stdout)

    def test_python_is_not_started(self):
        # The binary maps libpython (so Python scripts start fast) but a JS script must
        # never initialise it: Python's start-up would read its stdlib.
        r = run(["strace", "-f", "-e", "trace=openat,open,stat,newfstatat", "-o", "/dev/stdout",
                 TWINHOST, "-e", "require('fs').existsSync('/tmp')"])
        self.assertExit(r, 0)
        self.assertIn("libnode", r.stdout)
        self.assertNotIn("/usr/lib/python3.11/", r.stdout)
        self.assertNotIn("twinhost-python.so", r.stdout)


class NativeApi(TestCase):
    def test_require_import_and_workers(self):
        self.assertEqual(twinhost(fixture("api_esm.mjs")).stdout, "42 true bigint\n")
        self.assertEqual(twinhost(fixture("api_cjs.js")).stdout, "{ main: 5, worker: 3 }\n")

    def test_errors_are_js_errors(self):
        r = twinhost("-e", "try { require('twinhost').add(1) } catch (e) { console.log(e instanceof TypeError, e.message) }")
        self.assertEqual(r.stdout, "true add() takes 2 arguments (1 given)\n")


class Signals(TestCase):
    def test_sigint_ends_a_busy_script_as_in_node(self):
        for binary in (TWINHOST, NODE):
            with self.subTest(binary=binary):
                p = subprocess.Popen([binary, "-e", "console.log('ready'); while (true) {}"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                self.assertEqual(p.stdout.readline(), "ready\n")
                time.sleep(0.1)
                p.send_signal(signal.SIGINT)
                p.communicate(timeout=30)
                self.assertEqual(p.returncode, -signal.SIGINT)  # the shell reports 130


if __name__ == "__main__":
    unittest.main()
