'use strict';
// Identity and lifetime of proxies of Python objects (run with TWINHOST_NODE_FLAGS=--expose-gc):
// one Python object, one proxy while V8 holds it; the cache never keeps it alive; proxies in
// worker threads are the workers' own, and a worker's end leaves the others working.
const { Worker } = require('worker_threads');
const { python } = require('twinhost');

python.exec(`
import weakref
class O:
    pass
freed = []
keep = O()
def make():
    o = O()
    weakref.finalize(o, freed.append, 1)
    return o
`);
const same = python.eval('lambda x: x');
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function main() {
  let p = python.eval('make')();
  const k = python.eval('keep');
  console.log('same proxy', same(p) === p, python.eval('keep') === k, same(k) === k);

  p = null;
  for (let i = 0; i < 3; i++) { gc(); await turn(); }
  console.log('freed', python.eval('len(freed)'));

  // After its proxy is collected, the object crosses again as a new, working proxy.
  const weak = new WeakRef(python.eval('O()'));
  for (let i = 0; i < 3; i++) { gc(); await turn(); }
  console.log('collected', weak.deref() === undefined, python.eval('keep') === k);

  for (let round = 0; round < 3; round++) {
    const worker = new Worker(`
      const { parentPort } = require('worker_threads');
      const { python } = require('twinhost');
      const k = python.eval('keep');
      python.eval('lambda x: setattr(keep, "from_worker", x)')({ n: ${round}, f() { return 1 } });
      parentPort.postMessage(python.eval('lambda x: x')(k) === k && python.eval('keep') === k);
    `, { eval: true });
    const exited = new Promise((resolve) => worker.on('exit', resolve));
    const ok = await new Promise((resolve, reject) => {
      worker.on('message', resolve);
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`worker exited (${code}) before its message`)));
    });
    await exited;
    // The worker's JS object outlives its environment in Python: using it is an error.
    let error = 'none';
    try { python.eval('keep.from_worker.f()'); } catch (e) { error = e.pythonType; }
    console.log('worker', round, ok, python.eval('keep') === k, error);
  }
  python.exec('del keep.from_worker');
  console.log('done', same(k) === k);
}

main();
