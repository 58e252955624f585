'use strict';
// The JS-entry half of the interop cost table (run by interop_cost.py under twinhost):
// ns per crossing, measured in loops, several samples each. Prints one JSON document.
const { python: py, PythonError, SharedBuffer, now_ns } = require('twinhost');

const samples = Number(process.argv[2] || 11);
const calls = Number(process.argv[3] || 200000);
py.exec(`
def noop():
    return None
def fail():
    raise ValueError("x")
class Point:
    def __init__(self):
        self.x = 1
point = Point()
def call_js(f, n):
    for _ in range(n):
        f()
def length(b):
    return len(b)
def same_point():
    return point
def new_point():
    return Point()
`);

function series(name, body, n = calls) {
  body(Math.min(n, 1000));  // warm-up
  const ns = [];
  for (let s = 0; s < samples; s++) {
    const start = now_ns();
    body(n);
    ns.push(Number(now_ns() - start) / n);
  }
  return { name, ns_per_call: ns };
}

const noop = py.eval('noop');
const fail = py.eval('fail');
const point = py.eval('point');
const callJs = py.eval('call_js');
const jsNoop = () => undefined;
const results = [
  series('JS -> Python no-op call', (n) => { for (let i = 0; i < n; i++) noop(); }),
  series('Python -> JS no-op callback', (n) => callJs(jsNoop, n)),
  series('Python exception into JS', (n) => {
    for (let i = 0; i < n / 10; i++) {
      try { fail(); } catch (e) { if (!(e instanceof PythonError)) throw e; }
    }
  }),
  series('JS reads a Python attribute', (n) => { let s = 0; for (let i = 0; i < n; i++) s += point.x; }),
];
// A Python object crossing: the same one (its proxy found in the identity cache) or a new
// one each time (a proxy made, later collected).
const samePoint = py.eval('same_point');
const newPoint = py.eval('new_point');
results.push(series('JS gets the same Python object (cached proxy)', (n) => { for (let i = 0; i < n; i++) samePoint(); }));
results.push(series('JS gets a new Python object (new proxy)', (n) => { for (let i = 0; i < n; i++) newPoint(); }));
// The exception series runs a tenth of the calls: scale it back to per crossing.
results[2].ns_per_call = results[2].ns_per_call.map((v) => v * 10);
// Handing a buffer over: shared (O(1)) or copied (every crossing copies; fewer of them).
const length = py.eval('length');
for (const [size, label] of [[1 << 10, '1 KiB'], [1 << 20, '1 MiB'], [1 << 28, '256 MiB']]) {
  for (const [kind, buffer] of [['SharedBuffer', new SharedBuffer(size)], ['Buffer, copied', Buffer.alloc(size)]]) {
    const n = kind === 'SharedBuffer' ? calls : Math.max(2, Math.min(calls, Math.floor((64 << 20) / size)));
    results.push(series(`JS -> Python hands ${label} (${kind})`, (m) => { for (let i = 0; i < m; i++) length(buffer); }, n));
  }
}
console.log(JSON.stringify({ entry: 'node', results }));
