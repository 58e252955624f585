'use strict';
// Fannkuch-redux: permutations of small integer arrays, counting pancake flips.
function run(n) {
  const perm = new Int32Array(n), perm1 = new Int32Array(n), count = new Int32Array(n);
  for (let i = 0; i < n; i++) perm1[i] = i;
  let maxFlips = 0, checksum = 0, permCount = 0, r = n;
  for (;;) {
    for (; r !== 1; r--) count[r - 1] = r;
    perm.set(perm1);
    let flips = 0;
    for (let k = perm[0]; k !== 0; k = perm[0]) {
      for (let i = 0, j = k; i < j; i++, j--) {
        const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
      }
      flips++;
    }
    if (flips > maxFlips) maxFlips = flips;
    checksum += permCount % 2 === 0 ? flips : -flips;
    // Next permutation in the counting order.
    for (;;) {
      if (r === n) return `${checksum}:${maxFlips}`;
      const first = perm1[0];
      for (let i = 0; i < r; i++) perm1[i] = perm1[i + 1];
      perm1[r] = first;
      if (--count[r] > 0) break;
      r++;
    }
    permCount++;
  }
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
