'use strict';
// The JS half of the binding-cost table (run by binding_cost.py through the twinhost
// binary): ns per call of noop/add/echo/sha256 through the twinhost face, a hand-written
// V8 FunctionCallback and N-API. Prints one JSON document.
const path = require('path');
const twinhost = require('twinhost');

const [baselines, rssCalls, minSampleMs, samples] = [process.argv[2], Number(process.argv[3]),
  Number(process.argv[4]), Number(process.argv[5])];
const faces = {
  twinhost,
  v8: require(path.join(baselines, 'v8_baseline.node')),
  napi: require(path.join(baselines, 'napi_baseline.node')),
};
const kib = new Uint8Array(1024).fill(7);
const calls = { noop: [], add: [1, 2], echo: ['twinhost echo'], sha256: [kib] };

// One loop shape for every path: a local function called with fixed arguments.
function makeLoop(arity) {
  const names = Array.from({ length: arity }, (_, k) => 'a' + k);
  return new Function('f', ...names, 'n', `for (let i = 0; i < n; i++) f(${names.join(', ')});`);
}

function prepare(fn, args) {
  const loop = makeLoop(args.length);
  const run = (n) => {
    const start = twinhost.now_ns();
    loop(fn, ...args, n);
    return Number(twinhost.now_ns() - start);
  };
  let n = 1000;
  while (run(n) < minSampleMs * 1e6) n *= 2;  // calibrate: a sample lasts >= minSampleMs
  run(n);  // warm-up at the calibrated size
  return { run, n };
}

// Sample k of every series in round k, the order rotated each round, as binding_cost.py
// does (it says why).
const series = [];
for (const [face, module] of Object.entries(faces)) {
  for (const [fn, args] of Object.entries(calls)) series.push({ face, fn, ...prepare(module[fn], args) });
}
const times = series.map(() => []);
for (let k = 0; k < samples; k++) {
  for (let j = 0; j < series.length; j++) {
    const i = (j + k) % series.length;
    times[i].push(series[i].run(series[i].n) / series[i].n);
  }
}
const results = series.map(({ face, fn, n }, i) =>
  ({ runtime: 'node', face, fn, calls_per_sample: n, ns_per_call: times[i] }));

// Memory: many echo round trips of strings and bytes must leave RSS flat.
const bytes = new Uint8Array(64).fill(1);
const rssBefore = process.memoryUsage().rss;
for (let i = 0; i < rssCalls / 2; i++) {
  twinhost.echo('a short string ' + (i & 1023));
  twinhost.echo(bytes);
}
const rssAfter = process.memoryUsage().rss;
console.log(JSON.stringify({ results, rss: { calls: rssCalls, before: rssBefore, after: rssAfter } }));
