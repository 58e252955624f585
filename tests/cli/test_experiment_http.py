"""`twinhost experiment http`: every server passes TechEmpower's verification and serves
under the stock binary and under twinhost, in one process and in two; its faults (a port in
use, PostgreSQL missing or failing, a server that fails verification or dies under load, a
load generator missing, Ctrl-C under load) give a clear report and leave nothing behind."""
import os
import shutil
import socket
import stat
import tempfile
import unittest

from experiment_helpers import ROOT, experiment, interrupted, postgres_left
from twinhost_cli import TestCase

FAST = ["http", "--size", "tiny", "--rounds", "1"]


def servers_copy(server, file, old, new):
    """scripts/servers copied, with `old` replaced by `new` in SERVER/FILE."""
    servers = os.path.join(tempfile.mkdtemp(), "servers")
    shutil.copytree(os.path.join(ROOT, "scripts", "servers"), servers)
    path = os.path.join(servers, server, file)
    with open(path) as f:
        code = f.read()
    assert old in code, (path, old)
    with open(path, "w") as f:
        f.write(code.replace(old, new))
    return servers


class HttpExperiment(TestCase):
    def cases(self, document):
        return {c["id"]: c for c in document["experiments"]["http"]["cases"]}

    def test_every_server_passes_verification_and_serves_under_stock_and_host(self):
        # Verification covers all six endpoints of each server; two tests are loaded.
        r, document = experiment(*FAST, "--tests", "json,updates")
        self.assertExit(r, 0)
        cases = self.cases(document)
        # Five servers x two tests, and the mixed-runtime servers' JSON (their updates are
        # node-http's and aiohttp's).
        self.assertEqual(len(cases), 5 * 2 + 2)
        self.assertTrue(cases["node-python-json"]["host_only"])
        for case in cases.values():
            self.assertEqual(case["errors"], [], case["id"])
            for flavour in ("host",) if case["host_only"] else ("stock", "host"):
                for key in ("rps_c8", "rate80_p99", "first_response", "rss_peak",
                            "cpu_per_request"):
                    self.assertGreater(case["metrics"][key][flavour]["value"], 0,
                                       (case["id"], key))
        derived = document["experiments"]["http"]["derived"]
        self.assertEqual({e["server"] for e in derived["startups"]},
                         {"node-http", "express", "aiohttp", "fastapi", "flask", "node-python",
                          "node-proxy"})
        self.assertEqual([e["test"] for e in derived["fastest"]], ["json", "updates"])
        versions = document["experiments"]["http"]["environment"]["versions"]
        for name in ("wrk", "h2load", "postgresql", "node express", "python asyncpg"):
            self.assertTrue(versions[name], name)
        self.assertIn("C8: start to first response", r.stdout)
        self.assertEqual(postgres_left(), [])

    def test_every_server_serves_from_two_processes(self):
        # Node's cluster, copies on one port (aiohttp, FastAPI), gunicorn's workers; the
        # servers on both CPUs (the load generators share them).
        r, document = experiment(*FAST, "--tests", "json", "--workers", "2",
                                 "--server-cpus", "0-1" if os.cpu_count() > 1 else "0")
        self.assertExit(r, 0)
        cases = self.cases(document)
        self.assertEqual(len(cases), 7)
        for case in cases.values():
            self.assertEqual(case["workers"], 2)
            self.assertEqual(case["errors"], [], case["id"])
            for flavour in ("host",) if case["host_only"] else ("stock", "host"):
                # Two serving processes, and the one that started them (or a proxy's four).
                self.assertGreaterEqual(case["metrics"]["processes"][flavour]["value"], 3,
                                        case["id"])
                self.assertGreater(case["metrics"]["rps_c8"][flavour]["value"], 0)
        environment = document["experiments"]["http"]["environment"]
        if os.cpu_count() > 1:
            self.assertEqual(environment["server_cpus"], "0,1")

    def test_a_server_that_fails_verification_gets_no_numbers(self):
        servers = servers_copy("node-http", "server.js", "${escape(f.message)}",
                               "${f.message}")  # the fortunes no longer escaped
        r, document = experiment(*FAST, "--servers", "node-http,aiohttp", "--tests", "json",
                                 env={"TWINHOST_SERVERS_DIR": servers})
        self.assertExit(r, 1)
        cases = self.cases(document)
        self.assertEqual(cases["node-http-json"]["metrics"], {})
        error = cases["node-http-json"]["errors"][0]
        self.assertIn("failed verification: /fortunes:", error)
        self.assertIn("/fortunes: the <script> fortune is not escaped", error)
        self.assertIn("stock", cases["aiohttp-json"]["metrics"]["rps_c8"])

    def json_fault(self, handler):
        """node-http's /json starting with `handler` (a `served` count beside it), run beside
        aiohttp: node-http's errors, one per binary; aiohttp measured; nothing left."""
        servers = servers_copy("node-http", "server.js", "'/json': async () =>",
                               "'/json': async () => " + handler)
        with open(os.path.join(servers, "node-http", "server.js"), "a") as f:
            f.write("var served = 0;\n")
        r, document = experiment(*FAST, "--servers", "node-http,aiohttp", "--tests", "json",
                                 env={"TWINHOST_SERVERS_DIR": servers})
        self.assertExit(r, 1)
        cases = self.cases(document)
        self.assertEqual(len(cases["node-http-json"]["errors"]), 2)  # stock and host
        self.assertIn("host", cases["aiohttp-json"]["metrics"]["rps_c8"])
        self.assertEqual(postgres_left(), [])
        return cases["node-http-json"]["errors"]

    def test_a_server_that_dies_under_load_is_reported_and_the_rest_goes_on(self):
        errors = self.json_fault("(++served > 300 && process.exit(3)) ||")
        self.assertIn("node-http exited 3 under load", errors[0])

    def test_a_server_that_answers_nothing_under_load_is_reported(self):
        # Past the verification's requests, /json never answers: wrk counts no request
        # (before the fix: a division by zero ended the whole experiment).
        errors = self.json_fault("(++served > 50 && await new Promise(() => {})) ||")
        self.assertIn("no request answered in", errors[0])

    def test_a_port_in_use_is_named_and_nothing_is_left(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            r, document = experiment(*FAST, "--servers", "node-http", "--tests", "json",
                                     "--port", str(port))
        self.assertExit(r, 1)
        errors = self.cases(document)["node-http-json"]["errors"]
        self.assertEqual(len(errors), 2)
        self.assertIn(f"port {port} on 127.0.0.1 is in use", errors[0])
        self.assertEqual(postgres_left(), [])

    def test_postgresql_missing_or_failing_to_start(self):
        r, document = experiment(*FAST, "--postgres-bin", "/nonexistent/bin")
        self.assertExit(r, 1)
        self.assertIn("not measured: PostgreSQL: no PostgreSQL at /nonexistent/bin", r.stdout)
        self.assertIn("no PostgreSQL", document["experiments"]["http"]["error"])
        broken = tempfile.mkdtemp()
        os.chmod(broken, 0o755)  # as root, initdb runs as the postgres user
        initdb = os.path.join(broken, "initdb")
        with open(initdb, "w") as f:
            f.write("#!/bin/sh\necho 'initdb: error: the disk is on fire' >&2\nexit 1\n")
        os.chmod(initdb, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH |
                 stat.S_IXOTH)
        r, _ = experiment(*FAST, "--postgres-bin", broken)
        self.assertExit(r, 1)
        self.assertIn("PostgreSQL: initdb failed (1): initdb: error: the disk is on fire",
                      r.stdout)
        self.assertEqual(postgres_left(), [])  # its temporary folder removed

    def test_a_missing_load_generator_is_named(self):
        path = tempfile.mkdtemp()  # every program of /usr/bin but wrk
        for name in os.listdir("/usr/bin"):
            if name != "wrk":
                os.symlink(os.path.join("/usr/bin", name), os.path.join(path, name))
        r, _ = experiment(*FAST, env={"PATH": path})
        self.assertExit(r, 1)
        self.assertIn("the load generator wrk is missing: install Debian's wrk", r.stdout)
        self.assertEqual(postgres_left(), [])

    def test_the_proxy_survives_clients_that_leave_mid_answer(self):
        # wrk stops with up to 256 requests in flight, more than the front's 64 back-end
        # sockets, its clients leaving before their answers: the fixed-rate run after it
        # must still be answered (a proxy that kept those sockets answered no one).
        r, document = experiment("http", "--rounds", "1", "--servers", "node-proxy",
                                 "--tests", "fortunes", "--concurrency", "64,256")
        self.assertExit(r, 0)
        case = self.cases(document)["node-proxy-fortunes"]
        self.assertEqual(case["errors"], [])
        self.assertGreater(case["metrics"]["rate80_p99"]["host"]["value"], 0)

    def test_ctrl_c_under_load_stops_every_process_it_started(self):
        status, err, left = interrupted(
            [*FAST[:-2], "--rounds", "3", "--servers", "express", "--tests", "db"],
            lambda marked: any(name in ("wrk", "h2load") for name in marked.values()))
        self.assertEqual(status, 130, err)
        self.assertIn("interrupted", err)
        self.assertEqual(left, {})
        self.assertEqual(postgres_left(), [])


if __name__ == "__main__":
    unittest.main()
