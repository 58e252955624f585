'use strict';
// Sorting n records by (key, name) with a comparator, then a positional checksum.
const { lcg } = require('../_lcg/lcg.js');
const inputs = new Map();

function generate(n) {
  const next = lcg(3);
  const records = [];
  for (let i = 0; i < n; i++) records.push({ key: (next() >>> 8) % 1000, name: `n${next() >>> 12}` });
  return records;
}

function run(n) {
  if (!inputs.has(n)) inputs.set(n, generate(n));
  const sorted = inputs.get(n).slice().sort((a, b) =>
    a.key - b.key || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let checksum = 0;
  for (let i = 0; i < sorted.length; i++) {
    checksum = (checksum * 31 + sorted[i].key * (i % 97) + sorted[i].name.length) % 1000000007;
  }
  return checksum;
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
