'use strict';
// Runs the cases of cases.json whose side is "js": each on a fresh proxy of a Python
// target. Prints one JSON line per case: {"id", "ok": value} or {"id", "error", "message"}.
const fs = require('fs');
const util = require('util');
const { python } = require('twinhost');

const AsyncFunction = (async () => {}).constructor;

const isProxy = (value) =>
  (typeof value === 'object' || typeof value === 'function') && value !== null &&
  util.inspect(value).startsWith('[python ');

// The value as JSON can hold it: proxies as "<proxy>", undefined as null.
function plain(value) {
  if (isProxy(value)) return '<proxy>';
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Set) return [...value].map(plain).sort();
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value === undefined ? null : value;
}

async function main() {
  const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  python.exec(data.python_setup);
  for (const [number, c] of data.cases.entries()) {
    if (c.side !== 'js') continue;
    let line;
    try {
      const t = python.eval(data.targets.python[c.target]);
      const body = `${c.do || ''};\nreturn ${c.await ? 'await ' : ''}(${c.op});`;
      const op = new AsyncFunction('t', 'python', 'require', body);
      line = { id: number, ok: plain(await op(t, python, require)) };
    } catch (e) {
      const name = e && e.name === 'PythonError' ? e.pythonType : e && e.name;
      line = { id: number, error: name, message: String(e && e.message) };
    }
    console.log(JSON.stringify(line));
  }
}

main();
