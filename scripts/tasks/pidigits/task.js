'use strict';
// Pi digits with a spigot over big integers (Gibbons' unbounded algorithm).
function run(n) {
  let q = 1n, r = 0n, t = 1n, k = 1n;
  let digits = '';
  while (digits.length < n) {
    const digit = (3n * q + r) / t;
    if (digit === (4n * q + r) / t) {
      digits += digit;
      [q, r] = [10n * q, 10n * (r - digit * t)];
    } else {
      const l = 2n * k + 1n;
      [q, r, t, k] = [q * k, (2n * q + r) * l, t * l, k + 1n];
    }
  }
  return digits.slice(-20);
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
