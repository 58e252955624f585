"""C4's timers in Python: N timers due over one second, starting one second after the
first is set (timer i at 1 + i/N s: all pending at once), on asyncio's default loop or on
uvloop, each recording how late it fired. Prints one JSON line.

    timers.py N asyncio|uvloop
"""
import asyncio
import json
import sys
import time


def rss():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))


async def main(n):
    loop = asyncio.get_running_loop()
    late = [0.0] * n
    finished = loop.create_future()
    fired = 0

    def fire(i, due):
        nonlocal fired
        late[i] = time.monotonic() - due
        fired += 1
        if fired == n:
            finished.set_result(None)

    before = rss()
    t0 = time.monotonic()
    for i in range(n):
        due = t0 + 1 + i / n  # absolute: setting N timers takes time too
        loop.call_later(due - time.monotonic(), fire, i, due)
    schedule = time.monotonic() - t0
    held = rss() - before
    await finished
    total = time.monotonic() - t0
    late.sort()
    q = lambda p: late[min(n - 1, int(p * n))]  # noqa: E731
    print(json.dumps({"timers": fired, "schedule_s": schedule, "total_s": total,
                      "bytes_per_timer": held / n, "late_p50": q(0.5), "late_p99": q(0.99),
                      "late_max": late[-1]}))


if __name__ == "__main__":
    count, model = int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "asyncio"
    if model == "uvloop":
        import uvloop
        uvloop.install()
    elif model != "asyncio":
        raise SystemExit(f"timers.py: unknown model {model}")
    asyncio.run(main(count))
