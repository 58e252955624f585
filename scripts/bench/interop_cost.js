'use strict';
// The JS-entry half of the interop cost table (run by interop_cost.py under twinhost):
// ns per crossing, measured in loops, several samples each. Prints one JSON document.
const { python: py, PythonError, SharedBuffer, now_ns } = require('twinhost');

const samples = Number(process.argv[2] || 11);
const calls = Number(process.argv[3] || 200000);
const warmUpMs = Number(process.argv[4] || 500);
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
floats = [i + 0.5 for i in range(1000)]
def get_floats():
    return floats
`);
// How many handovers a sample makes: interop_cost.py's rule, for both halves.
py.exec(`import sys; sys.path.insert(0, ${JSON.stringify(__dirname)})`);
const handovers = py.eval('__import__("interop_cost").handovers');

// Warm-up: at least warmUpMs (0.5 s unless told) of the series' own work, so that V8 has
// optimised what it runs (twinhost's list helper ran interpreted for its first ~4,000 lists
// of 1,000: 45-65 ns an element, 16-22 after), and at least one sample's worth.
const WARM_UP_NS = BigInt(warmUpMs) * 1_000_000n;
// Several series at once, their samples alternated: a crossing and its floor see the same
// moments of this VM, whose speed moves over minutes, so their ratio is taken in one window.
function interleaved(named, n = calls) {
  const warmStart = now_ns();
  do for (const [, body] of named) body(n); while (now_ns() - warmStart < WARM_UP_NS);
  const ns = named.map(() => []);
  for (let s = 0; s < samples; s++) {
    named.forEach(([, body], k) => {
      const start = now_ns();
      body(n);
      ns[k].push(Number(now_ns() - start) / n);
    });
  }
  return named.map(([name], k) => ({ name, ns_per_call: ns[k] }));
}
const series = (name, body, n = calls) => interleaved([[name, body]], n)[0];

const noop = py.eval('noop');
const length = py.eval('length');
const fail = py.eval('fail');
const point = py.eval('point');
const callJs = py.eval('call_js');
const jsNoop = () => undefined;
const results = [
  series('JS -> Python no-op call', (n) => { for (let i = 0; i < n; i++) noop(); }),
  series('Python -> JS no-op callback', (n) => callJs(jsNoop, n)),
];
// A Python exception caught in JS, and its floor (`floor: true`; a crossing names its
// floor): a JS Error subclass thrown and caught in JS alone, as a PythonError is thrown.
class FloorError extends Error {
  constructor(type, message) { super(`${type}: ${message}`); this.name = 'FloorError'; this.pythonType = type; }
}
const jsFail = () => { throw new FloorError('ValueError', 'x'); };
// (Each runs a tenth of the calls: scaled back to per crossing.)
const [crossing, floor] = interleaved([
  ['Python exception into JS', (n) => {
    for (let i = 0; i < n / 10; i++) {
      try { fail(); } catch (e) { if (!(e instanceof PythonError)) throw e; }
    }
  }],
  ['JS throws and catches an Error subclass', (n) => {
    for (let i = 0; i < n / 10; i++) {
      try { jsFail(); } catch (e) { if (!(e instanceof FloorError)) throw e; }
    }
  }]]);
for (const s of [crossing, floor]) s.ns_per_call = s.ns_per_call.map((v) => v * 10);
Object.assign(crossing, { floor_name: floor.name });
Object.assign(floor, { floor: true });
results.push(crossing, floor,
  series('JS reads a Python attribute', (n) => { let s = 0; for (let i = 0; i < n; i++) s += point.x; }));
// A Python object crossing: the same one (its proxy found in the identity cache) or a new
// one each time (a proxy made, later collected).
const samePoint = py.eval('same_point');
const newPoint = py.eval('new_point');
results.push(series('JS gets the same Python object (cached proxy)', (n) => { for (let i = 0; i < n; i++) samePoint(); }));
results.push(series('JS gets a new Python object (new proxy)', (n) => { for (let i = 0; i < n; i++) newPoint(); }));
// Lists of 1,000 floats, each way: ns per element.
const floats = Array.from({ length: 1000 }, (_, i) => i + 0.5);
const getFloats = py.eval('get_floats');
const lists = Math.max(2, Math.floor(calls / 1000));
for (const [name, body] of [['JS -> Python list of 1,000 floats, per element', () => length(floats)],
                            ['Python -> JS list of 1,000 floats, per element', () => getFloats()]]) {
  const s = series(name, (m) => { for (let i = 0; i < m; i++) body(); }, lists);
  s.ns_per_call = s.ns_per_call.map((v) => v / 1000);
  results.push(s);
}
// Handing a buffer over: shared (O(1)) or copied (every crossing copies; fewer of them).
for (const [size, label] of [[1 << 10, '1 KiB'], [1 << 20, '1 MiB'], [1 << 28, '256 MiB']]) {
  for (const [kind, buffer] of [['SharedBuffer', new SharedBuffer(size)], ['Buffer, copied', Buffer.alloc(size)]]) {
    const n = handovers(kind, size, calls);
    results.push(series(`JS -> Python hands ${label} (${kind})`, (m) => { for (let i = 0; i < m; i++) length(buffer); }, n));
  }
  // Floors of a copy into JS (Python -> JS hands bytes, in the Python-entry half): a new
  // Buffer of the same bytes (what any fresh copy costs in Node, its memory counted by V8's
  // collector), and a copy into one reused buffer (memcpy). The copy into Python has its
  // floor in the Python half: new bytes.
  const source = Buffer.alloc(size, 1);
  const target = Buffer.allocUnsafe(size);
  const n = handovers('copy', size, calls);
  const fresh = series(`JS copies ${label} into a new Buffer`, (m) => { for (let i = 0; i < m; i++) Buffer.from(source); }, n);
  const reused = series(`JS copies ${label} into a reused Buffer (memcpy)`, (m) => { for (let i = 0; i < m; i++) source.copy(target); }, n);
  fresh.floor = reused.floor = true;
  results[results.length - 1].floor_name = `Python copies ${label} into new bytes`;
  results.push(fresh, reused);
}
console.log(JSON.stringify({ entry: 'node', results }));
