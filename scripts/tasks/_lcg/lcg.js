'use strict';
// The deterministic input generator every task shares, identical to lcg.py: the 32-bit
// linear congruential generator of Numerical Recipes (a = 1664525, c = 1013904223).
function lcg(seed) {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
}

// n bytes: the high byte of each successive state.
function lcgBytes(n, seed) {
  const next = lcg(seed);
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = next() >>> 24;
  return data;
}

module.exports = { lcg, lcgBytes };
