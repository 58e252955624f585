'use strict';
// The JS loop calls a Python function for every element: one crossing per number.
const { python } = require('twinhost');
const { numbers } = require('./inputs.js');

const square = python.eval('lambda x: x * x % 1000003');

function run(n) {
  let total = 0;
  for (const x of numbers(n)) total = (total + square(x)) % 1000000007;
  return total;
}

module.exports = { run };
