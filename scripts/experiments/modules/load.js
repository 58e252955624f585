// C2 in Node: loads one set of modules twice in this process and prints how long each
// load took: the first (nothing of it loaded yet) and the second (node's module cache).
//
//   load.js WHAT [DIR]     WHAT: builtins | framework | generated (DIR/generated.js)
'use strict';
const path = require('node:path');

const what = process.argv[2];
const targets = {
  builtins: ['node:http', 'node:querystring', 'node:url'],  // JSON itself is a global
  framework: ['express'],
  generated: [path.join(process.argv[3] || '.', 'generated.js')],
}[what];
if (!targets) throw new Error(`load.js: unknown set ${what}`);

function load() {
  const t0 = process.hrtime.bigint();
  const modules = targets.map((t) => require(t));
  return [Number(process.hrtime.bigint() - t0) / 1e9, modules];
}

const [first, modules] = load();
const [second] = load();
// Each set's own check: the module is what it should be, and works.
const check = {
  builtins: () => typeof modules[0].createServer === 'function' && modules[1].stringify({ a: 1 }) === 'a=1',
  framework: () => typeof modules[0]().get === 'function',
  generated: () => modules[0].f1999(2) === modules[0].expected(1999, 2),
}[what];
if (!check()) throw new Error(`load.js: ${what} did not load right`);
console.log(JSON.stringify({ first_s: first, second_s: second }));
