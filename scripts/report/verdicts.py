"""The verdict rules, written once: the page prints RULES and every claim is decided by
verdict(). A figure is a ratio oriented so that above 1 is the direction the article
claims, with its 95% interval (an exact count is its own interval)."""

EQUIVALENT = 1.10  # within +-10% of parity counts as equal

RULES = [
    "Each claim is tested by figures: ratios oriented so that above 1 is the direction the "
    "article claims (for \"Node is faster\": Python's time / Node's time), each with its 95% "
    "confidence interval. An exact count (lines of code) is its own interval.",
    "A figure is **for** the claim when its whole interval lies above 1, **against** it when "
    "its whole interval lies below 1, **equal** when its interval lies within ±10% of parity "
    "(1/1.1 to 1.1), and **unsettled** when its interval includes 1 but is wider than that "
    "(or it has no interval: one round).",
    "**supported**: every figure is for the claim.",
    "**refuted**: no figure is for the claim and none is unsettled: each is against it or "
    "equal.",
    "**depends (on …)**: some figures are for the claim and others against it or equal; the "
    "verdict names which.",
    "**depends (on more measurement)**: some figures are unsettled and the others do not "
    "decide the claim; the verdict says how many.",
    "**not measured**: no result file given holds the claim's figures; the page names the "
    "command that measures them. Figures are never guessed, carried over or averaged "
    "across machines.",
]


def classify(value, ci, exact=False):
    """'for', 'against', 'equal' or 'unsettled' for one figure."""
    low, high = (value, value) if exact else (ci if ci else (None, None))
    if low is None or high is None:
        return "unsettled"
    if low > 1:
        return "for"
    if high < 1:
        return "against"
    if low >= 1 / EQUIVALENT and high <= EQUIVALENT:
        return "equal"
    return "unsettled"


def names(figures, limit=4):
    labels = [f["label"] for f in figures]
    return ", ".join(labels[:limit]) + (f" and {len(labels) - limit} more"
                                        if len(labels) > limit else "")


def verdict(figures):
    """{'verdict': ..., 'why': ...} for a claim's figures (each a dict with label, value,
    ci and optionally exact), with each figure's class added to it."""
    if not figures:
        return {"verdict": "not measured", "why": "no result file holds its figures"}
    for f in figures:
        f["class"] = classify(f["value"], f.get("ci"), f.get("exact", False))
    by = {c: [f for f in figures if f["class"] == c]
          for c in ("for", "against", "equal", "unsettled")}
    if len(by["for"]) == len(figures):
        return {"verdict": "supported", "why": f"all {len(figures)} figures are for it"}
    if not by["for"] and not by["unsettled"]:
        return {"verdict": "refuted",
                "why": f"{len(by['against'])} figure(s) against it, {len(by['equal'])} equal"}
    if by["for"] and (by["against"] or by["equal"]):
        return {"verdict": "depends",
                "why": f"for it: {names(by['for'])}; not: {names(by['against'] + by['equal'])}"
                       + (f"; unsettled: {names(by['unsettled'])}" if by["unsettled"] else "")}
    return {"verdict": "depends",
            "why": f"on more measurement: {len(by['unsettled'])} of {len(figures)} intervals "
                   "include parity and are wider than ±10%"}
