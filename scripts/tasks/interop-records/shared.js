'use strict';
// Python writes the records into memory JS shares (a SharedBuffer, no copy); JS reads
// them in place as float64 pairs.
const { SharedBuffer } = require('twinhost');
const records = require('./records.js');

const buffers = new Map();

function run(n) {
  if (!buffers.has(n)) buffers.set(n, new SharedBuffer(16 * n));
  const buffer = buffers.get(n);
  records.into(buffer, n);
  const view = new Float64Array(buffer.buffer, buffer.byteOffset, 2 * n);
  let total = 0;
  for (let i = 0; i < 2 * n; i += 2) total = (total + view[i] * view[i + 1]) % 1000000007;
  return total;
}

module.exports = { run };
