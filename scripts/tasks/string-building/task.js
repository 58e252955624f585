'use strict';
// String building: n pieces derived from a 32-bit LCG, concatenated and scanned.
function run(n) {
  let state = 42;
  let text = '';
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    text += 'item' + (state % 1000) + (state & 1 ? 'ab' : 'ba') + ',';
  }
  return `${text.length}:${text.split('ab').length - 1}`;
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
