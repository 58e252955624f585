"""Identity and lifetime of JSProxy objects (run with TWINHOST_NODE_FLAGS=--expose-gc).
Prints one line per check."""
import gc
import threading

from twinhost import js

js.exec("""
globalThis.refs = [];
globalThis.make = () => { const o = { n: refs.length, f() { return this.n } }; refs.push(new WeakRef(o)); return o };
globalThis.same = (x) => x;
globalThis.shared = { f() {} };
""")
make, same = js.eval("make"), js.eval("same")

# One JS object, one proxy, while the proxy lives.
p = make()
print("same proxy", same(p) is p, js.eval("shared") is js.eval("shared"), p.f is p.f)

# The cache does not keep the JS object alive: once Python drops the proxy, V8 collects it.
del p
gc.collect()
js.exec("gc()")
js.exec("gc()")
print("collected", js.eval("refs[0].deref() === undefined"))

# Many short-lived proxies: each new JS object gets its own proxy; none outlives its use.
ids = set()
for i in range(20000):
    q = make()
    ids.add(q.n)
del q
gc.collect()
js.exec("gc(); gc()")
print("many", len(ids), js.eval("refs.filter((r) => r.deref() !== undefined).length") <= 1)

# Threads crossing the same JS object at once get the same proxy.
s = js.eval("shared")
results = []


def cross():
    results.append(all(js.eval("shared") is s for _ in range(300)))


threads = [threading.Thread(target=cross) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("threads", results == [True] * 4)
