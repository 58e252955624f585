// C5 in Node: an HTTP server with a tiny endpoint and a CPU endpoint (fib(N) on the loop,
// or in a worker_threads pool), and the loop's delay as perf_hooks measures it.
//
//   server.js N MITIGATION [POOL]     MITIGATION: none | worker-pool
// Prints "ready PORT COST_MS" (COST_MS: one fib(N) on this thread) when it listens.
'use strict';
const http = require('node:http');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

if (!isMainThread) {
  parentPort.on('message', ({ id, n }) => parentPort.postMessage({ id, result: fib(n) }));
} else {
  main();
}

// A fixed pool: each job goes to the worker with the fewest outstanding jobs.
function workerPool(size) {
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(__filename);
    w.pending = new Map();
    w.on('message', ({ id, result }) => {
      w.pending.get(id)(result);
      w.pending.delete(id);
    });
    w.unref();
    return w;
  });
  let nextId = 0;
  return (n) => new Promise((resolve) => {
    const w = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = nextId++;
    w.pending.set(id, resolve);
    w.postMessage({ id, n });
  });
}

function main() {
  const n = Number(process.argv[2]);
  const mitigation = process.argv[3] || 'none';
  if (!['none', 'worker-pool'].includes(mitigation)) throw new Error(`unknown mitigation ${mitigation}`);
  const compute = mitigation === 'worker-pool' ? workerPool(Number(process.argv[4] || 2)) : async (k) => fib(k);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const server = http.createServer(async (req, res) => {
    if (req.url === '/tiny') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end('ok');
    }
    if (req.url === '/cpu') {
      const result = await compute(n);
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end(String(result));
    }
    if (req.url === '/stats') {
      // The loop's delay since the last /stats, in seconds: the histogram holds each
      // 10 ms timer's whole interval, so the delay is what exceeds 10 ms.
      const late = (ns) => Math.max(0, ns / 1e9 - 0.01);
      const body = { lag_p50: late(delay.percentile(50)), lag_p99: late(delay.percentile(99)),
                     lag_max: late(delay.max) };
      delay.reset();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(body));
    }
    res.writeHead(404);
    res.end();
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 3; i++) fib(n);
    const costMs = Number(process.hrtime.bigint() - start) / 3e6;
    console.log(`ready ${server.address().port} ${costMs}`);
  });
}
