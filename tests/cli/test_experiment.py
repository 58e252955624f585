"""`twinhost experiment`: every experiment runs at a tiny size under the stock binaries and
under twinhost and its programs' own checks pass; faults (a worker that dies, the open-file
limit, Ctrl-C, an unknown name) give a clear report and leave no process behind."""
import json
import os
import tempfile
import unittest

from experiment_helpers import experiment, interrupted, postgres_left
from twinhost_cli import TWINHOST, TestCase, run


class Experiments(TestCase):
    def test_every_experiment_checks_its_work_under_stock_and_host(self):
        r, document = experiment("all", "--size", "tiny", "--rounds", "1", "--tests", "db")
        self.assertExit(r, 0)
        self.assertEqual(document["schema"], "twinhost-experiment/1")
        self.assertEqual(set(document["experiments"]),
                         {"threads", "connections", "blocking", "modules", "http", "startup"})
        self.assertEqual(document["machine"]["cores"], os.cpu_count())
        for name, part in document["experiments"].items():
            self.assertTrue(part["claim"].startswith("C"), name)
            for case in part["cases"]:
                self.assertEqual(case["errors"], [], (name, case["id"]))
                self.assertTrue(case["metrics"], (name, case["id"]))
                for key, entry in case["metrics"].items():
                    self.assertIn("host", entry, (name, case["id"], key))
                    if not case.get("host_only"):
                        self.assertIn("stock", entry, (name, case["id"], key))
                        if entry["stock"]["value"] > 0 and entry["host"]["value"] > 0:
                            self.assertIn("host_over_stock", entry, (name, case["id"], key))
        threads = document["experiments"]["threads"]
        models = {c["model"] for c in threads["cases"]}
        self.assertTrue({"threading", "process-fork", "process-spawn", "worker_threads",
                         "child_process", "python-from-workers", "js-from-threads"} <= models)
        self.assertTrue(all(c["workers"] in (1, 2) for c in threads["cases"]))
        speedups = threads["derived"]["speedups"]
        self.assertTrue(any(s["workers"] == 2 and "stock" in s for s in speedups))
        connections = document["experiments"]["connections"]
        kinds = {c["kind"] for c in connections["cases"]}
        self.assertEqual(kinds, {"connections", "timers"})
        self.assertEqual(len(document["experiments"]["modules"]["derived"]["caches"]), 6)
        blocking = document["experiments"]["blocking"]["derived"]["mitigations"]
        self.assertEqual({m["mitigation"] for m in blocking},
                         {"worker-pool", "process-pool", "thread-pool"})
        # The tables: one per experiment, with the host/stock column.
        self.assertEqual(r.stdout.count("host/stock [95% CI]"), 6)

    def test_markdown_tables_and_a_saved_run_shown_again_and_compared(self):
        r, document = experiment("modules", "--size", "tiny", "--rounds", "2", "--markdown")
        self.assertExit(r, 0)
        self.assertIn("| case | figure | stock [95% CI] | host [95% CI] | host/stock [95% CI] |",
                      r.stdout)
        saved = os.path.join(tempfile.mkdtemp(), "saved.json")
        with open(saved, "w") as f:
            json.dump(document, f)
        shown = run([TWINHOST, "experiment", "--show", saved, "--markdown"])
        self.assertExit(shown, 0)
        table = lambda out: [line for line in out.splitlines() if line.startswith("|")]  # noqa
        self.assertEqual(table(shown.stdout), table(r.stdout))
        # --compare on the run's own structure, its rounds set to known values (measured
        # ones can be too spread for any verdict): a run against itself has not changed;
        # against one 3x slower, with the same small spread, it has.
        def with_rounds(path, rounds):
            for case in document["experiments"]["modules"]["cases"]:
                for entry in case["metrics"].values():
                    for flavour in ("stock", "host"):
                        if flavour in entry:
                            entry[flavour]["rounds"] = rounds
            with open(path, "w") as f:
                json.dump(document, f)
        before = os.path.join(tempfile.mkdtemp(), "before.json")
        slower = os.path.join(tempfile.mkdtemp(), "slower.json")
        with_rounds(before, [1.0, 1.02, 0.98])
        with_rounds(slower, [3.0, 3.06, 2.94])
        same = run([TWINHOST, "experiment", "--compare", before, before])
        self.assertExit(same, 0)
        self.assertIn("B/A [95% CI]", same.stdout)
        self.assertIn("no significant change", same.stdout)
        self.assertNotIn("B higher", same.stdout)
        changed = run([TWINHOST, "experiment", "--compare", before, slower])
        self.assertExit(changed, 0)
        self.assertIn("B higher", changed.stdout)
        self.assertNotIn("no significant change", changed.stdout)
        with open(slower, "w") as f:
            json.dump(dict(document, experiments={}), f)
        nothing = run([TWINHOST, "experiment", "--compare", saved, slower])
        self.assertExit(nothing, 1)
        self.assertIn("have no case and figure in common", nothing.stderr)
        with open(saved, "w") as f:
            json.dump(dict(document, schema="twinhost-experiment/0"), f)
        bad = run([TWINHOST, "experiment", "--show", saved])
        self.assertExit(bad, 1)
        self.assertIn("is not a twinhost-experiment/1 file (schema twinhost-experiment/0)",
                      bad.stderr)
        with open(saved, "w") as f:
            f.write('{"schema": "twinhost-exp')
        bad = run([TWINHOST, "experiment", "--show", saved])
        self.assertExit(bad, 1)
        self.assertIn("cannot read", bad.stderr)

    def test_a_worker_that_dies_is_reported_and_the_rest_goes_on(self):
        r, document = experiment("threads", "--size", "tiny", "--rounds", "1", "--workers", "2",
                                 env={"TWINHOST_EXPERIMENT_FAULT": "worker-dies"})
        self.assertExit(r, 1)
        cases = {c["id"]: c for c in document["experiments"]["threads"]["cases"]}
        for dying in ("process-fork-2", "process-spawn-2", "worker_threads-2",
                      "child_process-2"):
            self.assertEqual(len(cases[dying]["errors"]), 2, dying)  # stock and host
            self.assertIn("died", cases[dying]["errors"][0])
        self.assertEqual(cases["threading-2"]["errors"], [])
        self.assertIn("host", cases["threading-2"]["metrics"]["seconds"])
        self.assertIn("worker process died", r.stdout)
        self.assertIn("some runs failed their checks", r.stderr)

    def test_the_open_file_limit_is_named(self):
        r = run(["prlimit", "--nofile=300:300", TWINHOST, "experiment", "connections",
                 "--size", "tiny", "--rounds", "1", "--connections", "1000", "--timers", "100"],
                timeout=600)
        self.assertExit(r, 1)
        self.assertIn("RLIMIT_NOFILE hard limit (300)", r.stdout)
        self.assertIn("100 timers", r.stdout)  # the timers still ran

    def test_ctrl_c_stops_every_process_it_started(self):
        # The database (http) and echo servers (connections) are up when Ctrl-C comes.
        status, err, left = interrupted(
            ["http", "connections", "--size", "tiny", "--rounds", "3", "--servers", "flask"],
            lambda marked: len(marked) > 0)
        self.assertEqual(status, 130, err)
        self.assertIn("interrupted", err)
        self.assertEqual(left, {})
        self.assertEqual(postgres_left(), [])  # the database is stopped and removed too

    def test_bad_arguments(self):
        r = run([TWINHOST, "experiment", "nope"])
        self.assertExit(r, 2)
        self.assertIn("unknown experiment 'nope'", r.stderr)
        self.assertIn("threads, connections, blocking, modules, http, startup, or all", r.stderr)
        r = run([TWINHOST, "experiment", "http", "--servers", "node-http,rails"])
        self.assertExit(r, 2)
        self.assertIn("--servers: 'rails' unknown: choose from node-http, express", r.stderr)
        r = run([TWINHOST, "experiment", "http", "--server-cpus", "99"])
        self.assertExit(r, 2)
        self.assertIn("'99': this process may use CPUs", r.stderr)
        r = run([TWINHOST, "experiment", "http", "--port", "80"])
        self.assertExit(r, 2)
        self.assertIn("a port from 1024 to 65534, not '80'", r.stderr)
        r = run([TWINHOST, "experiment", "threads", "--workers", "0"])
        self.assertExit(r, 2)
        self.assertIn("counts must be at least 1", r.stderr)
        r = run([TWINHOST, "experiment"])
        self.assertExit(r, 2)
        r = run([TWINHOST, "experiment", "--help"])
        self.assertExit(r, 0)
        self.assertIn("twinhost experiment", r.stdout)


if __name__ == "__main__":
    unittest.main()
