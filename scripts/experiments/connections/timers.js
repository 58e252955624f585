// C4's timers in Node: N timers due over one second, starting one second after the first
// is set (timer i at 1 + i/N s): all pending at once. Each records how late it fired. Prints one JSON line: time to schedule, memory held, lateness quantiles.
'use strict';
const fs = require('node:fs');

const n = Number(process.argv[2]);
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
const late = new Float64Array(n);
let fired = 0;
const before = rss();
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const due = t0 + 1000 + (i * 1000) / n;  // absolute: setting N timers takes time too
  setTimeout(() => {
    late[i] = (performance.now() - due) / 1000;
    if (++fired === n) done();
  }, due - performance.now());
}
const scheduleSeconds = (performance.now() - t0) / 1000;
const held = rss() - before;

function done() {
  const total = (performance.now() - t0) / 1000;
  const sorted = Array.from(late).sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(n - 1, Math.floor(p * n))];
  console.log(JSON.stringify({ timers: fired, schedule_s: scheduleSeconds, total_s: total,
                               bytes_per_timer: held / n, late_p50: q(0.5), late_p99: q(0.99), late_max: sorted[n - 1] }));
}
