"""`twinhost report`: the verdict rules (every verdict reachable, the boundaries, missing
data), the markdown output against a golden file from fixed inputs, bad input (an unknown
schema, a cut-short file, one suite from two machines, no files), and the HTML page opened
offline by headless Chromium: no console error, every chart drawn, a verdict for every
claim, every in-page link with its target, a screenshot kept."""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import unittest

from twinhost_cli import TWINHOST, TestCase, run

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures", "report")
SCRIPTS = os.path.join(HERE, "..", "..", "scripts")
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts", "report"))
import verdicts  # noqa: E402

CLAIMS = [f"C{i}" for i in range(1, 9)]
ALL = ("bench.json", "experiments.json", "peers.json", "crossing.json", "binding.json")
VERDICTS = ("supported", "refuted", "depends", "not measured")
ARTEFACTS = os.environ.get("TWINHOST_TEST_ARTEFACTS") or os.path.join(
    tempfile.gettempdir(), "twinhost-test-artefacts")


def fixture(*names):
    return [os.path.join(FIXTURES, n) for n in names]


def report(test, *results, markdown=True):
    """Runs twinhost report on RESULTS: (result, html, markdown or None)."""
    folder = tempfile.mkdtemp()
    test.addCleanup(shutil.rmtree, folder, True)
    html, md = os.path.join(folder, "report.html"), os.path.join(folder, "report.md")
    r = run([TWINHOST, "report", *results, "-o", html] + (["--markdown", md] if markdown else []),
            timeout=300)
    return r, read(html), read(md)


