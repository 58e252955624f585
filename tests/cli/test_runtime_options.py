"""The runtimes' own options on twinhost's command line, read by the runtimes' own parsers,
and what depends on them: process.execArgv, fork() and cluster from CommonJS and ES
modules, with node flags or without. Compared with stock node and /usr/bin/python3."""
import os
import re
import tempfile
import unittest

from twinhost_cli import NODE, PYTHON, TWINHOST, TestCase, fixture, run, twinhost


class NodeOptions(TestCase):
    def same_as_node(self, *args, stdin=None):
        stock = run([NODE, *args], stdin=stdin)
        ours = twinhost(*args, stdin=stdin)
        pids = lambda text: re.sub(r"\((node|twinhost):\d+\)", "(node:PID)", text)
        self.assertEqual((ours.returncode, ours.stdout, pids(ours.stderr)),
                         (stock.returncode, stock.stdout, pids(stock.stderr)))
        return ours

    def test_options_reach_node(self):
        r = self.same_as_node("--expose-gc", "-p", "typeof gc + ' ' + JSON.stringify(process.execArgv)")
        self.assertEqual(r.stdout, 'function ["--expose-gc","-p","typeof gc + \' \' + '
                                   'JSON.stringify(process.execArgv)"]\n')
        self.same_as_node("--max-old-space-size=64", "-p",
                          "require('v8').getHeapStatistics().heap_size_limit < 128 * 2 ** 20")
        self.same_as_node("--title", "renamed", "-p", "process.title")
        self.same_as_node("--eval=console.log(1 + 1)")
        self.same_as_node("-pe", "6 * 7")
        self.same_as_node("--input-type=module", "-e", "import os from 'node:os'; console.log(typeof os.cpus)")
        self.same_as_node("-r", fixture("lib/math.js"), "-p", "'preloaded'")
        self.same_as_node("-r", fixture("lib/missing.js"), "-p", "'not reached'")  # node's error
        self.same_as_node("-p", "require('no-such-package')")
        self.same_as_node("--check", fixture("require_and_builtins.js"))
        self.same_as_node("--check", fixture("syntax_error.js"))
        self.same_as_node("--trace-warnings", "-e", "process.emitWarning('careful')")

    def test_inspector_listens(self):
        r = twinhost("--inspect=127.0.0.1:0", "-p", "typeof require('inspector').url()")
        self.assertEqual((r.returncode, r.stdout), (0, "string\n"))
        self.assertIn("Debugger listening on ws://127.0.0.1:", r.stderr)

    def test_v8_pool_size_is_honoured(self):
        # node's own platform sizes its worker pool: the process has as many threads as node.
        for size in ("1", "6"):
            with self.subTest(size=size):
                self.same_as_node(f"--v8-pool-size={size}", "-p",
                                  "require('fs').readdirSync('/proc/self/task').length")

    def test_node_options_variable(self):
        env = dict(os.environ, NODE_OPTIONS="--trace-warnings --title=from-env")
        stock = run([NODE, "-e", "process.emitWarning('careful'); console.log(process.title)"], env=env)
        ours = twinhost("-e", "process.emitWarning('careful'); console.log(process.title)", env=env)
        pids = lambda text: re.sub(r"\((node|twinhost):\d+\)", "(node:PID)", text)
        self.assertEqual((ours.returncode, ours.stdout, pids(ours.stderr)),
                         (stock.returncode, stock.stdout, pids(stock.stderr)))
        self.assertEqual(ours.stdout, "from-env\n")

    def test_script_arguments_are_the_scripts(self):
        self.same_as_node("--expose-gc", fixture("exit_code.js"), "--expose-gc", "-e", "x")
        self.same_as_node("-e", "console.log(process.argv.slice(1))", "a", "--b", "-c")

    def test_a_bad_option_is_nodes_error(self):
        r = twinhost("--no-such-option", "-e", "1")
        self.assertExit(r, 9)  # node's status for an invalid argument
        self.assertEqual(r.stderr, "twinhost: bad option: --no-such-option\n")

    def test_fork_from_commonjs(self):
        # Without an extension (node resolves it), and with execArgv of its own.
        expected = ['child 0 {"argv":["x"],"execArgv":[],"gc":"undefined"}', "exit 0 0",
                    'child 1 {"argv":["x"],"execArgv":["--expose-gc"],"gc":"function"}', "exit 1 0"]
        self.assertEqual(run([NODE, fixture("fork_cjs.js")]).stdout.splitlines(), expected)
        self.assertPrints([fixture("fork_cjs.js")], expected)

    def test_fork_and_cluster_from_an_es_module(self):
        for flags in ([], ["--expose-gc"]):
            with self.subTest(flags=flags):
                argv = '["--expose-gc"]' if flags else "[]"
                expected = [f"parent {argv}", f'forked {{"execArgv":{argv}}}', "forked exit 0",
                            f'cluster {{"worker":true,"execArgv":{argv}}}', "cluster exit"]
                self.assertEqual(run([NODE, *flags, fixture("fork_esm.mjs")]).stdout.splitlines(),
                                 expected)
                self.assertPrints([*flags, fixture("fork_esm.mjs")], expected)

    def test_fork_with_twinhost_node_flags_set(self):
        # The variable reaches children by the environment; execArgv stays the user's.
        env = dict(os.environ, TWINHOST_NODE_FLAGS="--stack-size=900")
        self.assertPrints([fixture("fork_esm.mjs")],
                          ["parent []", 'forked {"execArgv":[]}', "forked exit 0",
                           'cluster {"worker":true,"execArgv":[]}', "cluster exit"], env=env)


