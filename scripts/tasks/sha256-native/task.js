'use strict';
// SHA-256 of the same n bytes as sha256-pure, through the native API (OpenSSL): the cost
// of handing bytes to native code. Standalone under stock node it uses node:crypto.
const { lcgBytes } = require('../_lcg/lcg.js');
const inputs = new Map();

const generate = (n) => lcgBytes(n, 5);

let sha256;
try {
  sha256 = require('twinhost').sha256;
} catch {
  sha256 = (data) => require('crypto').createHash('sha256').update(data).digest('hex');
}

function run(n) {
  if (!inputs.has(n)) inputs.set(n, generate(n));
  return sha256(inputs.get(n));
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
