'use strict';
// The JS-entry half of the interop cost table (run by interop_cost.py under twinhost):
// ns per crossing, measured in loops, several samples each. Prints one JSON document.
const { python: py, PythonError, now_ns } = require('twinhost');

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
`);

function series(name, body) {
  body(1000);  // warm-up
  const ns = [];
  for (let s = 0; s < samples; s++) {
    const start = now_ns();
    body(calls);
    ns.push(Number(now_ns() - start) / calls);
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
// The exception series runs a tenth of the calls: scale it back to per crossing.
results[2].ns_per_call = results[2].ns_per_call.map((v) => v * 10);
console.log(JSON.stringify({ entry: 'node', results }));
