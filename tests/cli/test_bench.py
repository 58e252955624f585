"""The identical-task suite and `twinhost bench`: checksums everywhere, the harness's
modes and output, and bad input reported per task without stopping the suite."""
import json
import os
import tempfile
import unittest

from twinhost_cli import NODE, PYTHON, TestCase, run, twinhost

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TASKS = os.path.join(ROOT, "scripts", "tasks")
BAD_TASKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "bench_tasks")
FAST = ["--samples", "3", "--warmup", "0", "--min-time", "5", "--no-progress"]


def read_json(path):
    with open(path) as f:
        return json.load(f)


def write_json(path, data):
    with open(path, "w") as f:
        json.dump(data, f)


def task_names():
    return sorted(d for d in os.listdir(TASKS) if os.path.isdir(os.path.join(TASKS, d)) and d[0] not in "_.")


def spec(name):
    with open(os.path.join(TASKS, name, "task.json")) as f:
        return json.load(f)


class TaskChecksums(TestCase):
    def test_at_least_fourteen_task_pairs(self):
        names = task_names()
        self.assertGreaterEqual(len(names), 14)
        for name in names:
            for file in ("task.js", "task.py", "task.json"):
                self.assertTrue(os.path.isfile(os.path.join(TASKS, name, file)), f"{name}/{file}")
            s = spec(name)
            for key in ("description", "category", "claim", "sizes", "checksums"):
                self.assertIn(key, s, name)
            self.assertEqual(set(s["sizes"]), {"quick", "standard"}, name)

    def test_quick_checksum_in_every_binary(self):
        for name in task_names():
            s = spec(name)
            size, expected = str(s["sizes"]["quick"]), str(s["checksums"]["quick"])
            for binary, file in ((NODE, "task.js"), (PYTHON, "task.py"), (None, "task.js"), (None, "task.py")):
                path = os.path.join(TASKS, name, file)
                with self.subTest(task=name, binary=binary or "twinhost", file=file):
                    r = run([binary, path, size]) if binary else twinhost(path, size)
                    self.assertExit(r, 0)
                    self.assertEqual(r.stdout.strip(), expected)


class Harness(TestCase):
    def bench(self, *args, timeout=600):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "run.json")
            r = twinhost("bench", *args, "--json", path, timeout=timeout)
            data = read_json(path) if os.path.exists(path) and os.path.getsize(path) else None
            return r, data

    def test_in_process_run_and_json(self):
        r, data = self.bench("--quick", "--tasks", "fib,json", "--isolation", "in-process", *FAST)
        self.assertExit(r, 0)
        self.assertEqual(data["schema"], "twinhost-bench/1")
        self.assertEqual((data["settings"]["isolation"], data["settings"]["processes"]), ("in-process", 1))
        for key in ("machine", "versions", "git_commit", "settings", "created"):
            self.assertIn(key, data)
        self.assertEqual([t["task"] for t in data["tasks"]], ["fib", "json"])
        for task in data["tasks"]:
            self.assertIn("python_over_node", task)
            for series in task["series"]:
                self.assertEqual(series["status"], "ok")
                self.assertEqual(len(series["samples_ns"]), 3)
                stats = series["stats"]
                self.assertLessEqual(stats["median_ci95_ns"][0], stats["median_ns"])
                self.assertLessEqual(stats["median_ns"], stats["median_ci95_ns"][1])
        self.assertRegex(r.stdout, r"fib\s+25\s+\S+ ±\S+\s+\S+ ±\S+\s+\S+ \[")

    def test_process_isolation_and_stock(self):
        r, data = self.bench("--quick", "--tasks", "fib", "--isolation", "process", "--stock", "--fixed-layout",
                             *FAST)
        self.assertExit(r, 0)
        series = {(s["runtime"], s["stock"]): s["status"] for s in data["tasks"][0]["series"]}
        self.assertEqual(series, {("node", False): "ok", ("python", False): "ok",
                                  ("node", True): "ok", ("python", True): "ok"})
        self.assertIn("node host/stock", r.stdout)

    def test_quick_pools_four_processes(self):
        r, data = self.bench("--quick", "--tasks", "word-frequency", "--samples", "4", "--warmup", "0",
                             "--min-time", "5", "--no-progress")
        self.assertExit(r, 0)
        self.assertEqual((data["settings"]["isolation"], data["settings"]["processes"]), ("process", 4))
        for series in data["tasks"][0]["series"]:
            self.assertEqual((series["status"], len(series["samples_ns"])), ("ok", 4))
        self.assertIn("pooled from 4 host processes per series", r.stdout)

    def test_selection_and_markdown(self):
        r = twinhost("bench", "--quick", "--category", "hashing", "--runtimes", "python", "--markdown", *FAST)
        self.assertExit(r, 0)
        self.assertIn("| sha256-native |", r.stdout)
        self.assertIn("| sha256-pure |", r.stdout)
        self.assertNotIn("fib", r.stdout)
        self.assertNotIn("node ms", r.stdout)

    def test_compare(self):
        with tempfile.TemporaryDirectory() as tmp:
            a, b = os.path.join(tmp, "a.json"), os.path.join(tmp, "b.json")
            for path in (a, b):
                self.assertExit(twinhost("bench", "--quick", "--tasks", "fib,pidigits", *FAST, "--json", path), 0)
            r = twinhost("bench", "compare", a, b)
            self.assertExit(r, 0)
            self.assertIn("fib node", r.stdout)
            self.assertRegex(r.stdout, r"geometric mean B/A, python: \d")
            # different schema versions
            doc = read_json(b)
            doc["schema"] = "twinhost-bench/0"
            write_json(b, doc)
            r = twinhost("bench", "compare", a, b)
            self.assertExit(r, 2)
            self.assertIn("schema", r.stderr)
            # disjoint task sets
            doc["schema"] = "twinhost-bench/1"
            for t in doc["tasks"]:
                t["task"] = "other-" + t["task"]
            write_json(b, doc)
            r = twinhost("bench", "compare", a, b)
            self.assertExit(r, 2)
            self.assertIn("no task and runtime in common", r.stderr)


