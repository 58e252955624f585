"""Cross-runtime calls in one process: JS calling Python and Python calling JS, values by the
value model, exceptions with both languages' stacks, re-entrant nesting 100 deep."""
import unittest

from twinhost_cli import TestCase, fixture, twinhost


class Interop(TestCase):
    def test_js_calls_python(self):
        r = twinhost(fixture("interop_from_js.js"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), [
            "3 [0,1,4,9]",
            'HI! {"k": [1, null]}',
            "true true ZeroDivisionError | ZeroDivisionError: division by zero",
            "ZeroDivisionError: division by zero",
            "true",
            "depth 100",
            "unwound TypeError undefined true",  # the JS error itself, through 100 levels
        ])

    def test_python_error_has_one_shape_however_it_was_made(self):
        # Made from C++ as an exception crosses, or by the user: name from the prototype
        # (not an own key), the class's constructor, the traceback read lazily and settable.
        self.assertPrints([fixture("python_error_shape.js")], lines=[
            'name ["PythonError",false,["pythonType","pythonException"]]',
            'class [true,true,true,"[object Error]"]',
            'message ["ZeroDivisionError: division by zero","ZeroDivisionError",'
            '"PythonError: ZeroDivisionError: division by zero"]',
            'stack ["PythonError: ZeroDivisionError: division by zero",true]',
            'exception [true,"division by zero"]',
            'traceback ["Traceback (most recent call last):",'
            '"ZeroDivisionError: division by zero",true]',
            'set ["replaced",["pythonType","pythonException"]]',
            'given ["PythonError","ValueError: bad value","ValueError","Traceback: given\\n",'
            'false,true]',
            "bare [\"KeyError: 'k'\",\"KeyError: 'k'\\n\",null]",
            'again [true,"ZeroDivisionError: division by zero"]',
            "given again [true]",
            "identity true",
        ])

    def test_python_calls_js(self):
        r = twinhost(fixture("interop_from_python.py"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), [
            "[10, 20, 30] {'a': 1, 'b': [True, None]}",
            "42 a/b",
            "JSError TypeError | Cannot read properties of null (reading 'x') | True",
            "nested: ValueError | invalid literal for int() with base 10: 'x'",
            "__main__ 3",
            "JSProxy linux 2 5 5",
            "[3, 2, 1] ['a', 'b'] 2",
            "41 True",
            "JSError RangeError boom",
            "options object: [1, {'b': 2}]",
            "a/b /",
        ])

    def test_python_calls_js_back_inside_a_call_from_js(self):
        # The nested path: JS of other contexts, arguments at several depths at once,
        # keywords, and bytes a callback keeps after its call (copied, not lent).
        self.assertPrints([fixture("callbacks_nested.js")], lines=[
            "realm [[true,2,2]]",
            'contexts [["number",5],6]',
            'keywords [[1,{"k":2}]]',
            "relay 3:3:3,3(2:2:2,2(1:1:1,1(0:0:0,0(bottom))))",
            "kept ab,cde",
        ])

    def test_js_objects_keep_their_own_realm(self):
        # Lists made for a JS function are of its realm (vm context), not the caller's;
        # dir() stops at the object's own Object.prototype; repr is util.inspect's in an
        # entry script, whose context has no global `require`.
        self.assertPrints([fixture("realms.js")], lines=[
            "main [true,true,true]",
            "vm [true,true]",
            "dir a,hello,to_py",
            "repr <JSProxy Point { x: 1 }> <JSProxy { a: 1, hello: [Function: hello] }>",
        ])

    def test_js_buffers_reach_python_as_the_bytes_of_their_view(self):
        self.assertPrints([fixture("buffers_into_python.js")], lines=[
            "bytes:0102030405060708090a0b0c0d0e0f10",
            "bytes:0102030405060708090a0b0c0d0e0f10",
            "bytes:050607",
            "bytes:0304",
            "bytes:000000000000f83f",
            "bytes:6869",
            "bytes:abcd",
            "bytes:0000",
            "bytes:",
            "bytes:",
            "2097158 bytes:ababab abcd",
            "01020304 01020304 050607 0304 00000000 6869 abcd 0000   abababab",
            "true 3 true 616263",
            "true 0 true ",
            "true 1048576 true 000000",
            "616263",
        ])

    def test_python_bytes_reach_js_as_a_uint8array_of_their_own(self):
        self.assertPrints([fixture("bytes_into_js.py")], lines=[
            "true 3 true 616263",
            "true 0 true ",
            "true 1048577 true 0101cd",
            "true 2 true 7879",
            "true 2 true 7071",
            "5 b'abc' b'\\x01\\xcd' 1048577",
        ])

    def test_long_arrays_cross_as_short_ones(self):
        # 16 elements and more: their leading numbers are read in one call into JS.
        r = twinhost(fixture("interop_long_arrays.js"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), [
            'ints int:0 int:1 int:2 int:3 int:4 int:5 int:6 int:7 int:8 int:9 int:10 int:11 int:12 int:13 int:14 int:15',
            'packed ints int:0 int:1 int:2 int:3 int:4 int:5 int:6 int:7 int:8 int:9 int:10 int:11 int:12 int:13 int:14 int:15',
            'packed floats float:0.25 float:1.25 float:2.25 float:3.25 float:4.25 float:5.25 float:6.25 float:7.25 float:8.25 float:9.25 float:10.25 float:11.25 float:12.25 float:13.25 float:-0.0 float:9007199254740994.0',
            'mixed int:0 int:1 int:2 int:3 int:4 int:5 int:6 int:7 int:8 int:9 int:10 int:11 int:12 int:13 int:14 float:0.5 float:-0.0 float:nan float:inf float:9007199254740992.0 float:1.152921504606847e+18 int:-7',
            "string at 0 str:'a' int:0 int:1 int:2 int:3 int:4 int:5 int:6 int:7 int:8 int:9 int:10 int:11 int:12 int:13 int:14 int:15",
            "string at 15 int:0 int:1 int:2 int:3 int:4 int:5 int:6 int:7 int:8 int:9 int:10 int:11 int:12 int:13 int:14 str:'x' int:16 float:2.5",
            "nested int:0 int:1 int:2 int:3 int:4 int:5 int:6 int:7 int:8 int:9 int:10 int:11 int:12 int:13 int:14 int:15 list:[1, 2.5] dict:{'k': 1} NoneType:None bool:True int:10",
            'holes NoneType:None NoneType:None NoneType:None int:3 NoneType:None NoneType:None NoneType:None NoneType:None NoneType:None NoneType:None NoneType:None NoneType:None NoneType:None NoneType:None NoneType:None NoneType:None NoneType:None',
            "getters int:0 int:1 int:2 int:3 int:4 str:'five' int:6 int:7 int:8 float:9.25 int:10 int:11 int:12 int:13 int:14 int:15",
            'getter reads 2',
        ])

    def test_python_objects_are_proxies_in_js(self):
        r = twinhost(fixture("interop_proxies.js"), timeout=300)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.splitlines(), [
            "4 3.1416 true",
            "3 5 10 Point(3, 4) Point(3, 4)",
            "6 true",
            '3 1 [ 0, 1, 2 ] ["a","b"]',
            "[ 30, 10, 20 ] [ 1, 2, 3 ]",
            "true ValueError: math domain error",
            "[python Point(6, 4)]",
            "flat: true live boxes < 100000: true",
        ])

    def test_python_requires_from_a_js_entry(self):
        script = "require('twinhost').python.exec('from twinhost import js\\nprint(js.require(\\'node:path\\').basename(\\'/x/y.txt\\'))')"
        r = twinhost("-e", script)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, "y.txt\n")

    def test_wrong_arguments(self):
        r = twinhost("-e", "try { require('twinhost').python.eval(1) } catch (e) { console.log(e.name, e.message) }")
        self.assertEqual(r.stdout, "TypeError python.eval() takes one argument, a string of code\n")
        r = twinhost("-c", "from twinhost import js\ntry:\n    js.eval(1)\nexcept TypeError as e:\n    print('TypeError')")
        self.assertEqual(r.stdout, "TypeError\n")

    def test_uncaught_python_error_in_js_exits_1_with_both_stacks(self):
        r = twinhost("-e", "require('twinhost').python.eval('{}[\"missing\"]')")
        self.assertExit(r, 1)
        self.assertIn("PythonError: KeyError: 'missing'", r.stderr)
        self.assertIn("pythonTraceback: 'Traceback (most recent call last):", r.stderr)


if __name__ == "__main__":
    unittest.main()
