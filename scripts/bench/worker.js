'use strict';
// Runs one task for `twinhost bench`, with the same timing loop everywhere: loaded into
// a Host (in-process mode), or as a process speaking JSON lines on stdin/stdout (process
// isolation under twinhost, and --stock under stock node).
const readline = require('readline');

let clock;
try {
  const twinhost = require('twinhost');
  clock = () => twinhost.now_ns();
} catch {
  clock = () => process.hrtime.bigint();  // stock node: the same CLOCK_MONOTONIC
}

let task = null;
let size = 0;

function load(file, n) {
  task = require(file);
  size = n;
  if (typeof task.run !== 'function') throw new TypeError(`${file} exports no run(size) function`);
  return { ok: true };
}

// `inner` runs back to back; the checksum of the last one is returned for checking.
function sample(inner) {
  let checksum;
  const start = clock();
  for (let i = 0; i < inner; i++) checksum = task.run(size);
  return { ns: Number(clock() - start), checksum };
}

function handle(message) {
  try {
    return message.cmd === 'load' ? load(message.file, message.size) : sample(message.inner);
  } catch (error) {
    return { error: error?.name ?? 'Error', message: String(error?.message ?? error), stack: String(error?.stack ?? '') };
  }
}

module.exports = { load, sample, handle };

if (require.main === module) {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => process.stdout.write(JSON.stringify(handle(JSON.parse(line))) + '\n'));
}
