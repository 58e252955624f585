"""twinhost report: one page that settles each of the article's claims (C1-C8) from the
result files of `twinhost bench`, `twinhost experiment` and the interop benchmarks
(crossing cost, binding cost, the peers).

    twinhost report RESULTS... [-o report.html] [--markdown FILE]

Per claim: the figures that test it (ratios with their 95% intervals, oriented so that
above 1 is the claimed direction), a chart, and a verdict by the written rules (printed on
the page). A claim with no figures says "not measured" and the command that measures it.
The HTML is one self-contained file: styles and charts (SVG) inline, no script, no network.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
import jinja2  # noqa: E402

import claims  # noqa: E402
import interop  # noqa: E402
import sources as src  # noqa: E402
from interop import fmt  # noqa: E402
from verdicts import RULES, classify, verdict  # noqa: E402

LIMITS = [
    "Two cores: parallel speed-up cannot exceed 2, and in the server experiments the server "
    "and the load generator each get one core.",
    "A shared virtual machine: other tenants' load shows as steal and as spread; the "
    "intervals carry it, and figures whose interval is wider than ±10% are marked unsettled.",
    "The frameworks and drivers are Debian 12's versions (listed under provenance), not the "
    "newest releases; the article's claims about popularity, hiring or other languages are "
    "out of scope.",
]


def build_claim(spec, sources, draw):
    figures = spec["figures"](sources)
    decided = verdict(figures)
    context = spec.get("context", lambda s: [])(sources)
    for f in context:
        f["class"] = classify(f["value"], f.get("ci"), f.get("exact", False))
    claim = dict(spec, figures=figures, context=context, **decided, charts=[])
    if figures and draw:
        import charts
        claim["charts"].append(charts.forest(figures, spec["figure_means"] + " (log scale)",
                                             f"{spec['id']}: above 1 is the claimed direction"))
        if context:
            claim["charts"].append(charts.forest(context, "ratio (log scale)",
                                                 f"{spec['id']}: context"))
        if spec["id"] == "C7":
            speed = {f["group"]: f["value"] for f in claims.c1(sources) if f.get("group")}
            points = [(f["group"], f["value"], speed[f["group"]]) for f in figures
                      if f["group"] in speed]
            if points:
                claim["charts"].append(charts.scatter(
                    points, "JavaScript lines / Python lines", "Python time / Node time",
                    "C7: lines of code against speed, per task"))
    return claim


def provenance_table(sources, problems):
    out = []
    for s in sources:
        d, m = s.document, s.machine
        warnings = guarded(
            f"the warnings of {s.path}",
            lambda: ([f"{row['label']}: {e}" for row in s.part.get("cases", [])
                      for e in row.get("errors", [])] if s.suite.startswith("experiment")
                     else interop.noisy(s) if s.suite in ("crossing", "binding")
                     else list(d.get("warnings") or [])), [], problems)
        conditions = d.get("conditions") or {}
        out.append({
            "file": s.path, "name": os.path.basename(s.path), "suite": s.suite, "date": s.date,
            "machine": f"{m.get('cpu', '?')}, {m.get('cores', '?')} cores"
                       + (f", {m['memory_bytes'] / 2 ** 30:.0f} GiB" if m.get("memory_bytes")
                          else ""),
            "versions": ", ".join(f"{k} {v}" for k, v in (
                [("node", m.get("node")), ("python", m.get("python"))]
                + list((d.get("versions") or {}).items())
                + list(((s.part.get("environment") or {}).get("versions") or {}).items()))
                if v and not isinstance(v, dict)),
            "commit": d.get("git_commit") or (d.get("settings") or {}).get("git_commit"),
            "conditions": ", ".join(f"{k.replace('_', ' ')} {v:.0%}" for k, v in
                                    conditions.items() if isinstance(v, (int, float))),
            "warnings": warnings})
    return out


# What a result file of a known schema but missing fields raises in a reader.
UNREADABLE = (KeyError, IndexError, TypeError, ValueError, AttributeError, ZeroDivisionError)


def guarded(what, build, fallback, problems):
    """build(), or `fallback` with a problem named where a result file lacks what `what`
    reads (a file of a known schema, hand-edited or cut): the rest is still reported."""
    try:
        return build()
    except UNREADABLE as e:
        problems.append(f"{what}: a result file lacks what it needs ({type(e).__name__}: {e})")
        return fallback


def unread_claim(spec, problems):
    return dict(spec, figures=[], context=[], charts=[], verdict="not measured",
                why=f"its result files could not be read ({problems[-1]})")


def render(sources, problems, draw=True):
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(HERE)),
                                     autoescape=jinja2.select_autoescape(["html"]),
                                     trim_blocks=True, lstrip_blocks=True)
    environment.filters["fmt"] = lambda f: fmt(f["value"], f.get("ci"))
    claims_model = []
    for spec in claims.CLAIMS:
        claim = guarded(spec["id"], lambda: build_claim(spec, sources, draw), None, problems)
        claims_model.append(claim or unread_claim(spec, problems))
    section = {}
    for part, suite, build in (("crossings", "crossing", interop.crossings),
                               ("bindings", "binding", interop.bindings),
                               ("peers", "peers", interop.peers)):
        files = ", ".join(s.path for s in src.of(sources, suite))
        section[part] = guarded(f"interop, {part} ({files})", lambda: build(sources, draw), [],
                                problems)
    model = {"claims": claims_model, "interop": section, "rules": RULES, "limits": LIMITS,
             "provenance": provenance_table(sources, problems), "problems": problems}
    return model, environment


def main(argv):
    parser = argparse.ArgumentParser(prog="twinhost report", description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="*", metavar="RESULTS",
                        help="JSON files of twinhost bench, twinhost experiment, the "
                        "crossing-cost, binding-cost and peers benchmarks")
    parser.add_argument("-o", "--output", default="report.html", help="the HTML file to write")
    parser.add_argument("--markdown", metavar="FILE", help="also write the report as markdown")
    args = parser.parse_args(argv)
    sources, problems = src.load(args.results)
    if not args.results:
        problems.append("no result files given: every claim but C7 is not measured")
    model, environment = render(sources, problems)
    for p in problems:
        print(f"twinhost report: {p}", file=sys.stderr)
    with open(args.output, "w") as f:
        f.write(environment.get_template("report.html.j2").render(**model))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(environment.get_template("report.md.j2").render(**model))
    for c in model["claims"]:
        print(f"{c['id']}: {c['verdict']}" + (f" ({c['why']})" if c["verdict"] != "supported"
                                              else ""))
    print(f"wrote {os.path.abspath(args.output)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
