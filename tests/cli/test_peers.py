"""The peers benchmark (scripts/bench/peers/run.py): twinhost's side of every workload runs
and checks its results, a peer that is not installed is reported (never silently dropped),
and bad arguments are one clear error. The peers themselves come from npm and are not
installed by the test suite; `scripts/bench/peers/install.sh` installs them."""
import os
import tempfile
import unittest

from twinhost_cli import PYTHON, TWINHOST, TestCase, run, run_with_json

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
RUN = os.path.join(ROOT, "scripts", "bench", "peers", "run.py")
WORKLOADS = ["small_int_call", "float_list_1000", "bytes_1mib_copied", "bytes_1mib_zero_copy",
             "python_calls_js_callback", "python_calls_js_python_entry",
             "python_exception_in_js", "attribute_read", "startup"]


class Peers(TestCase):
    def peers(self, *args):
        empty = tempfile.mkdtemp()  # no peer installed here
        env = dict(os.environ, TWINHOST_PEERS_DIR=empty)
        return run_with_json([PYTHON, RUN, "--twinhost", TWINHOST, "--rounds", "1", "--quick",
                              *args], env=env, timeout=300)

    def test_twinhost_runs_and_checks_every_workload(self):
        r, document = self.peers("--systems", "twinhost")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(document["schema"], "twinhost-peers/1")
        self.assertIn("steal_during", document["conditions"])
        self.assertIn("% of CPU time stolen", r.stdout)
        # Once on each core this process may use, the faster kept.
        cores = sorted(os.sched_getaffinity(0))
        if len(cores) > 1:
            self.assertEqual(document["settings"]["cores_each"], cores)
            self.assertIn("once on each core", r.stdout)
            for row in document["table"]:
                if row["workload"] == "startup":
                    continue
                entry = row["systems"]["twinhost"]
                by_core = entry["rounds_by_core"][0]
                self.assertEqual(sorted(by_core), [str(c) for c in cores], row["workload"])
                self.assertEqual(entry["rounds_ns"][0], min(by_core.values()), row["workload"])
        rows = {row["workload"]: row["systems"]["twinhost"] for row in document["table"]}
        self.assertEqual(sorted(rows), sorted(WORKLOADS))
        for workload, entry in rows.items():
            # A wrong result would be an error note instead of a time.
            self.assertNotIn("note", entry, workload)
            self.assertGreater(entry["median_ns"], 0, workload)

    def test_a_peer_not_installed_is_reported(self):
        r, document = self.peers("--systems", "twinhost,pymport", "--markdown")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("pymport: not installed", r.stdout)
        self.assertIn("install.sh", r.stderr)
        self.assertIn("pymport", document["problems"])
        self.assertTrue(all("note" in row["systems"]["pymport"] for row in document["table"]))
        self.assertTrue(r.stdout.splitlines()[2].startswith("| workload | twinhost | pymport"))

    def test_one_core_run_runs_each_system_once(self):
        r, document = self.peers("--systems", "twinhost", "--one-core-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIsNone(document["settings"]["cores_each"])
        self.assertNotIn("once on each core", r.stdout)
        for row in document["table"]:
            self.assertNotIn("rounds_by_core", row["systems"]["twinhost"], row["workload"])

    def test_bad_arguments(self):
        for args, message in ((["--rounds", "0"], "--rounds"),
                              (["--systems", "pymport"], "twinhost (required)"),
                              (["--systems", "twinhost,nope"], "nope"),
                              (["--twinhost", "/nonexistent/twinhost"], "no twinhost binary")):
            r = run([PYTHON, RUN, *args], timeout=60)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(message, r.stderr, args)
            self.assertNotIn("Traceback", r.stderr, args)


if __name__ == "__main__":
    unittest.main()
