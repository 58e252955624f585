"""The identical-task suite and `twinhost bench`: checksums everywhere, the harness's
modes and output, and bad input reported per task without stopping the suite."""
import json
import os
import re
import tempfile
import unittest

from twinhost_cli import NODE, PYTHON, TestCase, fixture, run, twinhost

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


def spec(name):
    with open(os.path.join(TASKS, name, "task.json")) as f:
        return json.load(f)


def all_task_names():
    return sorted(d for d in os.listdir(TASKS) if os.path.isdir(os.path.join(TASKS, d)) and d[0] not in "_.")


def task_names():
    """The same-algorithm tasks (task.js and task.py)."""
    return [n for n in all_task_names() if spec(n).get("kind") != "mixed"]


def mixed_task_names():
    return [n for n in all_task_names() if spec(n).get("kind") == "mixed"]


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


class MixedTasks(TestCase):
    """Interop experiments as tasks: variants that cross between the runtimes, run by the
    same harness (calibration, rounds, checksums, JSON, compare)."""

    def test_shipped_mixed_tasks_are_complete(self):
        names = mixed_task_names()
        self.assertGreaterEqual(len(names), 4)
        for name in names:
            s = spec(name)
            for key in ("description", "category", "variants", "baseline", "sizes", "checksums"):
                self.assertIn(key, s, name)
            self.assertIn(s["baseline"], [v["name"] for v in s["variants"]], name)
            for v in s["variants"]:
                self.assertTrue(os.path.isfile(os.path.join(TASKS, name, v["file"])), f"{name}/{v['file']}")

    def test_shipped_mixed_tasks_run_in_both_isolations(self):
        for isolation in ("process", "in-process"):
            with self.subTest(isolation=isolation), tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "run.json")
                r = twinhost("bench", "--quick", "--category", "interop", "--isolation", isolation, *FAST,
                             "--json", path, timeout=600)
                self.assertExit(r, 0)
                data = read_json(path)
                self.assertEqual(sorted(t["task"] for t in data["tasks"]), mixed_task_names())
                for task in data["tasks"]:
                    self.assertEqual(task["kind"], "mixed")
                    variants = [v["name"] for v in spec(task["task"])["variants"]]
                    self.assertEqual([s["variant"] for s in task["series"]], variants)
                    self.assertTrue(all(s["status"] == "ok" for s in task["series"]), task)
                    self.assertEqual(set(task["over_baseline"]), set(variants) - {task["baseline"]})
                self.assertIn("mixed task", r.stdout)
                self.assertRegex(r.stdout, r"interop-callback\s+20000\s+per-element\s+node\s+\S+ ±\S+\s+\S+ \[")

    def test_a_mixed_task_without_its_entry_runtime_says_so(self):
        r = twinhost("bench", "--quick", "--tasks", "interop-await", "--runtimes", "python", *FAST)
        self.assertExit(r, 0)
        self.assertIn("interop-await: no variant runs in the selected runtimes", r.stdout)

    def test_stock_has_no_meaning_for_mixed_tasks_and_says_so(self):
        r = twinhost("bench", "--quick", "--stock", "--tasks", "interop-json", *FAST)
        self.assertExit(r, 0)
        self.assertIn("--stock: mixed tasks run only in the host", r.stdout)
        self.assertNotIn("(stock)", r.stdout)

    def test_bad_mixed_tasks_are_reported_and_the_rest_runs(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.json")
            r = twinhost("bench", "--quick", "--task-dir", fixture("bench_mixed"), *FAST, "--json", path)
            self.assertExit(r, 1)
            tasks = {t["task"]: t for t in read_json(path)["tasks"]}
        statuses = {(name, s.get("variant", s["runtime"])): s["status"]
                    for name, t in tasks.items() for s in t["series"]}
        self.assertEqual(statuses[("good", "js-calls-python")], "ok")
        self.assertEqual(statuses[("good", "pure-js")], "ok")
        self.assertEqual(statuses[("python-raises", "crossing")], "error")
        self.assertEqual(statuses[("wrong-checksum", "crossing")], "checksum")
        self.assertIn("task 'python-raises' (crossing): error: PythonError: ValueError: raised inside the crossing",
                      r.stderr)
        self.assertIn("missing " + os.path.join(fixture("bench_mixed"), "missing-entry", "entry.js"), r.stderr)
        self.assertIn("bad-extension/task.json: variant 'ruby': task.rb is not a .js or .py file", r.stderr)
        self.assertIn("no-baseline/task.json: \"baseline\": no variant named 'nope'", r.stderr)


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
        self.assertEqual(data["schema"], "twinhost-bench/2")
        self.assertEqual((data["settings"]["isolation"], data["settings"]["rounds"]), ("in-process", 3))
        for key in ("machine", "versions", "git_commit", "settings", "created"):
            self.assertIn(key, data)
        self.assertEqual([t["task"] for t in data["tasks"]], ["fib", "json"])
        for task in data["tasks"]:
            self.assertIn("python_over_node", task)
            for series in task["series"]:
                self.assertEqual(series["status"], "ok")
                self.assertEqual(len(series["samples_ns"]), 3)
                self.assertEqual(series["sample_rounds"], [0, 1, 2])  # a round each (3 samples)
                center = series["stats"]["center_ns"]
                self.assertEqual(center["rounds"], 3)
                self.assertLessEqual(center["ci95"][0], center["value"])
                self.assertLessEqual(center["value"], center["ci95"][1])
        self.assertRegex(r.stdout, r"fib\s+25\s+\S+ ±\S+\s+\S+ ±\S+\s+\S+ \[")
        # The machine's conditions: before the run, then one reading per round.
        conditions = data["conditions"]
        self.assertEqual(len(conditions["rounds"]), 3)
        for load in [conditions["before"], *conditions["rounds"]]:
            self.assertTrue(0 <= load["busy"] <= 1 and 0 <= load["steal"] <= 1, load)
        self.assertIn("machine: before the run", r.stdout)
        # Every ratio says whether it is decision-grade (an interval within +-5%), as "~" in the table.
        ratio = data["tasks"][0]["python_over_node"]
        low, high = ratio["ci95"]
        self.assertEqual(ratio["decision_grade"], low >= 0.95 * ratio["value"] and high <= 1.05 * ratio["value"])
        self.assertEqual(" ~" in r.stdout.splitlines()[1], not ratio["decision_grade"])

    def test_process_isolation_and_stock(self):
        r, data = self.bench("--quick", "--tasks", "fib", "--isolation", "process", "--stock", "--fixed-layout",
                             *FAST)
        self.assertExit(r, 0)
        series = {(s["runtime"], s["stock"]): s["status"] for s in data["tasks"][0]["series"]}
        self.assertEqual(series, {("node", False): "ok", ("python", False): "ok",
                                  ("node", True): "ok", ("python", True): "ok"})
        self.assertIn("node host/stock", r.stdout)

    def test_quick_runs_four_rounds_in_fresh_processes(self):
        r, data = self.bench("--quick", "--tasks", "word-frequency", "--samples", "8", "--warmup", "0",
                             "--min-time", "5", "--no-progress")
        self.assertExit(r, 0)
        self.assertEqual((data["settings"]["isolation"], data["settings"]["rounds"]), ("process", 4))
        for series in data["tasks"][0]["series"]:
            self.assertEqual((series["status"], series["sample_rounds"]), ("ok", [0, 0, 1, 1, 2, 2, 3, 3]))
        self.assertIn("4 round(s), each in fresh host processes", r.stdout)
        ratio = data["tasks"][0]["python_over_node"]
        self.assertEqual(ratio["rounds"], 4)
        self.assertLessEqual(ratio["ci95"][0], ratio["value"])

    def test_precision_adds_rounds_until_the_budget_runs_out(self):
        r, data = self.bench("--tasks", "fib", "--rounds", "2", "--samples", "4", "--warmup", "0",
                             "--min-time", "5", "--no-progress", "--precision", "0.000001", "--budget", "2")
        self.assertExit(r, 0)
        settings = data["settings"]
        self.assertGreaterEqual(settings["rounds_run"], 2)
        self.assertIn("the budget ran out", settings["stop_reason"])
        for series in data["tasks"][0]["series"]:
            self.assertEqual(max(series["sample_rounds"]), settings["rounds_run"] - 1)
        self.assertIn(f"adaptive (--precision 0.0001%): {settings['rounds_run']} round(s) run", r.stdout)

    def test_one_round_gives_no_interval_and_says_so(self):
        r, data = self.bench("--tasks", "fib", "--rounds", "1", *FAST)
        self.assertExit(r, 0)
        for series in data["tasks"][0]["series"]:
            self.assertIsNone(series["stats"]["center_ns"]["ci95"])
        self.assertIn("±?", r.stdout)
        self.assertIn("only 1 round(s)", r.stdout)
        # The JSON keeps the warnings printed (twinhost report lists them).
        self.assertEqual(data["warnings"], re.findall(r"^warning: (.*)$", r.stdout, re.M))
        self.assertTrue(any(w.startswith("only 1 round(s)") for w in data["warnings"]))

    def test_host_over_stock_outside_parity_is_flagged(self):
        r, data = self.bench("--quick", "--stock", "--task-dir", fixture("bench_skewed"), "--runtimes", "node",
                             "--samples", "8", "--warmup", "1", "--min-time", "10", "--no-progress")
        self.assertExit(r, 0)
        self.assertGreater(data["tasks"][0]["node_host_over_stock"]["value"], 2)  # ~20 ms over ~1
        self.assertRegex(r.stdout, r"warning: slower-in-host node host/stock \S+ \[\S+\] is outside \[0.9, 1.1\]")

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
            self.assertIn("Welch's t-test over the runs' rounds", r.stdout)
            # different schema versions
            doc = read_json(b)
            doc["schema"] = "twinhost-bench/0"
            write_json(b, doc)
            r = twinhost("bench", "compare", a, b)
            self.assertExit(r, 2)
            self.assertIn("schema", r.stderr)
            # disjoint task sets
            doc["schema"] = "twinhost-bench/1"
            write_json(b, doc)
            r = twinhost("bench", "compare", a, b)
            self.assertExit(r, 2)
            self.assertIn("carry no rounds", r.stderr)
            doc["schema"] = "twinhost-bench/2"
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
