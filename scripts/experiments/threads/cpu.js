// C3 in Node: the same jobs on N workers of one model; prints one JSON line.
//
//   cpu.js MODEL WORKERS JOBS N
//   MODEL: worker_threads | child_process   (jobs: the task suite's fib(N))
//          python-from-workers  (host only: worker_threads each calling Python's fib(N)
//                                through twinhost.python: what the GIL does to them)
// Strong scaling: JOBS jobs in all, shared by WORKERS workers; the result is checked. The
// workers are started (and ready) before the clock starts: the time is the parallel work's.
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { fork } = require('node:child_process');

const path = require('node:path');

// The CPU work is the task suite's fib (scripts/tasks/fib), the one `twinhost bench` times.
const TASK = path.join(__dirname, '..', '..', 'tasks', 'fib');
const { run: fib } = require(path.join(TASK, 'task.js'));

function fibIterative(n) {
  let [a, b] = [0, 1];
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}

// A worker's loop, the same for threads and processes: a job in, its result out.
function serve(receive, send, viaPython) {
  let job = fib;
  if (viaPython) {
    const { python } = require('twinhost');
    const pyFib = python.import('runpy').run_path(path.join(TASK, 'task.py')).run;
    job = (n) => pyFib(n);
  }
  const cpuAtReady = process.cpuUsage();
  send({ ready: true });
  receive((message) => {
    if (message.n === undefined) return send({ cpu: process.cpuUsage(cpuAtReady) });
    if (process.env.TWINHOST_EXPERIMENT_FAULT === 'worker-dies' && message.index === 0)
      process.exit(3);  // the fault test: a worker that dies mid-run
    send({ result: job(message.n) });
  });
}

if (!isMainThread) {
  serve((f) => parentPort.on('message', f), (m) => parentPort.postMessage(m), workerData.viaPython);
} else if (process.argv[2] === '--child') {
  serve((f) => process.on('message', f), (m) => process.send(m), false);
} else {
  main().catch((e) => {
    console.log(JSON.stringify({ error: String(e && e.message || e) }));
  });
}

function start(model) {
  if (model === 'child_process') {
    const child = fork(__filename, ['--child'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    return { post: (m) => child.send(m), on: (e, f) => child.on(e, f), end: () => child.disconnect() };
  }
  const worker = new Worker(__filename, { workerData: { viaPython: model === 'python-from-workers' } });
  return { post: (m) => worker.postMessage(m), on: (e, f) => worker.on(e, f), end: () => worker.terminate() };
}

async function main() {
  const [model, workers, jobs, n] = [process.argv[2], ...process.argv.slice(3, 6).map(Number)];
  if (!['worker_threads', 'child_process', 'python-from-workers'].includes(model))
    throw new Error(`cpu.js: unknown model ${model}`);
  const pool = await Promise.all(Array.from({ length: workers }, () => new Promise((resolve, reject) => {
    const w = start(model);
    w.on('message', (m) => m.ready && resolve(w));
    w.on('error', reject);
  })));
  const cpuBefore = process.cpuUsage();
  const start0 = process.hrtime.bigint();
  const results = [];
  let childCpu = 0;
  let next = 0;
  await Promise.all(pool.map((w) => new Promise((resolve, reject) => {
    let done = false;
    const give = () => {
      if (next < jobs) return w.post({ n, index: next++ });
      w.post({});  // no more jobs: report CPU time (a process's own), then end
    };
    w.on('message', (m) => {
      if (m.ready) return;
      if (m.cpu) {
        if (model === 'child_process') childCpu += (m.cpu.user + m.cpu.system) / 1e6;
        done = true;
        w.end();
        return resolve();
      }
      results.push(m.result);
      give();
    });
    w.on('error', reject);
    w.on('exit', (code) => {
      if (!done) reject(new Error(`a worker died (exit ${code})`));
    });
    give();
  })));
  const seconds = Number(process.hrtime.bigint() - start0) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const expected = fibIterative(n);
  if (results.length !== jobs || results.some((r) => r !== expected))
    throw new Error(`wrong results: ${results.slice(0, 2)}... expected ${jobs} x ${expected}`);
  console.log(JSON.stringify({ seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6 + childCpu, jobs }));
}
