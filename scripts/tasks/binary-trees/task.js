'use strict';
// Binary trees: allocate, walk and drop many short-lived trees (allocation and GC).
function make(depth) {
  return depth === 0 ? { left: null, right: null } : { left: make(depth - 1), right: make(depth - 1) };
}

function check(node) {
  return node.left === null ? 1 : 1 + check(node.left) + check(node.right);
}

function run(maxDepth) {
  const minDepth = 4;
  let total = check(make(maxDepth + 1));
  const longLived = make(maxDepth);
  for (let depth = minDepth; depth <= maxDepth; depth += 2) {
    const iterations = 1 << (maxDepth - depth + minDepth);
    for (let i = 0; i < iterations; i++) total += check(make(depth));
  }
  return total + check(longLived);
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
