"""twinhost experiment: the article's concurrency claims measured, under the stock binaries
and under twinhost (the same files), with the conventions of `twinhost bench`.

    twinhost experiment threads|connections|blocking|modules|http|all ... [--quick]
        [--rounds R] [--json FILE] [--markdown] [--workers 1,2,4] [--connections 100,1000]
        [--timers 1000,10000] [--servers ...] [--tests ...] [--server-cpus 0] [--port P]
        [--node PATH] [--python PATH]
    twinhost experiment --show FILE
    twinhost experiment --compare A.json B.json

Each experiment (a folder beside this file: its plan.py and the programs it runs, one per
language) is a list of cases. A round runs every case once under each binary, cases in an
order rotated by one per round, stock and host alternating; every program checks its own
work and a failed check is reported, never timed. Per case and figure: the geometric mean
over rounds with a 95% Student-t interval, and host/stock paired by round. Progress goes to
stderr, the tables to stdout; --json writes everything (schema twinhost-experiment/1).
"""
import argparse
import importlib.util
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from harness import (cpu_times, decision_grade, entry_cell, estimate, machine,  # noqa: E402
                     paired_ratio, print_table, progress, result_head, share,
                     unpaired_ratio)
from processes import ExperimentError, Processes  # noqa: E402

EXPERIMENTS = ["threads", "connections", "blocking", "modules", "http", "startup"]
SCHEMA = "twinhost-experiment/1"


def counts(text):
    try:
        values = [int(float(x)) for x in text.split(",") if x]
    except ValueError:
        raise argparse.ArgumentTypeError(f"a comma-separated list of counts, not '{text}'")
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"counts must be at least 1: '{text}'")
    return values


def names(text):
    return [n for n in text.split(",") if n]


def cpu_list(text):
    """A taskset CPU list ("0", "0-1", "0,2") of CPUs this process may use."""
    try:
        chosen = set()
        for part in text.split(","):
            low, _, high = part.partition("-")
            chosen.update(range(int(low), int(high or low) + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"a CPU list like 0 or 0-1 or 0,2, not '{text}'")
    allowed = os.sched_getaffinity(0)
    if not chosen or not chosen <= allowed:
        raise argparse.ArgumentTypeError(f"'{text}': this process may use CPUs "
                                         f"{','.join(map(str, sorted(allowed)))}")
    return sorted(chosen)


def port(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1024 <= value <= 65534:
        raise argparse.ArgumentTypeError(f"a port from 1024 to 65534, not '{text}'")
    return value


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="twinhost experiment", description=__doc__.split("\n\n")[0],
        epilog="experiments: " + ", ".join(EXPERIMENTS) + ", or all")
    parser.add_argument("names", nargs="*", metavar="NAME")
    parser.add_argument("--show", metavar="FILE",
                        help="print the tables of a saved run (--json) instead of running")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"),
                        help="B against A, two saved runs: per case and figure, B/A with its "
                             "95%% interval")
    parser.add_argument("--quick", action="store_true", help="3 rounds at small sizes")
    parser.add_argument("--rounds", type=int,
                        help="rounds (default 5, http 3; --quick: 3)")
    parser.add_argument("--json", help="write the results to FILE")
    parser.add_argument("--markdown", action="store_true", help="print markdown tables")
    parser.add_argument("--workers", type=counts,
                        help="threads: worker counts (default 1,2,4); http: server processes "
                             "(default 1; node's cluster, copies on one port, gunicorn's)")
    parser.add_argument("--connections", type=counts,
                        help="connections: open connections (default 100,1000,10000)")
    parser.add_argument("--timers", type=counts,
                        help="connections: timers (default 1000,10000,100000,1000000)")
    parser.add_argument("--concurrency", type=counts,
                        help="http: wrk's connections (default 16,64,256)")
    parser.add_argument("--servers", type=names, help="http: servers (default: all)")
    parser.add_argument("--tests", type=names, help="http: TechEmpower tests (default: all)")
    parser.add_argument("--server-cpus", type=cpu_list,
                        help="http: the servers' CPUs, a taskset list (default: the first; the "
                             "load generators run on the others)")
    parser.add_argument("--port", type=port,
                        help="http: the servers listen on PORT (and PORT+1 behind a proxy) "
                             "instead of free ports")
    parser.add_argument("--postgres-bin", metavar="DIR",
                        help="http: PostgreSQL's programs (default /usr/lib/postgresql/15/bin)")
    parser.add_argument("--size", choices=["tiny", "small", "full"],
                        help="work per case: tiny (tests), small (--quick), full (default)")
    parser.add_argument("--node", default="/usr/bin/node", help="the stock node")
    parser.add_argument("--python", default="/usr/bin/python3", help="the stock python")
    parser.add_argument("--twinhost", default=os.readlink("/proc/self/exe"),
                        help="the host binary (default: this one)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per program run")
    args = parser.parse_args(argv)
    if args.show or args.compare:
        return args
    if not args.names:
        parser.error("name an experiment: " + ", ".join(EXPERIMENTS) + ", or all")
    chosen = EXPERIMENTS if "all" in args.names else list(dict.fromkeys(args.names))
    unknown = [n for n in chosen if n not in EXPERIMENTS]
    if unknown:
        parser.error(f"unknown experiment '{unknown[0]}': choose from "
                     f"{', '.join(EXPERIMENTS)}, or all")
    args.names = chosen
    if args.servers or args.tests:  # the http plan knows its servers and tests
        plan = load_plan("http")
        for given, known, what in ((args.servers, [s[0] for s in plan.SERVERS], "--servers"),
                                   (args.tests, [t[0] for t in plan.TESTS], "--tests")):
            unknown = [n for n in given or [] if n not in known]
            if unknown or given == []:
                parser.error(f"{what}: '{','.join(unknown)}' unknown: choose from "
                             f"{', '.join(known)}")
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    args.size = args.size or ("small" if args.quick else "full")
    for path in (args.node, args.python, args.twinhost):
        if not os.access(path, os.X_OK):
            parser.error(f"no executable at {path}")
    return args


