// C5's load: tiny requests at a fixed rate and CPU requests at another, open loop (each
// request is sent at its scheduled time whatever the server does, and its latency counts
// from then: no coordinated omission). Bounded: SECONDS of sending, then at most 10 s to
// collect what is outstanding. Prints one JSON line.
//
//   client.js PORT TINY_PER_S CPU_PER_S SECONDS CPU_RESULT
'use strict';
const http = require('node:http');

const [port, tinyRate, cpuRate, seconds] = process.argv.slice(2, 6).map(Number);
const cpuResult = process.argv[6];
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function get(path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.setTimeout(15000, () => req.destroy(new Error(`${path}: no answer in 15 s`)));
  });
}

function quantile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
}

async function main() {
  await get('/stats');  // resets the server's delay histogram
  const [tinyCount, cpuCount] = [Math.round(tinyRate * seconds), Math.round(cpuRate * seconds)];
  const schedule = [];
  for (let i = 0; i < tinyCount; i++) schedule.push([i / tinyRate, '/tiny']);
  for (let i = 0; i < cpuCount; i++) schedule.push([(i + 0.5) / cpuRate, '/cpu']);
  schedule.sort((a, b) => a[0] - b[0]);
  const latency = { '/tiny': [], '/cpu': [] };
  const errors = [];
  const pending = [];
  const t0 = performance.now();
  let next = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = (performance.now() - t0) / 1000;
      for (; next < schedule.length && schedule[next][0] <= now; next++) {
        const [at, path] = schedule[next];
        pending.push(get(path).then((body) => {
          if (body !== (path === '/tiny' ? 'ok' : cpuResult)) throw new Error(`${path}: wrong body ${body.slice(0, 40)}`);
          latency[path].push((performance.now() - t0) / 1000 - at);
        }).catch((e) => errors.push(e.message)));
      }
      if (next < schedule.length) setTimeout(tick, 1); else resolve();
    };
    tick();
  });
  const outstanding = Promise.all(pending);
  let timer;
  const bound = new Promise((r) => (timer = setTimeout(r, 10000, 'timeout')));
  if ((await Promise.race([outstanding, bound])) === 'timeout') errors.push('requests still outstanding 10 s after the last was sent');
  clearTimeout(timer);
  const stats = JSON.parse(await get('/stats'));
  const tiny = latency['/tiny'].sort((a, b) => a - b);
  const cpu = latency['/cpu'].sort((a, b) => a - b);
  const result = { tiny_sent: tinyCount, tiny_ok: tiny.length, cpu_sent: cpuCount,
                   cpu_ok: cpu.length, tiny_p50: quantile(tiny, 0.5), tiny_p99: quantile(tiny, 0.99),
                   cpu_p50: quantile(cpu, 0.5), ...stats, errors: errors.slice(0, 3), error_count: errors.length };
  console.log(JSON.stringify(result));
  agent.destroy();
}

main().catch((e) => console.log(JSON.stringify({ error: e.message })));
