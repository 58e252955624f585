// The mixed-runtime service, in one process: node-http's server (node:http + node-pg), with
// the JSON built by a Python function and the fortunes rendered by the Python servers'
// jinja2 template, both called in-process through twinhost.python. Runs only in twinhost.
'use strict';
const path = require('node:path');
const { python } = require('twinhost');
const { routes, listen, pool } = require('../node-http/server');
const tfb = require('../tfb');

python.exec(`import sys\nsys.path.insert(0, ${JSON.stringify(path.join(__dirname, '..'))})`);
python.exec('import json, tfb');
const pythonJson = python.eval('lambda: json.dumps({"message": "Hello, World!"})');
const pythonFortunes = python.eval(
  'lambda rows: tfb.FORTUNES.render(fortunes=tfb.with_added_fortune(rows))');

routes['/json'] = async () => ['application/json', pythonJson()];
routes['/fortunes'] = async () => {
  const { rows } = await pool.query(tfb.SELECT_FORTUNES);
  return ['text/html; charset=utf-8', pythonFortunes(rows)];
};
listen(routes);