def load_plan(name):
    spec = importlib.util.spec_from_file_location(f"plan_{name}",
                                                  os.path.join(HERE, name, "plan.py"))
    plan = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plan)
    return plan


class Context:
    """What a plan's measure() gets: the binaries, the settings, the process registry."""

    def __init__(self, args, processes, folder):
        self.args, self.processes, self.folder = args, processes, folder
        self.size = args.size

    def binary(self, runtime, flavour):
        if flavour == "host":
            return self.args.twinhost
        return self.args.node if runtime == "node" else self.args.python

    def program(self, runtime, flavour, file, *arguments):
        return [self.binary(runtime, flavour), os.path.join(self.folder, file), *map(str, arguments)]

    def run_json(self, argv, **kwargs):
        kwargs.setdefault("timeout", self.args.timeout)
        return self.processes.run_json(argv, **kwargs)


def rounds_for(plan, args):
    """--rounds, else 3 with --quick, else the plan's default (5 unless it says)."""
    if args.rounds is not None:
        return args.rounds
    return 3 if args.quick else getattr(plan, "ROUNDS", 5)


def run_experiment(name, args, processes):
    plan = load_plan(name)
    ctx = Context(args, processes, os.path.join(HERE, name))
    rounds = rounds_for(plan, args)
    try:
        cases = plan.cases(ctx)
    except ExperimentError as e:  # what every case needs is missing (a database)
        progress(f"{name}: {e}")
        return plan, {"claim": plan.CLAIM, "title": plan.TITLE, "metrics": [], "cases": [],
                      "derived": {}, "error": str(e)}
    if not cases:
        return plan, {"claim": plan.CLAIM, "title": plan.TITLE, "metrics": [], "cases": [],
                      "derived": {}, "error": "no cases to run"}
    # results[case id][flavour][metric] = per-round values (None where the round failed)
    results = {c["id"]: {"stock": {}, "host": {}} for c in cases}
    errors = {c["id"]: [] for c in cases}
    for r in range(rounds):
        order = cases[r % len(cases):] + cases[:r % len(cases)]
        for case in order:
            flavours = ["host"] if case.get("host_only") else ["stock", "host"]
            if r % 2 and len(flavours) == 2:
                flavours.reverse()
            for flavour in flavours:
                progress(f"{name}: round {r + 1}/{rounds}: {case['label']} ({flavour})",
                         transient=True)
                try:
                    metrics = plan.measure(case, flavour, ctx)
                except ExperimentError as e:
                    errors[case["id"]].append(f"round {r + 1}, {flavour}: {e}")
                    progress(f"{name}: {case['label']} ({flavour}): {e}")
                    metrics = {}
                for key, _, _ in plan.METRICS:
                    results[case["id"]][flavour].setdefault(key, []).append(metrics.get(key))
    table = []
    for case in cases:
        row = dict(case)
        row["metrics"], row["errors"] = {}, errors[case["id"]]
        for key, _, _ in plan.METRICS:
            entry = {}
            for flavour in ("stock", "host"):
                values = results[case["id"]][flavour].get(key, [])
                if any(v is not None for v in values):
                    value, ci = estimate(values)
                    entry[flavour] = {"rounds": values, "value": value, "ci95": ci}
            if "stock" in entry and "host" in entry:
                value, ci = paired_ratio(entry["host"]["rounds"], entry["stock"]["rounds"])
                if value is not None:
                    entry["host_over_stock"] = {"value": value, "ci95": ci,
                                                "decision_grade": decision_grade(value, ci)}
            if entry:
                row["metrics"][key] = entry
        table.append(row)
    part = {"claim": plan.CLAIM, "title": plan.TITLE, "rounds": rounds, "metrics": [
        {"key": k, "label": label, "unit": unit} for k, label, unit in plan.METRICS],
        "cases": table}
    if hasattr(plan, "environment"):
        part["environment"] = plan.environment(ctx)
    part["derived"] = plan.derive(table, os.cpu_count() or 1) if hasattr(plan, "derive") else {}
    return plan, part


