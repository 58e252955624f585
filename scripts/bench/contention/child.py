"""One twinhost process of the contention benchmark (run by run.py as
`twinhost child.py [--thread none|idle|busy] [--calls N] [--samples S]`): ns per crossing
of a call from Python into JS and, inside one, of JS calling Python and Python calling JS, while
another Python thread of this process is absent, alive but blocked, or running Python.
Prints one JSON line."""
import json
import sys
import threading
import time

from twinhost import js, now_ns


def option(name, default):
    return type(default)(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


thread_kind = option("--thread", "none")
calls = option("--calls", 100000)
samples = option("--samples", 7)

stop = threading.Event()
if thread_kind == "idle":
    other = threading.Thread(target=stop.wait, daemon=True)
elif thread_kind == "busy":
    def spin():
        n = 0
        while not stop.is_set():
            n += 1
    other = threading.Thread(target=spin, daemon=True)
else:
    other = None
if other:
    other.start()
    time.sleep(0.05)

js.exec("globalThis.noop = (a, b) => undefined;"
        "globalThis.timeCalls = (f, n) => { const t = process.hrtime.bigint();"
        "  for (let i = 0; i < n; i++) f(1, 2); return Number(process.hrtime.bigint() - t) / n; };"
        "globalThis.timeCallback = (g, n) => { const t = process.hrtime.bigint(); g(n);"
        "  return Number(process.hrtime.bigint() - t) / n; };")
js_noop = js.eval("noop")
time_calls, time_callback = js.eval("timeCalls"), js.eval("timeCallback")


def py_noop(a, b):
    return None


def py_calls_js(n):  # Python calls the JS no-op n times (the callback of the JS entry)
    for _ in range(n):
        js_noop(1, 2)


def python_entry(n):
    start = now_ns()
    for _ in range(n):
        js_noop(1, 2)
    return (now_ns() - start) / n


# The last two run inside a call from Python into JS (the JS loop times itself): nested
# crossings, where the isolate is already held by this thread.
series = {"Python -> JS call": python_entry,
          "JS -> Python call, nested": lambda n: time_calls(py_noop, n),
          "Python -> JS call, nested": lambda n: time_callback(py_calls_js, n)}
results = {}
for name, measure in series.items():
    measure(1000)
    values = sorted(measure(calls) for _ in range(samples))
    results[name] = values[len(values) // 2]
stop.set()
print(json.dumps({"thread": thread_kind, "ns_per_call": results}))