class BadInput(TestCase):
    def test_each_problem_is_reported_and_the_rest_runs(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.json")
            r = twinhost("bench", "--quick", "--task-dir", BAD_TASKS, "--timeout", "2", *FAST, "--json", path)
            self.assertExit(r, 1)
            statuses = {(t["task"], s["runtime"]): s["status"] for t in read_json(path)["tasks"]
                        for s in t["series"]}
        self.assertEqual(statuses[("good", "node")], "ok")
        self.assertEqual(statuses[("good", "python")], "ok")
        for runtime in ("node", "python"):
            self.assertEqual(statuses[("hangs", runtime)], "timeout")
            self.assertEqual(statuses[("throws", runtime)], "error")
            self.assertEqual(statuses[("wrong-checksum", runtime)], "checksum")
        self.assertIn("missing " + os.path.join(BAD_TASKS, "missing-file", "task.py"), r.stderr)
        self.assertIn("malformed/task.json", r.stderr)
        self.assertIn("RangeError: task failed on purpose", r.stderr)
        self.assertIn("at Object.explodeInJs", r.stderr)
        self.assertIn("KeyError: 'task failed on purpose'", r.stderr)
        self.assertIn("task.json expects 1", r.stderr)

    def test_usage_errors(self):
        r = twinhost("bench", "--tasks", "no-such-task")
        self.assertExit(r, 2)
        self.assertIn("unknown task 'no-such-task'", r.stderr)
        r = twinhost("bench", "--task-dir", "/nonexistent/tasks")
        self.assertExit(r, 2)
        self.assertIn("cannot read --task-dir /nonexistent/tasks", r.stderr)
        r = twinhost("bench", "--quick", "--tasks", "fib", "--json", "/nonexistent/dir/out.json")
        self.assertExit(r, 2)
        self.assertIn("cannot write --json /nonexistent/dir/out.json", r.stderr)
        r = twinhost("bench", "compare", "/nonexistent/a.json", "/nonexistent/b.json")
        self.assertExit(r, 2)
        self.assertIn("cannot read", r.stderr)

    def test_task_dir_that_is_not_a_folder(self):
        r = twinhost("bench", "--task-dir", "/etc/hostname")
        self.assertExit(r, 2)
        self.assertIn("cannot read --task-dir /etc/hostname", r.stderr)


if __name__ == "__main__":
    unittest.main()
