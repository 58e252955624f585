'use strict';
// No crossing: the loop and the function both in JS.
const { numbers } = require('./inputs.js');

const square = (x) => (x * x) % 1000003;

function run(n) {
  let total = 0;
  for (const x of numbers(n)) total = (total + square(x)) % 1000000007;
  return total;
}

module.exports = { run };
