'use strict';
// Regular expressions over n generated log lines: match, capture, aggregate.
const { lcg } = require('../_lcg/lcg.js');
const logs = new Map();
const LEVELS = ['INFO', 'WARN', 'ERROR', 'DEBUG'];

function generate(n) {
  const next = lcg(99);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const h = String(next() % 24).padStart(2, '0'), m = String(next() % 60).padStart(2, '0');
    lines.push(`2024-03-${String((next() % 28) + 1).padStart(2, '0')} ${h}:${m}:00 ` +
      `${LEVELS[next() % 4]} [svc-${next() % 12}] request done id=${next() % 1000000} ms=${next() % 5000}`);
  }
  return lines.join('\n');
}

const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):\d\d:\d\d (ERROR|WARN) \[(svc-\d+)\] .* id=(\d+) ms=(\d+)$/gm;

function run(n) {
  if (!logs.has(n)) logs.set(n, generate(n));
  let matches = 0, idSum = 0, slow = 0;
  for (const m of logs.get(n).matchAll(LINE)) {
    matches++;
    if (m[5] === 'ERROR') idSum = (idSum + Number(m[7])) % 1000000007;
    if (Number(m[8]) > 4000) slow++;
  }
  return `${matches}:${idSum}:${slow}`;
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