def cell(entry, unit):
    return entry_cell(entry, lambda v: fmt(v, unit))


def fmt(value, unit):
    if unit == "s":
        for name, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
            if abs(value) >= scale:
                return f"{value / scale:.3g} {name}"
        return f"{value * 1e9:.3g} ns"
    if unit == "B":
        for name, scale in (("MiB", 2 ** 20), ("KiB", 2 ** 10)):
            if abs(value) >= scale:
                return f"{value / scale:.3g} {name}"
        return f"{value:.3g} B"
    if not unit and abs(value) >= 1000:  # counts: requests/s
        return f"{value:,.0f}"
    return f"{value:.3g}" + (f" {unit}" if unit else "")


def print_part(name, plan, part, args):
    print(f"\n{name} — {part['title']}" + (f" ({part['rounds']} rounds)" if "rounds" in part
                                           else ""))
    print(f"claim: {part['claim']}")
    if part.get("error"):
        print(f"not measured: {part['error']}")
        return
    header = ["case", "figure", "stock [95% CI]", "host [95% CI]", "host/stock [95% CI]"]
    rows = []
    for row in part["cases"]:
        for figure in part["metrics"]:  # as the run had them (a plan may size them per run)
            key, label, unit = figure["key"], figure["label"], figure["unit"]
            entry = row["metrics"].get(key)
            if not entry:
                continue
            ratio = entry.get("host_over_stock")
            rows.append([row["label"], label, cell(entry.get("stock"), unit),
                         cell(entry.get("host"), unit),
                         (cell(ratio, "") + ("" if ratio["decision_grade"] else " ~"))
                         if ratio else "-"])
        for error in row["errors"]:
            rows.append([row["label"], "error", error[:100], "", ""])
    print_table(header, rows, args.markdown)
    if hasattr(plan, "print_derived"):
        plan.print_derived(part, args.markdown)
    print("(~: host/stock not decision-grade: its interval is wider than +-5%)")


def load_document(path):
    """A saved run (--json), or the program ends with a clear message."""
    try:
        with open(path) as f:
            document = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"twinhost experiment: cannot read {path}: {e}")
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        sys.exit(f"twinhost experiment: {path} is not a {SCHEMA} file "
                 f"(schema {document.get('schema') if isinstance(document, dict) else None})")
    return document


