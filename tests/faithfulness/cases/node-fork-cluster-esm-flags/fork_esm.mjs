// fork() and cluster.fork() from an ES-module entry script: the children get the parent's
// execArgv (only what the user passed), and an ES-module child can import twinhost's
// native API... under twinhost; under node only the fork and cluster part runs.
import cluster from 'node:cluster';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === 'forked') {
  process.send({ execArgv: process.execArgv });
} else if (cluster.isWorker) {
  process.send({ worker: true, execArgv: process.execArgv });
} else {
  console.log('parent', JSON.stringify(process.execArgv));
  const child = fork(self, ['forked']);
  child.on('message', (message) => console.log('forked', JSON.stringify(message)));
  child.on('exit', (code) => {
    console.log('forked exit', code);
    const worker = cluster.fork();
    worker.on('message', (message) => {
      console.log('cluster', JSON.stringify(message));
      worker.kill();
    });
    worker.on('exit', () => console.log('cluster exit'));
  });
}
