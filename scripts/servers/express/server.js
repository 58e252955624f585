// TechEmpower's six tests on express and node-pg, fortunes through an ejs template, as
// express's docs would write them. Listens on 127.0.0.1:$PORT; the database comes from
// libpq's environment (PG*).
'use strict';
const path = require('node:path');
const express = require('express');
const { Pool } = require('pg');
const tfb = require('../tfb');

const pool = new Pool({ max: Number(process.env.POOL_SIZE || 16) });
const world = async (id) => tfb.world((await pool.query(tfb.SELECT_WORLD, [id])).rows[0]);
const worlds = (n) => Promise.all(Array.from({ length: n }, () => world(tfb.randomId())));

const app = express();
app.set('views', path.join(__dirname, 'views'));
app.set('view engine', 'ejs');
app.set('etag', false);
app.set('x-powered-by', false);
app.use((req, res, next) => {
  res.set('Server', 'express');
  next();
});

// Errors of the async handlers go to express's error handler (express 4 does not await).
const handle = (f) => (req, res, next) => f(req, res).catch(next);

app.get('/plaintext', (req, res) => res.type('text/plain').send('Hello, World!'));
app.get('/json', (req, res) => res.json({ message: 'Hello, World!' }));
app.get('/db', handle(async (req, res) => res.json(await world(tfb.randomId()))));
app.get('/queries', handle(async (req, res) => res.json(await worlds(tfb.queriesCount(req.query.queries)))));
app.get('/fortunes', handle(async (req, res) => {
  const fortunes = tfb.withAddedFortune((await pool.query(tfb.SELECT_FORTUNES)).rows);
  res.type('text/html; charset=utf-8').render('fortunes', { fortunes });
}));
app.get('/updates', handle(async (req, res) => {
  const rows = await worlds(tfb.queriesCount(req.query.queries));
  await pool.query(tfb.UPDATE_WORLDS, tfb.updated(rows));
  res.json(rows);
}));

tfb.serve(() => {
  const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
    console.log(`listening ${server.address().port}`);
  });
});
