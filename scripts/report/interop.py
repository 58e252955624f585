"""The report's interop section: what crossing between the runtimes costs, from three result
files — the crossing-cost benchmark (twinhost-crossing/1: both directions from both entry
runtimes, exceptions, buffers, the pipe baseline), the binding-cost benchmark
(twinhost-binding/1: the one API against hand-written V8 and METH_FASTCALL functions, the
floors) and the peers benchmark (twinhost-peers/1: the bridges a user can install). These
are context, not claims: no verdict, every value with its 95% interval."""
import statistics

import sources as src
from harness import median_interval, paired_ratio, unpaired_ratio, with_interval
from verdicts import classify

# Each entry runtime's floor: a no-op native function called from it, written by hand.
FLOORS = {"js": ("node", "v8", "hand-written V8 callback"),
          "python": ("python", "fastcall", "hand-written METH_FASTCALL function")}
# Each runtime's other binding route, shown beside the one API.
OTHER = {"node": ("napi", "N-API"), "python": ("pybind11", "pybind11")}


def fmt(value, ci=None):
    """The report's way to write a figure: '1.23 [1.1–1.4]'."""
    return with_interval(value, ci, dash="–")


def ns(value, ci=None):
    """A time in ns, µs, ms or s with its interval, in one unit."""
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3), ("ns", 1)):
        if value >= scale or unit == "ns":
            return with_interval(value, ci, lambda v: f"{v / scale:.3g}", dash="–") + f" {unit}"


def median_of(row):
    """(median, interval) of a result row: as written, or from its samples."""
    if row.get("median_ns") is not None:
        return row["median_ns"], row.get("ci95")
    return median_interval(row["ns_per_call"])


MACHINE_KEYS = ("cpu", "cores", "memory_bytes", "platform", "node", "python")


def floors(sources, machine):
    """({entry: (label, median ns)}, note): the hand-written floors of the binding-cost
    file measured on `machine`, else of the first given, which the note then names."""
    bindings = src.of(sources, "binding")
    same = [b for b in bindings if all(b.machine.get(k) == machine.get(k) for k in MACHINE_KEYS)]
    chosen = (same or bindings)[:1]
    out = {}
    for s in chosen:
        for entry, (runtime, face, label) in FLOORS.items():
            for r in s.document.get("rows", []):
                if (r["runtime"], r["face"], r["fn"]) == (runtime, face, "noop"):
                    out[entry] = (label, median_of(r)[0])
    note = "" if same or not chosen else f" (from {chosen[0].describe()}: another machine)"
    return out, note


def crossings(sources, draw):
    """Per file: each crossing's median ns and interval, over its floor (the same work in
    one runtime alone: an exception thrown and caught, a new buffer of the same bytes)
    where it names one, and the pipe baseline over it."""
    tables = []
    for s in src.of(sources, "crossing"):
        lowest, elsewhere = floors(sources, s.machine)
        rows = s.document.get("rows", [])
        medians = {r["name"]: median_of(r) for r in rows}
        pipe = next((medians[r["name"]][0] for r in rows if r["entry"] == "baseline"), None)
        body, figures = [], {"calls": [], "buffers": []}
        for r in rows:
            value, ci = medians[r["name"]]
            entry = ("baseline" if r["entry"] == "baseline"
                     else f"{r['entry']} {'floor' if r.get('floor') else 'entry'}")
            floor = medians.get(r.get("floor_name"))
            # Measured with its floor, samples alternated: the ratio of each pair, not of
            # medians taken at other moments (interop_cost.py).
            paired = r.get("floor_ratio")
            over = (f"{paired['median']:.3g} [{paired['min']:.3g}–{paired['max']:.3g}] paired"
                    if paired else f"{value / floor[0]:.3g}" if floor else "–")
            body.append([entry, r["name"], ns(value, ci),
                         ns(*floor) if floor else "–", over,
                         f"{pipe / value:.3g}" if pipe and r["entry"] != "baseline" else "–"])
            if r["entry"] != "baseline":
                kind = "buffers" if " hands " in r["name"] or " copies " in r["name"] else "calls"
                figures[kind].append({"label": f"{r['entry']}: {r['name']}", "value": value,
                                      "ci": ci,
                                      "class": "floor" if r.get("floor") else "value"})
        charts = []
        if draw:
            import charts as draw_charts
            references = [(f"pipe {draw_charts.duration(float(f'{pipe:.3g}'))}", pipe)] \
                if pipe else []
            references += [(f"{label} {value:.3g} ns", value)
                           for label, value in lowest.values()]
            for kind, title in (("calls", "calls, attributes, objects, exceptions"),
                                ("buffers", "buffers handed over, shared or copied")):
                if figures[kind]:
                    charts.append(draw_charts.forest(
                        figures[kind], "time per crossing (log scale)",
                        f"Crossing cost: {title} (median, 95% CI; floors in grey)",
                        parity=False, unit="ns",
                        references=references if kind == "calls" else references[:1]))
        tables.append({"source": s.label, "rows": body, "charts": charts,
                       "floors": [f"{label}: {value:.3g} ns{elsewhere}" for label, value in
                                  lowest.values()],
                       "header": ["entry", "crossing", "median [95% CI]", "its floor",
                                  "this / floor", "pipe baseline / this"]})
    return tables