class ModuleSearch(TestCase):
    def test_global_paths_and_node_path_are_stock_nodes(self):
        code = "console.log(JSON.stringify([require('module').globalPaths, process.env.NODE_PATH]))"
        for node_path in (None, "/tmp/a-folder"):
            with self.subTest(node_path=node_path):
                env = dict(os.environ)
                env.pop("NODE_PATH", None)
                if node_path:
                    env["NODE_PATH"] = node_path
                stock = run([NODE, "-e", code], env=env)
                ours = twinhost("-e", code, env=env)
                self.assertEqual(ours.stdout, stock.stdout)
                # A child inherits the environment untouched too.
                child = ("console.log(require('child_process').execFileSync('/bin/sh', "
                         "['-c', 'echo ${NODE_PATH-unset}']).toString().trim())")
                self.assertEqual(twinhost("-e", child, env=env).stdout, (node_path or "unset") + "\n")

    def test_twinhost_is_found_from_anywhere_and_not_first(self):
        with tempfile.TemporaryDirectory() as folder:
            script = os.path.join(folder, "uses.js")
            with open(script, "w") as f:
                f.write("console.log(require('twinhost').add(2, 3),"
                        " require.resolve.paths('twinhost').at(-1).endsWith('twinhost/node_modules'))\n")
            self.assertPrints([script], ["5 true"])


class EsModules(TestCase):
    def test_a_missing_import_is_nodes_error_through_one_hook(self):
        # Pinned difference (README): twinhost resolves `import 'twinhost'` with a resolve hook,
        # which node runs on a thread of its own, so the error's header and the stack's loader
        # frames differ from stock node's; the error, its message and the status do not.
        with tempfile.TemporaryDirectory() as folder:
            script = os.path.join(folder, "bad.mjs")
            with open(script, "w") as f:
                f.write("import './nope.mjs';\n")
            stock, ours = run([NODE, script]), twinhost(script)
            self.assertEqual(ours.returncode, stock.returncode)
            message = [l for l in stock.stderr.splitlines() if l.startswith("Error [ERR_MODULE_NOT_FOUND]")]
            self.assertEqual(len(message), 1, stock.stderr)
            self.assertIn(message[0], ours.stderr.splitlines())
            self.assertEqual(ours.stderr.count("esm-hooks.mjs"), 1, ours.stderr)

    def test_an_es_module_worker_imports_twinhost(self):
        with tempfile.TemporaryDirectory() as folder:
            script = os.path.join(folder, "main.mjs")
            with open(script, "w") as f:
                f.write("import { Worker } from 'node:worker_threads';\n"
                        "new Worker(new URL('data:text/javascript,import t from \"twinhost\";"
                        " console.log(\"worker\", t.add(2, 2))'))"
                        ".on('exit', () => console.log('done'));\n")
            self.assertPrints([script], ["worker 4", "done"])


