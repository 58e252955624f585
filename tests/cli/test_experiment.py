"""`twinhost experiment`: every experiment runs at a tiny size under the stock binaries and
under twinhost and its programs' own checks pass; faults (a worker that dies, the open-file
limit, Ctrl-C, an unknown name) give a clear report and leave no process behind."""
import glob
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from twinhost_cli import TWINHOST, TestCase, run, run_with_json

MARK = "TWINHOST_EXPERIMENT_RUN"
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def marked_processes(driver_pid):
    """Processes that carry the driver's mark in their environment."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if f"{MARK}={driver_pid}".encode() in f.read().split(b"\0"):
                    found.append(int(pid))
        except OSError:
            pass
    return found


def postgres_left():
    """PostgreSQL servers of an experiment's database still running, and their folders."""
    found = glob.glob(os.path.join(tempfile.gettempdir(), "twinhost-pg-*"))
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"twinhost-pg-" in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def experiment(*args, env=None, timeout=900):
    return run_with_json([TWINHOST, "experiment", *args], timeout=timeout,
                         env=dict(os.environ, **(env or {})))


class Experiments(TestCase):
    def test_every_experiment_checks_its_work_under_stock_and_host(self):
        r, document = experiment("all", "--size", "tiny", "--rounds", "1", "--tests", "db")
        self.assertExit(r, 0)
        self.assertEqual(document["schema"], "twinhost-experiment/1")
        self.assertEqual(set(document["experiments"]),
                         {"threads", "connections", "blocking", "modules", "http"})
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
        self.assertEqual(r.stdout.count("host/stock [95% CI]"), 5)

    def test_every_server_passes_verification_and_serves_under_stock_and_host(self):
        # Verification covers all six endpoints of each server; two tests are loaded.
        r, document = experiment("http", "--size", "tiny", "--rounds", "1", "--tests",
                                 "json,updates")
        self.assertExit(r, 0)
        cases = {c["id"]: c for c in document["experiments"]["http"]["cases"]}
        # Five servers x two tests, and the mixed-runtime servers' JSON (their updates are
        # node-http's and aiohttp's).
        self.assertEqual(len(cases), 5 * 2 + 2)
        self.assertTrue(cases["node-python-json"]["host_only"])
        for case in cases.values():
            self.assertEqual(case["errors"], [], case["id"])
            for flavour in ("host",) if case["host_only"] else ("stock", "host"):
                self.assertGreater(case["metrics"]["rps_c8"][flavour]["value"], 0, case["id"])
                self.assertGreater(case["metrics"]["rate80_p99"][flavour]["value"], 0)
        self.assertEqual(postgres_left(), [])

    def test_a_server_that_fails_verification_gets_no_numbers(self):
        servers = os.path.join(tempfile.mkdtemp(), "servers")
        shutil.copytree(os.path.join(ROOT, "scripts", "servers"), servers)
        server_js = os.path.join(servers, "node-http", "server.js")
        with open(server_js) as f:
            code = f.read()
        with open(server_js, "w") as f:  # the fortunes no longer escaped
            f.write(code.replace("${escape(f.message)}", "${f.message}"))
        r, document = experiment("http", "--size", "tiny", "--rounds", "1", "--servers",
                                 "node-http,aiohttp", "--tests", "json",
                                 env={"TWINHOST_SERVERS_DIR": servers})
        self.assertExit(r, 1)
        cases = {c["id"]: c for c in document["experiments"]["http"]["cases"]}
        self.assertEqual(cases["node-http-json"]["metrics"], {})
        error = cases["node-http-json"]["errors"][0]
        self.assertIn("failed verification: /fortunes:", error)
        self.assertIn("/fortunes: the <script> fortune is not escaped", error)
        self.assertIn("stock", cases["aiohttp-json"]["metrics"]["rps_c8"])

    def test_markdown_tables_and_a_saved_run_shown_again(self):
        r, document = experiment("modules", "--size", "tiny", "--rounds", "1", "--markdown")
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
        p = subprocess.Popen([TWINHOST, "experiment", "http", "connections", "--size", "tiny",
                              "--rounds", "3", "--servers", "flask"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while not marked_processes(p.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertTrue(marked_processes(p.pid), "no experiment process started")
            time.sleep(0.3)
            p.send_signal(signal.SIGINT)
            _, err = p.communicate(timeout=60)
        finally:
            p.kill()
        self.assertEqual(p.returncode, 130, err)
        self.assertIn("interrupted", err)
        deadline = time.monotonic() + 10
        while marked_processes(p.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(marked_processes(p.pid), [])
        self.assertEqual(postgres_left(), [])  # the database is stopped and removed too

    def test_bad_arguments(self):
        r = run([TWINHOST, "experiment", "nope"])
        self.assertExit(r, 2)
        self.assertIn("unknown experiment 'nope'", r.stderr)
        self.assertIn("threads, connections, blocking, modules, http, or all", r.stderr)
        r = run([TWINHOST, "experiment", "http", "--servers", "node-http,rails"])
        self.assertExit(r, 2)
        self.assertIn("--servers: 'rails' unknown: choose from node-http, express", r.stderr)
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
