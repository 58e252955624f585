"""twinhost.SharedBuffer: one memory seen by both runtimes without a copy, alive while either
holds it (the whole suite also runs on the ASan+UBSan build: scripts/test.sh)."""
import os
import unittest

from twinhost_cli import TestCase, fixture, twinhost

LIFETIME_ENV = {**os.environ, "TWINHOST_NODE_FLAGS": "--expose-gc"}
LIFETIME_OUT = ["python still sees it: true", "js still sees it: true", "256 MiB held: true then freed: true"]


class SharedBuffers(TestCase):
    def test_writes_on_one_side_are_seen_on_the_other(self):
        self.assertPrints([fixture("shared_buffer_basics.js")], lines=[
            "true 16",
            "[ 'memoryview', false, 16 ] 7 9",
            "42 8",
            "5 4",
            "Uint8Array(8) [",
            "  0, 0, 5, 42,",
            "  0, 0, 0,  0",
            "]",
            "RangeError SharedBuffer(size): size must be an integer from 0 to 2^32-1",
            "TypeError SharedBuffer(size) takes one argument, a number of bytes",
            "11 true",
        ])

    def test_from_python(self):
        r = twinhost("-c", "import twinhost\nfrom twinhost import js\n"
                     "for bad in (-1, 2**40):\n    try:\n        twinhost.SharedBuffer(bad)\n"
                     "    except ValueError as e:\n        print('ValueError', e)\n"
                     "try:\n    twinhost.SharedBuffer(1.5)\nexcept TypeError as e:\n    print('TypeError', e)\n"
                     "sb = twinhost.SharedBuffer(1 << 28)\n"
                     "f = js.eval('(a) => { a[0] = 1; a[a.length - 1] = 2; return a.length }')\n"
                     "print(f(sb), memoryview(sb)[0], memoryview(sb)[-1], repr(sb), len(sb))\n"
                     "copy = bytearray(4)\njs.eval('(a) => { a[0] = 9 }')(copy)\nprint('bytearray is copied', copy[0])")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), [
            "ValueError SharedBuffer(size): size must be an integer from 0 to 2^32-1",
            "ValueError SharedBuffer(size): size must be an integer from 0 to 2^32-1",
            "TypeError SharedBuffer(size) takes one argument, a number of bytes",
            "268435456 1 2 <SharedBuffer 268435456 bytes> 268435456",
            "bytearray is copied 0",
        ])

    def test_lives_while_either_side_holds_it(self):
        r = twinhost(fixture("shared_buffer_lifetime.js"), env=LIFETIME_ENV)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), LIFETIME_OUT)


if __name__ == "__main__":
    unittest.main()