def compare(args):
    """B/A per experiment, case, figure and binary, for what the two runs share."""
    a, b = (load_document(path) for path in args.compare)
    header = ["case", "figure", "binary", "A [95% CI]", "B [95% CI]", "B/A [95% CI]", "verdict"]
    rows = []
    for name, part in b["experiments"].items():
        before = {c["id"]: c for c in a["experiments"].get(name, {}).get("cases", [])}
        figures = {m["key"]: (m["label"], m["unit"]) for m in part["metrics"]}
        for case in part["cases"]:
            for key, entry in case["metrics"].items():
                for flavour in ("stock", "host"):
                    old = before.get(case["id"], {}).get("metrics", {}).get(key, {}).get(flavour)
                    new = entry.get(flavour)
                    if not old or not new or key not in figures:
                        continue
                    label, unit = figures[key]
                    value, ci = unpaired_ratio(new["rounds"], old["rounds"])
                    if value is None:
                        continue
                    verdict = ("too few rounds to test" if not ci else
                               "no significant change" if ci[0] <= 1 <= ci[1] else
                               "B higher" if ci[0] > 1 else "B lower")
                    rows.append([f"{name}: {case['label']}", label, flavour, cell(old, unit),
                                 cell(new, unit), cell({"value": value, "ci95": ci}, ""),
                                 verdict])
    if not rows:
        sys.exit(f"twinhost experiment: {args.compare[0]} and {args.compare[1]} have no case "
                 "and figure in common")
    print_table(header, rows, args.markdown)
    ma, mb = a["machine"], b["machine"]
    for label, m, d in (("A", ma, a), ("B", mb, b)):
        print(f"{label}: {m['cpu']}, {m['cores']} cores, node {m['node']}, python "
              f"{m['python']}; {d['date']}")
    if (ma["cpu"], ma["cores"]) != (mb["cpu"], mb["cores"]):
        print("A and B ran on different machines: a difference may be the machine's")
    return 0


def show(args):
    """Prints a saved run's tables, its derived figures computed again (same rules)."""
    document = load_document(args.show)
    cores = document["machine"]["cores"]
    for name, part in document["experiments"].items():
        plan = load_plan(name)
        if hasattr(plan, "derive"):
            part["derived"] = plan.derive(part["cases"], cores)
        print_part(name, plan, part, args)
    m, s = document["machine"], document["settings"]
    print(f"\nmachine: {m['cpu']}, {m['cores']} cores, node {m['node']}, python {m['python']}; "
          f"size {s['size']}; {document['date']}")
    return 0


def main(argv):
    args = parse_arguments(argv)
    if args.show:
        return show(args)
    if args.compare:
        return compare(args)
    processes = Processes()
    document = result_head(SCHEMA, settings={
        "rounds": args.rounds, "size": args.size, "quick": args.quick, "node": args.node,
        "python": args.python, "twinhost": args.twinhost}, experiments={})
    document["machine"] = machine(args.node, args.python)
    before = cpu_times()
    time.sleep(0.3)
    started = cpu_times()
    failed = False
    try:
        with processes:
            for name in args.names:
                plan, part = run_experiment(name, args, processes)
                document["experiments"][name] = part
                progress(f"{name}: done")
                print_part(name, plan, part, args)
                failed = failed or bool(part.get("error")) or any(
                    row["errors"] for row in part["cases"])
    except KeyboardInterrupt:
        progress("twinhost experiment: interrupted; every process it started is stopped")
        return 130
    ended = cpu_times()
    document["conditions"] = {"busy_before": share(before, started, 0),
                              "steal_during": share(started, ended, 1)}
    m, c = document["machine"], document["conditions"]
    print(f"\nmachine: {m['cpu']}, {m['cores']} cores, node {m['node']}, python {m['python']}; "
          f"size {args.size}")
    if c["busy_before"] is not None and c["steal_during"] is not None:
        print(f"machine load: {c['busy_before']:.0%} busy before the run, "
              f"{c['steal_during']:.0%} of CPU time stolen by the hypervisor during it")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(document, f, indent=1)
        progress(f"wrote {args.json}")
    if failed:
        progress("twinhost experiment: some runs failed their checks (see 'error' rows)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
