"""The report's charts, drawn by matplotlib (Debian's python3-matplotlib) as SVG inlined into
the page: a forest plot of ratios with their intervals on a log scale, parity and the ±10%
band marked, colours from the Okabe-Ito palette (distinguishable with colour-blindness) and
each class also told by its marker's shape."""
import io
import math

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

from verdicts import EQUIVALENT  # noqa: E402

plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "font.family": "sans-serif"})
STYLE = {"for": ("#0072B2", "o"), "against": ("#D55E00", "s"), "equal": ("#009E73", "D"),
         "unsettled": ("#999999", "^"), "value": ("#0072B2", "o"), "floor": ("#888888", "|"),
         None: ("#555555", "o")}


def plain_log_axis(axis, low=1, high=10, unit=None):
    """Ticks at 1, 2 and 5 times the powers of ten (only the powers over more than three
    decades), written as plain numbers (0.5, 2, 100) or, for unit "ns", as times."""
    subs = (1, 2, 5) if high / low <= 1e3 else (1,)
    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(FuncFormatter(
        (lambda v, _: duration(v)) if unit == "ns" else (lambda v, _: f"{v:g}")))
    axis.set_minor_formatter(NullFormatter())


def duration(ns):
    """A time in ns written in the unit that suits it: 5 ns, 20 µs, 1.5 ms."""
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:g} {unit}"
    return f"{ns:g} ns"


def svg(fig):
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = out.getvalue()
    return text[text.index("<svg"):]  # no XML prologue inside HTML


def forest(figures, xlabel, title, parity=True, references=(), unit=None):
    """One row per figure: its value and interval on a log axis; parity at 1 with the ±10%
    band (ratios), and dashed lines at `references` ((label, x) pairs); unit "ns" writes
    the axis as times."""
    height = 0.9 + 0.28 * len(figures)
    fig, ax = plt.subplots(figsize=(6.4, height))
    values = [f["value"] for f in figures]
    lows = [(f["ci"] or [f["value"]] * 2)[0] for f in figures]
    highs = [(f["ci"] or [f["value"]] * 2)[1] for f in figures]
    for i, f in enumerate(figures):
        colour, marker = STYLE.get(f.get("class"), STYLE[None])
        y = len(figures) - 1 - i
        ax.plot([lows[i], highs[i]], [y, y], color=colour, linewidth=2)
        ax.plot([values[i]], [y], marker=marker, color=colour, markersize=6)
    ax.set_yticks(range(len(figures)))
    ax.set_yticklabels([f["label"] for f in reversed(figures)])
    ax.set_xscale("log")
    band = [1 / EQUIVALENT, EQUIVALENT] if parity else []
    span = [v for v in lows + highs + band + [x for _, x in references] if v and v > 0]
    low, high = min(span), max(span)
    plain_log_axis(ax.xaxis, low, high, unit)
    pad = (math.log(high) - math.log(low)) * 0.08 + 0.05
    ax.set_xlim(low * math.exp(-pad), high * math.exp(pad))
    if parity:
        ax.axvspan(1 / EQUIVALENT, EQUIVALENT, color="#E0E0E0", zorder=0)
        ax.axvline(1, color="#333333", linewidth=0.8)
    for k, (label, x) in enumerate(references):
        ax.axvline(x, color="#555555", linewidth=0.8, linestyle="--")
        ax.annotate(label, (x, len(figures) - 0.45 - 0.45 * k), fontsize=7, xytext=(3, 0),
                    textcoords="offset points", color="#333333")
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=9, loc="left")
    ax.grid(axis="x", which="both", color="#F0F0F0")
    ax.set_ylim(-0.7, len(figures) - 0.3 + 0.45 * max(0, len(references) - 1))
    return svg(fig)


def scatter(points, xlabel, ylabel, title):
    """C7: each task's lines ratio against its speed ratio (both log)."""
    fig, ax = plt.subplots(figsize=(6.4, 4))
    for label, x, y in points:
        ax.plot([x], [y], marker="o", color=STYLE["for"][0])
        ax.annotate(label, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xscale("log")
    ax.set_yscale("log")
    plain_log_axis(ax.xaxis)
    plain_log_axis(ax.yaxis)
    ax.axvline(1, color="#333333", linewidth=0.8)
    ax.axhline(1, color="#333333", linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9, loc="left")
    return svg(fig)
