'use strict';
// Naive recursive Fibonacci: the cost of calls and small-integer arithmetic.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function run(size) {
  return fib(size);
}

module.exports = { run };

if (require.main === module) {
  const size = Number(process.argv[2] || require('./task.json').sizes.quick);
  console.log(run(size));
}
