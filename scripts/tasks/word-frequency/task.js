'use strict';
// Word frequency: split a generated text of n words and count them in a hash map.
const { lcg } = require('../_lcg/lcg.js');
const texts = new Map();
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'vo', 'ri', 'po', 'ze'];

function generate(n) {
  const next = lcg(11);
  const words = [];
  for (let i = 0; i < n; i++) {
    const r = next() >>> 10;
    words.push(SYLLABLES[r % 10] + SYLLABLES[(r >>> 4) % 10] + (r % 7 === 0 ? SYLLABLES[(r >>> 8) % 10] : ''));
  }
  return words.join(' ');
}

function run(n) {
  if (!texts.has(n)) texts.set(n, generate(n));
  const counts = new Map();
  for (const word of texts.get(n).split(' ')) counts.set(word, (counts.get(word) || 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
  return `${counts.size}:` + top.map(([w, c]) => `${w}=${c}`).join(',');
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
