// TechEmpower's six tests on node:http and node-pg, as node's own docs would write them.
// Listens on 127.0.0.1:$PORT; the database comes from libpq's environment (PGHOST, PGPORT,
// PGUSER, PGPASSWORD, PGDATABASE).
'use strict';
const http = require('node:http');
const { Pool } = require('pg');
const tfb = require('../tfb');

const pool = new Pool({ max: Number(process.env.POOL_SIZE || 16) });
const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const escape = (text) => text.replace(/[&<>"']/g, (c) => escapes[c]);

const world = async (id) => tfb.world((await pool.query(tfb.SELECT_WORLD, [id])).rows[0]);
const worlds = (n) => Promise.all(Array.from({ length: n }, () => world(tfb.randomId())));

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type, 'Server': 'node', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const routes = {
  '/plaintext': async () => ['text/plain', 'Hello, World!'],
  '/json': async () => ['application/json', JSON.stringify({ message: 'Hello, World!' })],
  '/db': async () => ['application/json', JSON.stringify(await world(tfb.randomId()))],
  '/queries': async (query) =>
    ['application/json', JSON.stringify(await worlds(tfb.queriesCount(query.get('queries'))))],
  '/fortunes': async () => {
    const rows = tfb.withAddedFortune((await pool.query(tfb.SELECT_FORTUNES)).rows);
    const body = '<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>' +
      '<tr><th>id</th><th>message</th></tr>' +
      rows.map((f) => `<tr><td>${f.id}</td><td>${escape(f.message)}</td></tr>`).join('') +
      '</table></body></html>';
    return ['text/html; charset=utf-8', body];
  },
  '/updates': async (query) => {
    const rows = await worlds(tfb.queriesCount(query.get('queries')));
    await pool.query(tfb.UPDATE_WORLDS, tfb.updated(rows));
    return ['application/json', JSON.stringify(rows)];
  },
};

// Serves `table` (path -> async (query) => [type, body]) on 127.0.0.1:$PORT.
const listen = (table) => tfb.serve(() => {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const route = table[url.pathname];
    if (!route) return send(res, 404, 'text/plain', 'not found');
    try {
      const [type, body] = await route(url.searchParams);
      send(res, 200, type, body);
    } catch (e) {
      send(res, 500, 'text/plain', String(e && e.message));
    }
  });
  server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
    console.log(`listening ${server.address().port}`);
  });
});

// The mixed-runtime server (../node-python) serves these routes with some of them replaced.
module.exports = { routes, listen, pool };
if (require.main === module) listen(routes);
