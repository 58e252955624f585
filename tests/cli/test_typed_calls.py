"""The typed rows of the API (bindings/api/typed.h): each face's generated trampoline takes
the common argument kinds directly and sends every other kind to the table path. Both
routes must give the same results and errors: the inputs here sit on the boundary between
the two (views with an offset, small on-heap typed arrays, lone surrogates, int subclasses,
payloads past the GIL-release size)."""
import unittest

from twinhost_cli import TestCase, twinhost

ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


class TypedCalls(TestCase):
    def test_js(self):
        r = twinhost("-e", r"""
const t = require('twinhost');
const abc = t.sha256('abc');
const out = [
  t.sha256(Buffer.from('xabcx').subarray(1, 4)) === abc,  // a view with an offset
  t.sha256(new Uint8Array([97, 98, 99])) === abc,         // small: on V8's heap
  t.sha256(new Uint8Array(new ArrayBuffer(8), 2, 3).fill(97)) === t.sha256('aaa'),
  t.sha256('\ud800') === t.sha256('\ufffd'),              // the model's U+FFFD rule
  t.sha256(new DataView(new TextEncoder().encode('abc').buffer)) === abc,
  t.add(2 ** 53, 1), t.add(-0, -0), Object.is(t.add(-0, -0), -0), typeof t.add(1n, 2n),
];
for (const bad of [() => t.sha256(new t.SharedBuffer(3)), () => t.add(1, '2'), () => t.noop(1)]) {
  try { bad(); out.push('no error'); } catch (e) { out.push(`${e.constructor.name}: ${e.message}`); }
}
console.log(JSON.stringify(out));
""")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.strip(), '[true,true,true,true,true,9007199254740992,0,true,"number",'
                         '"TypeError: sha256(): argument \'data\' must be bytes or a string, not object",'
                         '"TypeError: add(): argument \'b\' must be a number, not string",'
                         '"TypeError: noop() takes 0 arguments (1 given)"]')

    def test_python(self):
        r = twinhost("-c", r"""
import twinhost as t
class Int(int): pass
abc = t.sha256(b'abc')
print(abc == t.sha256('abc') == t.sha256(bytearray(b'abc')) == t.sha256(memoryview(b'xabcx')[1:4]))
print(t.sha256('\ud800') == t.sha256('\ufffd'), len(t.sha256(b'a' * 100000)), t.sha256('a' * 70000) == t.sha256(b'a' * 70000))
print(t.add(Int(1), 2), t.add(2**62, 2**62 - 1), t.add(1, 2.5), t.noop())
for bad in [lambda: t.add(True, 1), lambda: t.add(2**64, 1), lambda: t.sha256(1), lambda: t.noop(1)]:
    try:
        bad(); print('no error')
    except Exception as e:
        print(f'{type(e).__name__}: {e}')
""")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), [
            "True", "True 64 True", "3 9223372036854775807 3.5 None",
            "TypeError: add(): argument 'a' must be a number, not bool",
            "ValueError: integer out of the 64-bit range",
            "TypeError: sha256(): argument 'data' must be bytes or a string, not int",
            "TypeError: noop() takes 0 arguments (1 given)"])


if __name__ == "__main__":
    unittest.main()
