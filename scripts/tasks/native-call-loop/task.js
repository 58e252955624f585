'use strict';
// A loop of n calls into the native API (twinhost.add): the per-call binding cost inside
// real code. Standalone under stock node the same loop calls a JS function.
let add;
try {
  add = require('twinhost').add;
} catch {
  add = (a, b) => a + b;
}

function run(n) {
  let total = 0;
  for (let i = 0; i < n; i++) total = add(total, i & 1023);
  return total;
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
