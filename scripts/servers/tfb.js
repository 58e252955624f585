// What TechEmpower's rules fix for every Node server, written once: the queries count,
// random ids, the SQL, the added fortune and the order. The servers beside this file add
// only their framework's code.
'use strict';
const cluster = require('node:cluster');

const randomId = () => 1 + Math.floor(Math.random() * 10000);

module.exports = {
  randomId,
  // TFB: a missing, non-numeric or smaller count is 1; a larger one is 500.
  queriesCount: (value) => Math.min(500, Math.max(1, Number.parseInt(value, 10) || 1)),
  SELECT_WORLD: 'SELECT id, randomNumber FROM World WHERE id = $1',
  SELECT_FORTUNES: 'SELECT id, message FROM Fortune',
  // One statement per batch (TFB allows batches), ids in order so that concurrent batches
  // lock rows in the same order.
  UPDATE_WORLDS: 'UPDATE World SET randomNumber = v.r FROM ' +
    '(SELECT unnest($1::int[]) AS id, unnest($2::int[]) AS r) AS v WHERE World.id = v.id',
  // The fortunes with the one added at request time, sorted by message.
  withAddedFortune(rows) {
    return [...rows, { id: 0, message: 'Additional fortune added at request time.' }]
      .sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  },
  // New random numbers for the rows, and the update's parameters (ids in order).
  updated(rows) {
    for (const row of rows) row.randomNumber = randomId();
    const sorted = [...rows].sort((a, b) => a.id - b.id);
    return [sorted.map((r) => r.id), sorted.map((r) => r.randomNumber)];
  },
  // A world row as TFB's JSON has it.
  world: (row) => ({ id: row.id, randomNumber: row.randomnumber }),
  // Runs `start` (which listens) in this process, or with WORKERS=N > 1 in N processes of
  // node's cluster sharing the port. A worker that dies ends the server: a crash is not
  // hidden by a restart while it is measured.
  serve(start) {
    const workers = Number(process.env.WORKERS || 1);
    if (workers <= 1 || !cluster.isPrimary) return start();
    for (let i = 0; i < workers; i++) cluster.fork();
    cluster.on('exit', (worker, code, signal) => {
      console.error(`worker ${worker.process.pid} ended (${signal || code}): stopping`);
      process.exit(1);
    });
  },
};
