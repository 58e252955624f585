"""Regular expressions over n generated log lines: match, capture, aggregate."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "_lcg"))
from lcg import lcg  # noqa: E402

_logs = {}
LEVELS = ["INFO", "WARN", "ERROR", "DEBUG"]
LINE = re.compile(r"^(\d{4})-(\d\d)-(\d\d) (\d\d):\d\d:\d\d (ERROR|WARN) \[(svc-\d+)\] .* id=(\d+) ms=(\d+)$",
                  re.MULTILINE)


def generate(n):
    next_value = lcg(99)

    lines = []
    for _ in range(n):
        h, m = f"{next_value() % 24:02d}", f"{next_value() % 60:02d}"
        day = f"{next_value() % 28 + 1:02d}"
        level = LEVELS[next_value() % 4]
        lines.append(f"2024-03-{day} {h}:{m}:00 {level} [svc-{next_value() % 12}] request done "
                     f"id={next_value() % 1000000} ms={next_value() % 5000}")
    return "\n".join(lines)


def run(n):
    if n not in _logs:
        _logs[n] = generate(n)
    matches = id_sum = slow = 0
    for m in LINE.finditer(_logs[n]):
        matches += 1
        if m.group(5) == "ERROR":
            id_sum = (id_sum + int(m.group(7))) % 1000000007
        if int(m.group(8)) > 4000:
            slow += 1
    return f"{matches}:{id_sum}:{slow}"


if __name__ == "__main__":
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "task.json")) as f:
        quick = json.load(f)["sizes"]["quick"]
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else quick))
