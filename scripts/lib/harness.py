"""What the Python-driven benchmarks and experiments share with `twinhost bench`: the
round as the statistical unit (a value per round, a geometric mean over rounds with a
Student-t interval on the logs, ratios paired by round), the decision-grade rule, the
machine's description and its load from /proc, and the table printer.
"""
import datetime
import math
import os
import platform
import statistics
import subprocess
import sys

# 97.5% quantiles of Student's t for 1..30 degrees of freedom (then the normal's 1.96).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
DECISION_GRADE = 0.05  # a 95% interval within +-5% of the value, as `twinhost bench`


_transient = False  # a status line is on the terminal, to be overwritten


def progress(message, transient=False):
    """A line on stderr. On a terminal, a transient one (where a run is) is overwritten by
    the next line; in a log every line stays."""
    global _transient
    if not sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)
        return
    clear = "\r\033[K" if _transient else ""
    print(clear + message, end="" if transient else "\n", file=sys.stderr, flush=True)
    _transient = transient


def fibonacci(n):
    """The n-th Fibonacci number, iteratively: the reference the experiments check the
    recursive fib of their programs against."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def t975(n):
    """Student's t 97.5% quantile for the mean of n values."""
    return T975[n - 2] if n - 1 <= len(T975) else 1.96


def estimate(values):
    """(geometric mean, (low, high) or None) of positive per-round values: t on the logs."""
    values = [v for v in values if v is not None]
    if not values:
        return None, None
    if min(values) <= 0:  # a count or a zero time: arithmetic, no log scale
        center = statistics.fmean(values)
        if len(values) < 2:
            return center, None
        half = t975(len(values)) * statistics.stdev(values) / math.sqrt(len(values))
        return center, (center - half, center + half)
    logs = [math.log(v) for v in values]
    center = statistics.fmean(logs)
    if len(logs) < 2:
        return math.exp(center), None
    half = t975(len(logs)) * statistics.stdev(logs) / math.sqrt(len(logs))
    return math.exp(center), (math.exp(center - half), math.exp(center + half))


def ratio_interval(ratios):
    """Geometric mean of per-round ratios and its 95% interval."""
    return estimate(ratios)


def paired_ratio(a, b):
    """a/b paired by round (rounds where both have a positive value)."""
    pairs = [(x, y) for x, y in zip(a, b) if x and y and x > 0 and y > 0]
    return ratio_interval([x / y for x, y in pairs]) if pairs else (None, None)


def unpaired_ratio(a, b):
    """a/b of two independent series' geometric means, with a 95% interval (Welch on the
    logs, the smaller series' degrees of freedom: conservative); None where either has
    fewer than two positive values."""
    logs = [[math.log(v) for v in s if v and v > 0] for s in (a, b)]
    if not logs[0] or not logs[1]:
        return None, None
    value = math.exp(statistics.fmean(logs[0]) - statistics.fmean(logs[1]))
    if min(len(x) for x in logs) < 2:
        return value, None
    half = t975(min(len(x) for x in logs)) * math.sqrt(
        sum(statistics.variance(x) / len(x) for x in logs))
    return value, (value * math.exp(-half), value * math.exp(half))


def decision_grade(value, ci):
    return bool(ci) and ci[0] >= value * (1 - DECISION_GRADE) and ci[1] <= value * (
        1 + DECISION_GRADE)


def cpu_times():
    """(busy, steal, total) jiffies of all CPUs from /proc/stat, or None."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return user + nice + system + irq + softirq, steal, sum(fields[:8])


def share(before, after, index):
    """The fraction of CPU time between two cpu_times() spent in field `index`."""
    if not before or not after or after[2] <= before[2]:
        return None
    return (after[index] - before[index]) / (after[2] - before[2])


def pinned(core):
    """A preexec_fn that keeps a child (and what it starts) on `core`, or None.

    Why runs are pinned at all: on the 2-core VM the project is measured on, one vCPU at a
    time ran call-heavy code 1.3-1.7x slower (a Python-entry call: 810 ns in every process
    on one core, 1,000-1,360 on the other; minutes later the other way round), so a
    measurement depended on where its process landed. In-process measurements run once on
    each core and keep the faster core's result (`cores_each`)."""
    return None if core is None else (lambda: os.sched_setaffinity(0, {core}))


def cores_each(one_core_run=False):
    """The cores to run an in-process measurement on, each once; [None] (no pinning) on a
    one-core machine or when asked for one unpinned run."""
    cores = sorted(os.sched_getaffinity(0))
    return [None] if one_core_run or len(cores) < 2 else cores


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def machine(node="/usr/bin/node", python="/usr/bin/python3"):
    def version(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        memory = None
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "memory_bytes": memory,
            "platform": platform.platform(), "node": version([node, "--version"]),
            "python": version([python, "-c", "import platform; print(platform.python_version())"])}


def with_interval(value, ci, show=lambda v: f"{v:.3g}", dash="-"):
    """'value [low-high]': a figure and its 95% interval, each number written by `show`."""
    return show(value) + (f" [{show(ci[0])}{dash}{show(ci[1])}]" if ci else "")


def entry_cell(entry, show=lambda v: f"{v:.3g}"):
    """A result entry ({'value', 'ci95'}) as a table cell; '-' where there is none."""
    return with_interval(entry["value"], entry.get("ci95"), show) if entry else "-"


def median_interval(values):
    """(median, (low, high)) of independent samples: the distribution-free 95% interval of
    the median between two order statistics (binomial), None below 6 samples, where no
    pair of them covers 95%."""
    ordered = sorted(values)
    n = len(ordered)
    median = statistics.median(ordered)
    best = None
    for k in range(n // 2, -1, -1):  # the narrowest symmetric pair covering >= 95%
        coverage = 1 - 2 * sum(math.comb(n, i) for i in range(k)) / 2 ** n
        if coverage >= 0.95 and k >= 1:
            best = k
            break
    return median, (ordered[best - 1], ordered[n - best]) if best else None


def git_commit():
    """The commit of the checkout these scripts run from, or None."""
    try:
        done = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)),
                               "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def result_head(schema, **fields):
    """The head of a result file: its schema, date (UTC), machine and commit."""
    return {"schema": schema,
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "machine": machine(), "git_commit": git_commit(), **fields}


def human(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def print_table(header, rows, markdown):
    """Rows of cells under a header: aligned text, or a markdown table."""
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for cells in rows:
            print("| " + " | ".join(str(c) for c in cells) + " |")
        return
    widths = [max(len(str(c[i])) for c in rows + [header]) for i in range(len(header))]
    for cells in [header] + rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip())
