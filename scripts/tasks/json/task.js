'use strict';
// JSON: parse and re-serialise a generated document of n records (about 120 bytes each).
const { lcg } = require('../_lcg/lcg.js');
const documents = new Map();  // generated once per size; samples time parse + serialise

function generate(n) {
  const next = lcg(7);
  const records = [];
  for (let i = 0; i < n; i++) {
    records.push({
      id: i,
      name: `user-${next() % 100000}`,
      tags: [`t${next() % 50}`, `t${next() % 50}`],
      score: (next() % 10000) + 0.25,
      active: (next() & 1) === 1,
      address: { city: `city-${next() % 300}`, zip: String(next() % 100000).padStart(5, '0') },
    });
  }
  return JSON.stringify({ version: 1, records });
}

function run(n) {
  if (!documents.has(n)) documents.set(n, generate(n));
  const doc = JSON.parse(documents.get(n));
  let active = 0;
  for (const r of doc.records) if (r.active) active++;
  return `${JSON.stringify(doc).length}:${active}`;
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
