const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
if (isMainThread) {
  const results = [];
  let done = 0;
  for (let i = 0; i < 3; i++) {
    new Worker(__filename, { workerData: i }).on('message', (m) => {
      results[i] = m;
      if (++done === 3) console.log(results.join(' '));
    });
  }
} else {
  let sum = 0;
  for (let k = 0; k <= 1000 * (workerData + 1); k++) sum += k;
  parentPort.postMessage(sum);
}
