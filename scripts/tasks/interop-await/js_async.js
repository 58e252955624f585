'use strict';
// n concurrent JS async functions, each yielding to the loop once, then computing.
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function work(i) {
  await tick();
  return (i * i) % 1000003;
}

async function run(n) {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => work(i)));
  return results.reduce((total, x) => (total + x) % 1000000007, 0);
}

module.exports = { run };
