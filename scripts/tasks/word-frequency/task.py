"""Word frequency: split a generated text of n words and count them in a hash map."""
import json
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lcg"))
from lcg import lcg  # noqa: E402

_texts = {}
SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "vo", "ri", "po", "ze"]


def generate(n):
    next_value = lcg(11)
    words = []
    for _ in range(n):
        r = next_value() >> 10
        words.append(SYLLABLES[r % 10] + SYLLABLES[(r >> 4) % 10] + (SYLLABLES[(r >> 8) % 10] if r % 7 == 0 else ""))
    return " ".join(words)


def run(n):
    if n not in _texts:
        _texts[n] = generate(n)
    counts = Counter(_texts[n].split(" "))
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:5]
    return f"{len(counts)}:" + ",".join(f"{w}={c}" for w, c in top)


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
