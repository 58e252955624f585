'use strict';
// Python builds the records and returns them: they arrive as JS objects (copied).
const records = require('./records.js');

function run(n) {
  let total = 0;
  for (const { id, value } of records.as_dicts(n)) total = (total + id * value) % 1000000007;
  return total;
}

module.exports = { run };
