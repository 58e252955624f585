'use strict';
// Runs the conformance cases against the JS face: `twinhost runner.js cases.json`.
// The value encoding is the twin of values.py (see there for the tags).
const fs = require('fs');
const crypto = require('crypto');
const twinhost = require('twinhost');

const SAFE = Number.MAX_SAFE_INTEGER;

function decode(v) {
  if (Array.isArray(v)) return v.map(decode);
  if (v === null || typeof v !== 'object') return v;
  if ('$int' in v) return BigInt(v.$int);
  if ('$float' in v) return { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 }[v.$float];
  if ('$bytes' in v) return Uint8Array.from(Buffer.from(v.$bytes, 'hex'));
  if ('$bytes_repeat' in v) return new Uint8Array(v.$bytes_repeat[1]).fill(v.$bytes_repeat[0]);
  if ('$map' in v) {
    const entries = v.$map.map(([k, x]) => [decode(k), decode(x)]);
    return entries.every(([k]) => typeof k === 'string') ? Object.fromEntries(entries) : new Map(entries);
  }
  if ('$tuple' in v) return v.$tuple.map(decode);
  if ('$deep' in v) {
    let value = [];
    for (let i = 1; i < v.$deep; i++) value = [value];
    return value;
  }
  if ('$cyclic' in v) {
    const cycle = v.$cyclic === 'list' ? [] : {};
    if (Array.isArray(cycle)) cycle.push(cycle); else cycle.self = cycle;
    return cycle;
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
}

function encode(v) {
  if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'string') return v ?? null;
  if (typeof v === 'bigint') return v >= -BigInt(SAFE) && v <= BigInt(SAFE) ? Number(v) : { $int: v.toString() };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { $float: 'nan' };
    if (!Number.isFinite(v)) return { $float: v > 0 ? 'inf' : '-inf' };
    if (Object.is(v, -0)) return { $float: '-0' };
    return v;
  }
  if (v instanceof Uint8Array) {
    const data = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    if (data.length > 4096) {
      return { $bytes_sha256: crypto.createHash('sha256').update(data).digest('hex'), length: data.length };
    }
    return { $bytes: data.toString('hex') };
  }
  if (Array.isArray(v)) return v.map(encode);
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return { $map: entries.map(([k, x]) => [encode(k), encode(x)]) };
}

function run(c) {
  const args = c.args.map(decode);
  if (!c.fn.includes('.')) return twinhost[c.fn](...args);
  const [cls, method] = c.fn.split('.');
  const instance = new twinhost[cls](...c.ctor.map(decode));
  for (const [name, setupArgs] of c.setup) instance[name](...setupArgs.map(decode));
  return instance[method](...args);
}

const kinds = { TypeError: 'type', RangeError: 'range' };
const { cases } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const lines = [];
for (const c of cases) {
  let line;
  try {
    line = { error: undefined, id: c.id, ok: encode(run(c)) };
  } catch (e) {
    line = { error: kinds[e.name] || 'runtime', id: c.id, message: e.message };
  }
  lines.push(JSON.stringify(line));
}
process.stdout.write(lines.join('\n') + '\n');
