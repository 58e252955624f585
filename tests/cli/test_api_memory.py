"""Crossing into the native API and back leaves memory flat: after a warm-up of N echo
calls with strings and bytes, N more calls may not grow the process RSS by more than a
few MiB, in either runtime."""
import json
import unittest

from twinhost_cli import TestCase, twinhost

CALLS = 1_000_000
LIMIT_MIB = 8

JS = f"""
const t = require('twinhost');
const bytes = new Uint8Array(64).fill(1);
const round = () => {{ for (let i = 0; i < {CALLS}; i++) {{ t.echo('string ' + (i & 1023)); t.echo(bytes); t.echo([i, {{k: 'v'}}]); }} }};
round(); globalThis.gc && gc();
const before = process.memoryUsage().rss;
round();
console.log(JSON.stringify([before, process.memoryUsage().rss]));
"""

PY = f"""
import json, os, twinhost
def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')
data = bytes(64)
def round():
    for i in range({CALLS}):
        twinhost.echo('string %d' % (i & 1023)); twinhost.echo(data); twinhost.echo([i, {{'k': 'v'}}])
round()
before = rss()
round()
print(json.dumps([before, rss()]))
"""


class Memory(TestCase):
    def check(self, args):
        r = twinhost(*args, timeout=300)
        self.assertExit(r, 0)
        before, after = json.loads(r.stdout)
        self.assertLess((after - before) / 2**20, LIMIT_MIB, f"RSS {before} -> {after}")

    def test_js_echo_leaves_rss_flat(self):
        self.check(["-e", JS])

    def test_python_echo_leaves_rss_flat(self):
        self.check(["-c", PY])


if __name__ == "__main__":
    unittest.main()
