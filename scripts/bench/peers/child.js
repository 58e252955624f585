'use strict';
// One system, one round: runs each workload through the system's adapter and prints one
// JSON line {system, results: {workload: {ns_per_op, n} | {na} | {error}}}.
// Usage: node child.js SYSTEM [--startup] [--min-ms M] [--samples S] [--workloads a,b]
// Under twinhost: twinhost child.js twinhost ...
const { systems } = require('./systems');

const args = process.argv.slice(2);
const system = args[0];
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const minMs = Number(option('--min-ms', 20));
const samples = Number(option('--samples', 5));
const only = option('--workloads', '');

const size = 1 << 20;
const bytes = Buffer.alloc(size);
for (let i = 0; i < size; i++) bytes[i] = (i * 7 + 3) & 0xff;
const floats = Array.from({ length: 1000 }, (_, i) => i * 0.5);
const floatsSum = floats.reduce((a, b) => a + b, 0);

function check(ok, what) {
  if (!ok) throw new Error(`wrong result: ${what}`);
}

// Each workload: [needs, body(sys, n), minOps?] where body runs n operations and checks
// them, at least minOps per sample. One body serves sync and async systems: `await` on a
// plain value costs the same for all.
const workloads = {
  small_int_call: [['add'], async (s, n) => {
    let sum = 0;
    if (s.async) for (let i = 0; i < n; i++) sum += await s.add(i, 2);
    else for (let i = 0; i < n; i++) sum += s.add(i, 2);
    check(sum === n * (n - 1) / 2 + 2 * n, `add sum ${sum}`);
  }],
  float_list_1000: [['echoList'], async (s, n) => {
    for (let i = 0; i < n; i++) {
      const r = s.async ? await s.echoList(floats) : s.echoList(floats);
      let sum = 0;
      for (let j = 0; j < r.length; j++) sum += r[j];
      check(r.length === 1000 && sum === floatsSum, `list of ${r.length}, sum ${sum}`);
    }
  }],
  bytes_1mib_copied: [['echoBytes'], async (s, n) => {
    for (let i = 0; i < n; i++) {
      const r = s.async ? await s.echoBytes(bytes) : s.echoBytes(bytes);
      const v = r instanceof ArrayBuffer ? new Uint8Array(r) : r;
      check(v.length === size && v[size - 1] === bytes[size - 1] && v[4097] === bytes[4097],
        `bytes of length ${v.length}`);
    }
    // Results pile up until V8 collects them (it does when ~32 MiB of external memory has
    // accumulated); until then each is fresh memory the kernel faults in (3-4 ms per MiB on
    // the VM, for Node's own Buffer.from too), after it reused memory (~0.1 ms). A sample
    // of 16 landed in either phase (80 us-3 ms within one process): each sample spans
    // several such cycles, so every system is measured at its steady state.
  }, 256],
  bytes_1mib_zero_copy: [['share', 'peek'], async (s, n) => {
    const view = s.share(bytes);
    const want = size + bytes[size - 1];
    for (let i = 0; i < n; i++) {
      const r = s.async ? await s.peek(view) : s.peek(view);
      check(r === want, `peek ${r}`);
    }
  }],
  python_calls_js_callback: [['callN'], async (s, n) => {
    let count = 0;
    const callback = (i) => { count += 1; return i; };
    const r = s.async ? await s.callN(callback, n) : s.callN(callback, n);
    check(count === n && Number(r) === n, `callback ran ${count} times for ${n}`);
  }],
  python_exception_in_js: [['fail'], async (s, n) => {
    for (let i = 0; i < n; i++) {
      let caught = null;
      try {
        if (s.async) await s.fail('boom'); else s.fail('boom');
      } catch (e) {
        caught = e;
      }
      // The message, or (pythonia) the stack that carries it.
      check(caught && `${caught.message} ${caught.stack}`.includes('boom'), `caught ${caught}`);
    }
  }],
  attribute_read: [['readX'], async (s, n) => {
    let sum = 0;
    if (s.async) for (let i = 0; i < n; i++) sum += await s.readX();
    else for (let i = 0; i < n; i++) sum += s.readX();
    check(sum === 3 * n, `attribute sum ${sum}`);
  }],
};

async function measure(s, body, minOps = 1) {
  // Warm up (first calls import, compile, fill caches), then calibrate: the smallest power
  // of two (at least minOps) whose run takes at least minMs.
  for (let k = 0; k < 3; k++) await body(s, 1);
  if (minOps > 1) await body(s, minOps);
  let n = minOps;
  for (;;) {
    const start = process.hrtime.bigint();
    await body(s, n);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (ms >= minMs || n >= 1 << 24) break;
    n *= ms > 0 ? Math.min(16, Math.max(2, 2 ** Math.ceil(Math.log2(minMs / ms)))) : 16;
  }
  const ns = [];
  for (let k = 0; k < samples; k++) {
    const start = process.hrtime.bigint();
    await body(s, n);
    ns.push(Number(process.hrtime.bigint() - start) / n);
  }
  ns.sort((a, b) => a - b);
  return { ns_per_op: ns[Math.floor(ns.length / 2)], samples: ns, n };
}

async function main() {
  if (!systems[system]) throw new Error(`unknown system ${system}`);
  const s = await systems[system]();
  if (args.includes('--startup')) {
    const r = await s.add(1, 2);
    check(r === 3, `add(1, 2) = ${r}`);
    process.stdout.write(JSON.stringify({ system, first_result: r }) + '\n');
  } else {
    const results = {};
    for (const [name, [needs, body, minOps]] of Object.entries(workloads)) {
      if (only && !only.split(',').includes(name)) continue;
      const missing = needs.filter((k) => typeof s[k] !== 'function');
      if (missing.length) { results[name] = { na: `no ${missing.join('/')}` }; continue; }
      try {
        results[name] = await measure(s, body, minOps);
      } catch (e) {
        results[name] = { error: String(e && e.message || e).split('\n')[0].slice(0, 200) };
      }
    }
    process.stdout.write(JSON.stringify({ system, results }) + '\n');
  }
  if (s.close) await s.close();
  process.exit(0);
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ system, fatal: String(e && e.stack || e).slice(0, 500) }) + '\n');
  process.exit(1);
});
