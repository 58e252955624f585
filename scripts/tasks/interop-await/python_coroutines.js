'use strict';
// n concurrent Python coroutines, each yielding to asyncio once, then computing; JS awaits
// them all (each coroutine is a thenable: asyncio runs it, driven by Node's loop).
const { python } = require('twinhost');

python.exec(`
import asyncio as _asyncio
async def _interop_await_work(i):
    await _asyncio.sleep(0)
    return i * i % 1000003
`);
const work = python.eval('_interop_await_work');

async function run(n) {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => work(i)));
  return results.reduce((total, x) => (total + x) % 1000000007, 0);
}

module.exports = { run };
