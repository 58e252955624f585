// child_process.fork() from CommonJS: the module named without its extension (node
// resolves it), the parent's execArgv passed on, and execArgv of its own.
const { fork } = require('child_process');
const path = require('path');
const runs = [{}, { execArgv: ['--expose-gc'] }];
(function next(i) {
  if (i === runs.length) return;
  const child = fork(path.join(__dirname, 'fork_child'), ['x'], runs[i]);
  child.on('message', (message) => console.log('child', i, JSON.stringify(message)));
  child.on('exit', (code) => { console.log('exit', i, code); next(i + 1); });
})(0);
