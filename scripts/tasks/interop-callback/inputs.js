'use strict';
// The numbers every variant sums over, from the shared LCG (20-bit values).
const { lcg } = require('../_lcg/lcg.js');
const inputs = new Map();

function numbers(n) {
  if (!inputs.has(n)) {
    const next = lcg(11);
    inputs.set(n, Array.from({ length: n }, () => next() >>> 12));
  }
  return inputs.get(n);
}

module.exports = { numbers };