def read(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read()


def figure(value, ci=None, exact=False):
    return {"label": "f", "value": value, "ci": ci, "exact": exact}


class VerdictRules(unittest.TestCase):
    def test_each_figure_class_and_its_boundaries(self):
        self.assertEqual(verdicts.classify(1.5, [1.2, 1.8]), "for")
        self.assertEqual(verdicts.classify(1.1, [1.0, 1.2]), "unsettled")  # touches parity
        self.assertEqual(verdicts.classify(0.5, [0.4, 0.6]), "against")
        self.assertEqual(verdicts.classify(0.95, [0.92, 1.0]), "equal")  # touches parity, narrow
        self.assertEqual(verdicts.classify(1.0, [1 / 1.1, 1.1]), "equal")  # the band's edges
        self.assertEqual(verdicts.classify(1.0, [0.9, 1.1]), "unsettled")  # 0.9 < 1/1.1
        self.assertEqual(verdicts.classify(1.3, None), "unsettled")  # one round
        self.assertEqual(verdicts.classify(1.05, None, exact=True), "for")
        self.assertEqual(verdicts.classify(1.0, None, exact=True), "equal")
        self.assertEqual(verdicts.classify(0.8, None, exact=True), "against")

    def test_every_verdict_is_reachable(self):
        v = lambda *fs: verdicts.verdict(list(fs))["verdict"]  # noqa: E731
        self.assertEqual(v(), "not measured")
        self.assertEqual(v(figure(2, [1.5, 3]), figure(1.2, [1.01, 1.4])), "supported")
        self.assertEqual(v(figure(0.5, [0.4, 0.6]), figure(1, [0.95, 1.05])), "refuted")
        mixed = verdicts.verdict([dict(figure(2, [1.5, 3]), label="fib"),
                                  dict(figure(0.5, [0.4, 0.6]), label="regex")])
        self.assertEqual(mixed["verdict"], "depends")
        self.assertIn("for it: fib; not: regex", mixed["why"])
        wide = verdicts.verdict([figure(2, [1.5, 3]), figure(1.3, [0.5, 3])])
        self.assertEqual(wide["verdict"], "depends")
        self.assertIn("on more measurement: 1 of 2 intervals", wide["why"])
        self.assertEqual(v(figure(1.3, [0.5, 3])), "depends")


class Report(TestCase):
    def test_markdown_matches_the_golden_file(self):
        r, _, md = report(self, *fixture(*ALL))
        self.assertExit(r, 0)
        golden = os.path.join(FIXTURES, "report.md")
        if os.environ.get("TWINHOST_UPDATE_GOLDEN"):
            with open(golden, "w") as f:
                f.write(md)
        with open(golden) as f:
            self.assertEqual(md, f.read())
        # What the golden file holds, said once more in words.
        self.assertIn("| C1 | Node.js is faster than Python", md)
        self.assertIn("| C6 | Python is very slow at server-side work. | depends |", md)
        self.assertIn("| C8 | Node starts and responds faster. | depends |", md)
        self.assertIn("Not measured. To measure it: `build/bin/twinhost experiment threads", md)
        for claim in CLAIMS:
            self.assertIn(f"## {claim}: ", md)
        # Interop: both entries and the pipe from the crossing file, the floors from the
        # binding file (ratios from their samples), the bench's own warnings.
        self.assertIn("| python entry | Python -> JS no-op call | 1.01 [0.983–1.03] µs | – | – | 25 |",
                      md)
        # A crossing over its floor (the same exception thrown and caught in JS alone).
        self.assertIn("| js entry | Python exception into JS | 10.8 [9.3–14.8] µs | 4.25 [4.19–4.4] "
                      "µs | 2.53 | 2.35 |", md)
        self.assertIn("floors: hand-written V8 callback: 5.88 ns; hand-written METH_FASTCALL "
                      "function: 24.3 ns", md)
        self.assertIn("| python | echo | 83.7 [72.7–117] ns | 31.3 [27.8–42.2] ns | 2.52 "
                      "[1.99–3.19] | 1.94 [1.69–2.23] (pybind11) |", md)
        self.assertIn("- fib node: noisy, CoV 7.1% > 5%", md)
        self.assertIn("- python entry: JS exception into Python: noisy, CoV 8% > 5%", md)
        # C8 from the http experiment's pooled starts: one-process servers of one runtime.
        self.assertIn("| first response: aiohttp / node-http | 3.11 [2.71–3.57] | for |", md)
        self.assertNotIn("fastapi / node-http", md)  # two workers
        self.assertNotIn("/ node-python", md)  # two runtimes

    def test_bad_input_is_named_and_the_rest_is_reported(self):
        r, html, md = report(self, *fixture("bench.json", "truncated.json", "unknown-schema.json",
                                            "nothing-here.json"))
        self.assertExit(r, 0)
        self.assertIn("truncated.json: not JSON, or cut short", r.stderr)
        self.assertIn("unknown-schema.json: schema 'twinhost-bench/9' is not one this report "
                      "reads", r.stderr)
        self.assertIn("nothing-here.json: cannot read it (No such file or directory)", r.stderr)
        self.assertIn("truncated.json: not JSON, or cut short", md)
        self.assertIn("| C1 | Node.js is faster than Python: V8 compiles JS, Python is "
                      "interpreted. | depends |", md)

    def test_a_known_schema_with_fields_missing_is_named_and_the_rest_is_reported(self):
        r, _, md = report(self, *fixture("bench-missing-fields.json",
                                         "crossing-missing-fields.json", "binding.json"))
        self.assertExit(r, 0)
        self.assertIn("crossing-missing-fields.json): a result file lacks what it needs "
                      "(KeyError: 'name')", r.stderr)
        self.assertIn("- C1: a result file lacks what it needs (KeyError: 'task')", md)
        self.assertIn("| C1 | Node.js is faster than Python: V8 compiles JS, Python is "
                      "interpreted. | not measured |", md)
        self.assertIn("its result files could not be read (C1: a result file lacks", md)
        self.assertIn("| python | echo | 83.7 [72.7–117] ns |", md)  # the binding file's table

    def test_one_suite_from_two_machines_is_shown_twice_never_averaged(self):
        r, _, md = report(self, *fixture("bench.json", "bench-other-machine.json"))
        self.assertExit(r, 0)
        self.assertIn("| fib (bench.json: AMD EPYC, 2 cores, 2026-12-01T10:00:00Z) | 31.5 "
                      "[27–36.7] | for |", md)
        self.assertIn("| fib (bench-other-machine.json: Intel Xeon, 2 cores, "
                      "2026-12-02T10:00:00Z) | 40 [35–45] | for |", md)

    def test_floors_come_from_the_crossing_files_machine(self):
        # The binding file of the crossing file's machine gives the floors, whatever the
        # order; from another machine only when none matches, and then said so.
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        with open(fixture("binding.json")[0]) as f:
            other = json.load(f)
        other["machine"]["cpu"] = "Intel Xeon"
        for row in other["rows"]:
            for key in ("median_ns", "ns_per_call"):
                if key in row and row[key] is not None:
                    row[key] = [v * 3 for v in row[key]] if isinstance(row[key], list) \
                        else row[key] * 3
        elsewhere = os.path.join(folder, "binding-xeon.json")
        with open(elsewhere, "w") as f:
            json.dump(other, f)
        r, _, md = report(self, elsewhere, *fixture("crossing.json", "binding.json"))
        self.assertExit(r, 0)
        self.assertIn("floors: hand-written V8 callback: 5.88 ns; hand-written METH_FASTCALL "
                      "function: 24.3 ns.", md)
        r, _, md = report(self, elsewhere, *fixture("crossing.json"))
        self.assertExit(r, 0)
        self.assertIn("floors: hand-written V8 callback: 17.6 ns (from binding-xeon.json: "
                      "Intel Xeon, 2 cores", md)
        self.assertIn("another machine)", md)

    def test_no_files_reports_every_claim_not_measured_but_c7(self):
        r, html, md = report(self)
        self.assertExit(r, 0)
        self.assertIn("no result files given", r.stderr)
        verdict = dict(re.findall(r"^\| (C\d) \| .* \| ([a-z ]+) \|$", md, re.M))
        self.assertEqual([c for c in CLAIMS if verdict[c] != "not measured"], ["C7"])

    def test_the_page_opens_offline_in_chromium_and_is_complete(self):
        r, html, _ = report(self, *fixture(*ALL), markdown=False)
        self.assertExit(r, 0)
        # Self-contained: nothing to fetch.
        self.assertIsNone(re.search(r"""(src|href)=["']?(https?:|//)""", html))
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        page, checked = os.path.join(folder, "report.html"), os.path.join(folder, "checked.html")
        with open(page, "w") as f:
            f.write(html)
        with open(checked, "w") as f:  # the checks run in the page, their answer in the DOM
            f.write(html.replace("</body>", CHECKS + "</body>"))
        offline = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
                   f"--user-data-dir={folder}/profile", "--enable-logging=stderr", "--v=0",
                   "--window-size=420,3000"]  # a narrow window
        done = subprocess.run(["chromium", *offline, "--virtual-time-budget=5000", "--dump-dom",
                               "file://" + checked], capture_output=True, text=True, timeout=120)
        found = re.search(r'<pre id="checks">(.*?)</pre>', done.stdout, re.S)
        self.assertTrue(found, done.stderr[-2000:])
        problems = [line for line in found.group(1).splitlines() if line.strip()]
        self.assertEqual(problems, ["ok"])
        console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
        self.assertEqual(console, [])
        os.makedirs(ARTEFACTS, exist_ok=True)
        shot = os.path.join(ARTEFACTS, "report.png")
        subprocess.run(["chromium", *offline[:-1], "--window-size=1200,2400",
                        f"--screenshot={shot}", "file://" + page], capture_output=True,
                       timeout=120)
        self.assertGreater(os.path.getsize(shot), 10000)


