'use strict';
// Mandelbrot set on an n x n grid: escape-time iteration, counts the points inside.
function run(n) {
  let inside = 0;
  for (let y = 0; y < n; y++) {
    const ci = (2 * y) / n - 1;
    for (let x = 0; x < n; x++) {
      const cr = (2 * x) / n - 1.5;
      let zr = 0, zi = 0, i = 0;
      for (; i < 50 && zr * zr + zi * zi <= 4; i++) {
        const t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
      }
      if (i === 50) inside++;
    }
  }
  return inside;
}

module.exports = { run };
if (require.main === module) console.log(run(Number(process.argv[2] || require('./task.json').sizes.quick)));
