"""Crossing into the native API and back leaves memory flat: after a warm-up of N echo
calls with strings and bytes, N more calls may not grow the process RSS by more than a
few MiB, in either runtime. And the binary keeps freed memory for reuse: a block of a few
MiB comes from the heap and stays there once freed, unless the user set glibc's malloc."""
import json
import os
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


# glibc's own account of the heap (mallinfo2) around an 8 MiB block made and freed: was it
# mapped on its own (hblks), and did the heap keep it once freed (arena)?
HEAP = """
import ctypes, json
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ('arena', 'ordblks', 'smblks', 'hblks', 'hblkhd',
                                                'usmblks', 'fsmblks', 'uordblks', 'fordblks', 'keepcost')]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
before = libc.mallinfo2()
block = ctypes.create_string_buffer(8 << 20)
during = libc.mallinfo2()
del block
after = libc.mallinfo2()
print(json.dumps({'mapped': during.hblks - before.hblks,
                  'kept': after.arena - before.arena >= 8 << 20}))
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

    def heap(self, args, env=None):
        r = twinhost(*args, env=env)
        self.assertExit(r, 0)
        return json.loads(r.stdout)

    @unittest.skipIf(os.environ.get("TWINHOST_SANITIZED"), "ASan's allocator replaces glibc's")
    def test_freed_blocks_stay_for_reuse(self):
        kept = {"mapped": 0, "kept": True}
        self.assertEqual(self.heap(["-c", HEAP]), kept)
        # From a JS script too (the same process policy, set before either runtime starts).
        self.assertEqual(self.heap(["-e", f"require('twinhost').python.exec({json.dumps(HEAP)})"]),
                         kept)
        # A user's own malloc settings win: glibc's default maps such a block on its own.
        env = dict(os.environ, GLIBC_TUNABLES="glibc.malloc.mmap_threshold=131072")
        self.assertEqual(self.heap(["-c", HEAP], env=env), {"mapped": 1, "kept": False})


if __name__ == "__main__":
    unittest.main()