class PythonOptions(TestCase):
    def same_as_python(self, *args, stdin=None, env=None):
        stock = run([PYTHON, *args], stdin=stdin, env=env)
        ours = twinhost(*args, stdin=stdin, env=env)
        self.assertEqual((ours.returncode, ours.stdout, ours.stderr),
                         (stock.returncode, stock.stdout, stock.stderr))
        return ours

    def test_options_reach_python(self):
        self.assertEqual(self.same_as_python("-O", "-c", "print(__debug__)").stdout, "False\n")
        self.same_as_python("-I", "-c", "import sys; print(sys.flags.isolated, sys.flags.ignore_environment)")
        self.same_as_python("-W", "error", "-c", "import warnings; warnings.warn('careful')")
        self.same_as_python("-X", "dev", "-c", "import sys; print(sys.flags.dev_mode)")
        self.same_as_python("-u", "-c", "import sys; print(sys.stdout.write_through)")
        self.same_as_python("-cprint('attached')")
        self.same_as_python("-Bc", "import sys; print(sys.dont_write_bytecode)")
        self.same_as_python("-mjson.tool", stdin='{"b": 1, "a": [2]}')
        self.same_as_python("-S", fixture("python_behaviour.py"), "-v")
        r = twinhost("-X", "importtime", "-c", "pass")
        self.assertExit(r, 0)
        self.assertIn("import time:", r.stderr)

    def test_python_variables(self):
        env = dict(os.environ, PYTHONWARNINGS="error", PYTHONDONTWRITEBYTECODE="1")
        self.same_as_python("-c", "import sys, warnings; print(sys.dont_write_bytecode);"
                            " warnings.warn('careful')", env=env)

    def test_a_bad_option_is_pythons_error(self):
        stock = run([PYTHON, "-Z"])
        ours = twinhost("-Z", "-c", "pass")
        self.assertEqual(ours.returncode, stock.returncode)
        self.assertIn("Unknown option: -Z", ours.stderr)


class RuntimeChoice(TestCase):
    def test_a_script_without_an_extension_by_its_hash_bang_line(self):
        with tempfile.TemporaryDirectory() as folder:
            for name, line, body in (("tool-py", "#!/usr/bin/env python3", "print('py', 6 * 7)"),
                                     ("tool-js", "#!/usr/bin/env node", "console.log('js', 6 * 7)")):
                path = os.path.join(folder, name)
                with open(path, "w") as f:
                    f.write(line + "\n" + body + "\n")
                self.assertPrints([path], [("py" if name.endswith("py") else "js") + " 42"])

    def test_a_type_field_nested_in_package_json_does_not_make_an_es_module(self):
        # Only a top-level "type": "module" does; the ES-module preload stays out otherwise.
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "package.json"), "w") as f:
                f.write('{"name": "x", "config": {"type": "module"}}')
            script = os.path.join(folder, "s.js")
            with open(script, "w") as f:
                f.write("console.log(typeof require, Object.keys(require.cache)"
                        ".some((k) => k.endsWith('esm-preload.cjs')))\n")
            self.assertPrints([script], ["function false"])

    def test_a_link_named_node_or_python3_is_that_binary(self):
        with tempfile.TemporaryDirectory() as folder:
            for name, stock, args in (("node", NODE, ["--version"]), ("node", NODE, ["-p", "process.version"]),
                                      ("node", NODE, ["-c", fixture("exit_code.js")]),
                                      ("python3", PYTHON, ["--version"]),
                                      ("python3", PYTHON, ["-c", "import sys; print(sys.argv)", "a"])):
                link = os.path.join(folder, name)
                if not os.path.exists(link):
                    os.symlink(os.path.abspath(TWINHOST), link)
                with self.subTest(name=name, args=args):
                    ours, theirs = run([link, *args]), run([stock, *args])
                    self.assertEqual((ours.returncode, ours.stdout, ours.stderr),
                                     (theirs.returncode, theirs.stdout, theirs.stderr))

    def test_options_only_pick_the_runtime_that_has_them(self):
        self.assertPrints(["--expose-gc", "--runtime", "node", "-"], [], timeout=60)


if __name__ == "__main__":
    unittest.main()
