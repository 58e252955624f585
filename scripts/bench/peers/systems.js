'use strict';
// How each system reaches workloads.py: one small adapter per system, all with the same
// shape, so that the workload loops in child.js are the same code for every system.
//   add(a, b) -> number            echoList(array) -> array      echoBytes(Buffer) -> bytes-like
//   share(Buffer) -> zero-copy view (absent: the system has none)  peek(view) -> number
//   callN(fn, n) -> n              fail(message) throws           readX() -> number
// `async: true` marks a process bridge: every operation returns a promise.
// A missing operation is reported as "n/a" (the bridge cannot do it), never as a number.
const path = require('path');

const here = __dirname;
const peersDir = process.env.TWINHOST_PEERS_DIR ||
  path.join(process.env.XDG_CACHE_HOME || path.join(require('os').homedir(), '.cache'),
    'twinhost', 'peers');
const requirePeer = (name, pkg = name) => require(path.join(peersDir, name, 'node_modules', pkg));
const python3 = '/usr/bin/python3';

const systems = {
  twinhost() {
    const { python: py, SharedBuffer } = require('twinhost');
    py.exec(`import sys; sys.path.insert(0, ${JSON.stringify(here)})`);
    const w = py.import('workloads');
    const { add, echo_list, echo_bytes, peek, call_n, fail, point } = w;
    return {
      add, echoList: echo_list, echoBytes: echo_bytes, peek, callN: call_n, fail,
      share(buf) { const s = new SharedBuffer(buf.length); new Uint8Array(s.buffer).set(buf); return s; },
      readX: () => point.x,
    };
  },

  'node-calls-python'() {
    const py = requirePeer('node-calls-python').interpreter;
    const m = py.importSync(path.join(here, 'workloads.py'), false);
    // evalSync converts its result; createSync keeps a handle on a Python object.
    const point = py.createSync(m, 'Point', 3, 4);
    return {
      add: (a, b) => py.callSync(m, 'add', a, b),
      echoList: (a) => py.callSync(m, 'echo_list', a),
      echoBytes: (b) => py.callSync(m, 'echo_bytes', b),
      callN: (f, n) => py.callSync(m, 'call_n', f, n),
      fail: (msg) => py.callSync(m, 'fail', msg),
      readX: () => py.callSync(point, '__getattribute__', 'x'),
    };
  },

  pymport() {
    const { pymport, PyObject } = requirePeer('pymport');
    pymport('sys').get('path').get('insert').call(0, here);
    const w = pymport('workloads');
    const [add, echoList, echoBytes, peek, callN, fail, point] =
      ['add', 'echo_list', 'echo_bytes', 'peek', 'call_n', 'fail', 'point'].map((n) => w.get(n));
    return {
      add: (a, b) => add.call(a, b).toJS(),
      echoList: (a) => echoList.call(a).toJS(),
      echoBytes: (b) => echoBytes.call(b).toJS(),
      share: (b) => PyObject.memoryview(b),
      peek: (v) => peek.call(v).toJS(),
      callN: (f, n) => callN.call(f, n).toJS(),
      fail: (msg) => fail.call(msg),
      readX: () => point.get('x').toJS(),
    };
  },

  async pyodide() {
    const { loadPyodide } = requirePeer('pyodide');
    const pyodide = await loadPyodide();
    const source = require('fs').readFileSync(path.join(here, 'workloads.py'), 'utf8');
    pyodide.FS.writeFile('/home/pyodide/workloads.py', source);
    const w = pyodide.pyimport('workloads');
    const get = (n) => w[n];
    const [add, echoList, echoBytes, peek, callN, fail, point] =
      ['add', 'echo_list', 'echo_bytes', 'peek', 'call_n', 'fail', 'point'].map(get);
    // Results that are Python objects arrive as PyProxy: converted, then released, as
    // pyodide's documentation asks.
    const take = (proxy) => { const v = proxy.toJs(); proxy.destroy(); return v; };
    // pyodide refuses a Buffer ("Unknown typed array type"): a Uint8Array over its memory.
    const u8 = (b) => new Uint8Array(b.buffer, b.byteOffset, b.length);
    return {
      add: (a, b) => add(a, b),
      echoList: (a) => take(echoList(a)),
      echoBytes: (b) => take(echoBytes(pyodide.toPy(u8(b)))),  // toPy: a memoryview, copied at once
      share: u8,  // a typed array reaches Python as a JsProxy over the same memory
      peek: (v) => peek(v),
      callN: (f, n) => callN(f, n),
      fail: (msg) => fail(msg),
      readX: () => point.x,
    };
  },

  async pythonia() {
    const { python } = requirePeer('pythonia');
    const w = await python(path.join(here, 'workloads.py'));
    const point = await w.point;
    return {
      async: true,
      add: (a, b) => w.add(a, b),
      echoList: async (a) => { const r = await w.echo_list(a); return typeof r.valueOf === 'function' ? await r.valueOf() : r; },
      callN: (f, n) => w.call_n(f, n),
      fail: (msg) => w.fail(msg),
      readX: () => point.x,
      close: () => python.exit(),
    };
  },

  async 'python-bridge'() {
    const python = requirePeer('python-bridge')({ python: python3 });
    await python.ex`import sys; sys.path.insert(0, ${here}); from workloads import *`;
    return {
      async: true,
      add: (a, b) => python`add(${a}, ${b})`,
      echoList: (a) => python`echo_list(${a})`,
      fail: (msg) => python`fail(${msg})`,
      readX: () => python`point.x`,
      close: () => python.end(),
    };
  },

  async 'python-shell'() {
    // A JSON-lines pipe to a Python process: the plain way to mix the two.
    const { PythonShell } = requirePeer('python-shell');
    const shell = new PythonShell('pipe_server.py',
      { mode: 'json', pythonPath: python3, scriptPath: here, pythonOptions: ['-u'] });
    const waiting = [];
    shell.on('message', (m) => waiting.shift()(m));
    const request = (op, args) => new Promise((resolve, reject) => {
      waiting.push((m) => ('error' in m ? reject(new Error(m.error)) : resolve(m.result)));
      shell.send({ op, args });
    });
    await request('add', [1, 2]);
    return {
      async: true,
      add: (a, b) => request('add', [a, b]),
      echoList: (a) => request('echo_list', [a]),
      fail: (msg) => request('fail', [msg]),
      readX: () => request('point_x', []),
      close: () => new Promise((resolve) => shell.end(resolve)),
    };
  },
};

module.exports = { systems, peersDir };
