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
let loaded = '';  // the task file, echoed in every sample: the harness checks who answered

function load(file, n) {
  task = require(file);
  size = n;
  loaded = file;
  if (typeof task.run !== 'function') throw new TypeError(`${file} exports no run(size) function`);
  return { ok: true };
}

// `inner` runs back to back; the checksum of the last one is returned for checking. An
// async run() (a mixed task awaiting Python) is awaited each time: the sample is a promise.
function sample(inner) {
  let checksum;
  const start = clock();
  if (task.run[Symbol.toStringTag] === 'AsyncFunction') {
    return (async () => {
      for (let i = 0; i < inner; i++) checksum = await task.run(size);
      return { ns: Number(clock() - start), checksum, file: loaded };
    })();
  }
  for (let i = 0; i < inner; i++) checksum = task.run(size);
  return { ns: Number(clock() - start), checksum, file: loaded };
}

const failure = (error) =>
  ({ error: error?.name ?? 'Error', message: String(error?.message ?? error), stack: String(error?.stack ?? '') });

// The reply to one message: an object, or a promise of one (an async sample).
function handle(message) {
  try {
    const reply = message.cmd === 'load' ? load(message.file, message.size) : sample(message.inner);
    return reply instanceof Promise ? reply.catch(failure) : reply;
  } catch (error) {
    return failure(error);
  }
}

// The reply as JSON text, or a promise of it (what the in-process runner awaits).
function handleText(message) {
  const reply = handle(message);
  return reply instanceof Promise ? reply.then((r) => JSON.stringify(r)) : JSON.stringify(reply);
}

module.exports = { load, sample, handle, handleText };

if (require.main === module) {
  // One message at a time: the harness waits for each reply before it sends the next.
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', async (line) => process.stdout.write(await handleText(JSON.parse(line)) + '\n'));
}
