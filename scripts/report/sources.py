"""The result files a report reads, each recognised by its schema: `twinhost bench`
(twinhost-bench/2), `twinhost experiment` (twinhost-experiment/1, one suite per experiment
it holds), the crossing-cost and binding-cost benchmarks (twinhost-crossing/1,
twinhost-binding/1) and the peers benchmark (twinhost-peers/1). A file that cannot be read,
or of a schema this report does not know, is a problem reported by name; the rest is still
read.
Files of the same suite are all kept, each labelled by its machine and date, never
averaged."""
import json
import os

SCHEMAS = {"twinhost-bench/2": "bench", "twinhost-experiment/1": "experiment",
           "twinhost-crossing/1": "crossing", "twinhost-binding/1": "binding",
           "twinhost-peers/1": "peers"}


class Source:
    """One suite of one result file: its document (or the experiment's part of it)."""

    def __init__(self, path, suite, document, part=None):
        self.path, self.suite, self.document = path, suite, document
        self.part = part if part is not None else document
        self.machine = document.get("machine") or {}
        self.date = document.get("date") or document.get("created") or ""
        self.label = os.path.basename(path)
        self.shared = False  # another file holds the same suite

    def describe(self):
        m = self.machine
        return (f"{self.label}: {m.get('cpu', '?')}, {m.get('cores', '?')} cores"
                + (f", {self.date}" if self.date else ""))


def load(paths):
    """(sources, problems): every suite of every readable file, and a message per file
    that could not be used."""
    sources, problems = [], []
    for path in paths:
        try:
            with open(path) as f:
                document = json.load(f)
        except OSError as e:
            problems.append(f"{path}: cannot read it ({e.strerror})")
            continue
        except ValueError as e:
            problems.append(f"{path}: not JSON, or cut short ({e})")
            continue
        schema = document.get("schema") if isinstance(document, dict) else None
        kind = SCHEMAS.get(schema)
        if kind is None:
            problems.append(f"{path}: schema {schema!r} is not one this report reads "
                            f"({', '.join(SCHEMAS)})")
            continue
        if kind == "experiment":
            for name, part in (document.get("experiments") or {}).items():
                sources.append(Source(path, f"experiment:{name}", document, part))
        else:
            sources.append(Source(path, kind, document))
    by_suite = {}
    for s in sources:
        by_suite.setdefault(s.suite, []).append(s)
    for same in by_suite.values():  # two runs of one suite: say which is which
        if len(same) > 1:
            for s in same:
                s.label, s.shared = s.describe(), True
    return sources, problems


def of(sources, suite):
    return [s for s in sources if s.suite == suite]