class BenchmarksFeedTheReport(TestCase):
    """The crossing-cost and binding-cost benchmarks write what the report reads: every
    row's samples, its median inside them with an interval, read back into the tables."""

    def measure(self, script, *args):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        out = os.path.join(folder, "result.json")
        r = run(["/usr/bin/python3", os.path.join(SCRIPTS, "bench", script), "--twinhost",
                 TWINHOST, *args, "--json", out], timeout=600)
        self.assertExit(r, 0)
        with open(out) as f:
            document = json.load(f)
        for row in document["rows"]:
            samples = row["ns_per_call"]
            self.assertEqual(len(samples), 6, row)
            self.assertTrue(all(v > 0 for v in samples), row)
            low, high = row["ci95"]
            self.assertLessEqual(min(samples), low)
            self.assertLessEqual(low, row["median_ns"])
            self.assertLessEqual(row["median_ns"], high)
            self.assertLessEqual(high, max(samples))
        _, _, md = report(self, out)
        return document, md

    def test_crossing_cost(self):
        document, md = self.measure("interop_cost.py", "--samples", "6", "--calls", "200",
                                     "--warm-up-ms", "10")
        self.assertEqual(document["schema"], "twinhost-crossing/1")
        crossings = [r["entry"] for r in document["rows"] if not r.get("floor")]
        self.assertEqual(crossings.count("baseline"), 1)
        self.assertGreaterEqual(crossings.count("js"), 10)
        self.assertEqual(crossings.count("js"), crossings.count("python"))
        # A crossing measured with its floor in one process (exceptions, each half): the
        # ratio of each pair of samples, its median between their extremes.
        rows = {(r["entry"], r["name"]): r for r in document["rows"]}
        paired = [r for r in document["rows"] if "floor_ratio" in r]
        self.assertEqual(sorted(r["entry"] for r in paired), ["js", "python"])
        for row in paired:
            floor = rows[(row["entry"], row["floor_name"])]
            ratios = [a / b for a, b in zip(row["ns_per_call"], floor["ns_per_call"])]
            self.assertAlmostEqual(row["floor_ratio"]["median"], statistics.median(ratios))
            self.assertEqual((row["floor_ratio"]["min"], row["floor_ratio"]["max"]),
                             (min(ratios), max(ratios)))
            self.assertIn(f"{row['floor_ratio']['median']:.3g} [", md)
        # Each half ran on each core (one-core machine: once, unpinned); each row kept the
        # samples of the core where its median was lower — a floor measured with its
        # crossing, those of the crossing's core.
        cores = document["settings"]["cores_each"]
        floor_of = {(r["entry"], r["floor_name"]): r for r in paired}
        if len(os.sched_getaffinity(0)) > 1:
            self.assertEqual(cores, sorted(os.sched_getaffinity(0)))
            for row in document["rows"]:
                if row["entry"] == "baseline":
                    continue
                self.assertIn(row["core"], cores, row["name"])
                self.assertEqual(sorted(row["median_by_core"]), sorted(str(c) for c in cores))
                crossing = floor_of.get((row["entry"], row["name"]))
                if crossing:
                    self.assertEqual(row["core"], crossing["core"], row["name"])
                else:
                    self.assertAlmostEqual(row["median_ns"], min(row["median_by_core"].values()))
                self.assertAlmostEqual(row["median_ns"], row["median_by_core"][str(row["core"])])
        else:
            self.assertIsNone(cores)
        # Every floor a crossing names is in the file: exceptions, and each copy's size.
        names = {r["name"] for r in document["rows"]}
        named = [r["floor_name"] for r in document["rows"] if r.get("floor_name")]
        self.assertEqual(len(named), 8)
        self.assertLessEqual(set(named), names)
        for row in document["rows"]:
            entry = row["entry"] + (" floor" if row.get("floor") else
                                    " entry" if row["entry"] != "baseline" else "")
            self.assertRegex(md, rf"\| {entry} \| {re.escape(row['name'])} \| [0-9.]+ \[")

    def test_binding_cost(self):
        baselines = os.path.join(os.path.dirname(TWINHOST), "..", "bench")
        if not os.path.exists(os.path.join(baselines, "fastcall_baseline.so")):
            self.skipTest("the hand-written baselines are built in the normal tree only")
        document, md = self.measure("binding_cost.py", "--baselines", baselines, "--samples",
                                    "6", "--min-sample-ms", "1", "--rss-calls", "1000")
        self.assertEqual(document["schema"], "twinhost-binding/1")
        self.assertTrue(document["settings"]["interleaved"])  # the report pairs by round
        self.assertEqual({len(r["ns_per_call"]) for r in document["rows"]}, {6})
        faces = {(r["runtime"], r["face"]) for r in document["rows"]}
        self.assertEqual(faces, {("node", "twinhost"), ("node", "v8"), ("node", "napi"),
                                 ("python", "twinhost"), ("python", "fastcall"),
                                 ("python", "pybind11")})
        for runtime in ("node", "python"):
            for fn in ("noop", "add", "echo", "sha256"):
                self.assertRegex(md, rf"\| {runtime} \| {fn} \| [0-9.]+ \[")