def bindings(sources, draw):
    """Per file and runtime: the one API's time per function against the hand-written
    floor (a ratio with its interval) and the runtime's other binding route."""
    tables = []
    for s in src.of(sources, "binding"):
        rows = {(r["runtime"], r["face"], r["fn"]): r for r in s.document.get("rows", [])}
        # Files whose series took their samples in rounds (interleaved) are compared per round.
        ratio = paired_ratio if s.document.get("settings", {}).get("interleaved") else unpaired_ratio
        body, figures = [], []
        for runtime, floor in (("node", "v8"), ("python", "fastcall")):
            other, other_name = OTHER[runtime]
            for fn in dict.fromkeys(k[2] for k in rows if k[0] == runtime):
                ours, base = rows.get((runtime, "twinhost", fn)), rows.get((runtime, floor, fn))
                if not ours or not base:
                    continue
                value, ci = ratio(ours["ns_per_call"], base["ns_per_call"])
                alt = rows.get((runtime, other, fn))
                alt_ratio = ratio(alt["ns_per_call"], ours["ns_per_call"]) if alt \
                    else (None, None)
                body.append([runtime, fn, ns(*median_of(ours)), ns(*median_of(base)),
                             fmt(value, ci),
                             fmt(*alt_ratio) + f" ({other_name})" if alt_ratio[0] else "–"])
                figures.append({"label": f"{runtime} {fn}", "value": value, "ci": ci})
        chart = None
        if figures and draw:
            import charts as draw_charts
            chart = draw_charts.forest(
                figures, "twinhost's time / the hand-written function's (log scale)",
                "Binding cost: the one API against the hand-written floor (target 1.2)",
                references=[("target 1.2", 1.2)])
        tables.append({"source": s.label, "rows": body, "chart": chart,
                       "header": ["runtime", "function", "twinhost", "hand-written",
                                  "twinhost / hand-written", "other route / twinhost"]})
    return tables


def peers(sources, draw):
    """The peers benchmark: each workload, twinhost's time and each peer's time over it."""
    tables = []
    for s in src.of(sources, "peers"):
        systems = s.document.get("settings", {}).get("systems", [])
        rows, best = [], []
        for w in s.document.get("table", []):
            entries = w.get("systems", {})
            base = entries.get("twinhost", {})
            cells = []
            for name in systems[1:]:
                e = entries.get(name)
                cells.append(fmt(e["ratio"], e.get("ratio_ci95")) if e and e.get("ratio")
                             else "–")
            rows.append([w.get("label", w.get("workload")),
                         f"{base['median_ns']:.3g} ns" if base.get("median_ns") else "–",
                         *cells])
            ratios = [(n, e) for n, e in entries.items() if n != "twinhost" and e.get("ratio")]
            if ratios:
                name, e = min(ratios, key=lambda x: x[1]["ratio"])
                best.append({"label": f"{w.get('workload')}: {name}", "value": e["ratio"],
                             "ci": e.get("ratio_ci95")})
        for f in best:
            f["class"] = classify(f["value"], f["ci"])
        chart = None
        if best and draw:
            import charts as draw_charts
            chart = draw_charts.forest(best, "the best peer's time / twinhost's (log scale)",
                                       "Interop: above 1, twinhost is faster than the best peer")
        tables.append({"source": s.label, "header": ["workload", "twinhost"] + [
            f"{n} / twinhost" for n in systems[1:]], "rows": rows, "chart": chart})
    return tables


def noisy(source, limit=0.05):
    """The warnings of a crossing or binding file: its series whose samples vary by more
    than `limit` (coefficient of variation), as the benchmarks flag them."""
    out = []
    for r in source.document.get("rows", []):
        v = r.get("ns_per_call") or []
        if len(v) > 1 and statistics.stdev(v) / statistics.mean(v) > limit:
            name = (f"{r['entry']} entry: {r['name']}" if "name" in r and r["entry"] != "baseline"
                    else r.get("name") or f"{r['runtime']} {r['face']} {r['fn']}")
            out.append(f"{name}: noisy, CoV {statistics.stdev(v) / statistics.mean(v):.0%} "
                       f"> {limit:.0%}")
    return out