# Appended to a copy of the page: checks what a reader would see, writes the problems found
# (or "ok") into <pre id="checks">, which --dump-dom returns.
CHECKS = """<pre id="checks"></pre><script>
const problems = [];
window.addEventListener('error', (e) => problems.push('error: ' + (e.message || e.target)), true);
for (const id of %s) {
  const section = document.getElementById(id.toLowerCase());
  const verdict = section && section.querySelector('.verdict');
  if (!verdict || !%s.includes(verdict.textContent.trim())) problems.push(id + ': no verdict');
}
for (const svg of document.querySelectorAll('figure svg')) {
  const box = svg.getBoundingClientRect();
  if (box.width < 50 || box.height < 50 || svg.querySelectorAll('path, use').length < 5)
    problems.push('a chart did not render: ' + svg.closest('figure').getAttribute('aria-label'));
}
if (document.querySelectorAll('figure svg').length === 0) problems.push('no chart');
for (const a of document.querySelectorAll('a[href^="#"]'))
  if (!document.getElementById(a.getAttribute('href').slice(1))) problems.push('broken link ' + a.href);
if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push('wider than the window');
document.getElementById('checks').textContent = problems.length ? problems.join('\\n') : 'ok';
</script>""" % (str(CLAIMS).replace("'", '"'), str(list(VERDICTS)).replace("'", '"'))


if __name__ == "__main__":
    unittest.main()
