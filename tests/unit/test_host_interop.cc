// Inside a Host, each language's view of the other is that Host's own state: Python's
// `twinhost.js` reaches the Host's Node environment, JS's `twinhost.python` its namespace.
#include <catch2/catch.hpp>

#include "twinhost/host.h"
#include "value_printer.h"

using twinhost::Host;
using twinhost::Value;
constexpr auto JS = twinhost::Language::JavaScript;
constexpr auto PY = twinhost::Language::Python;

TEST_CASE("Python's twinhost.js is its Host's JavaScript", "[host][interop]") {
  Host a, b;
  a.exec(PY, "import twinhost\ntwinhost.js.exec('globalThis.owner = \"a\"')");
  b.exec(PY, "import twinhost\ntwinhost.js.exec('globalThis.owner = \"b\"')");
  CHECK(a.eval(JS, "owner") == Value("a"));
  CHECK(b.eval(JS, "owner") == Value("b"));
  // And the reverse order: the Host's JS ran first, Python sees its globals.
  Host c;
  c.exec(JS, "var fromC = 3;");
  CHECK(c.eval(PY, "__import__('twinhost').js.eval('fromC')") == Value(3));
  CHECK(a.eval(PY, "twinhost.js.eval('typeof fromC')") == Value("undefined"));
}

TEST_CASE("JavaScript's twinhost.python is its Host's namespace", "[host][interop]") {
  Host a, b;
  a.exec(PY, "who = 'a'");
  b.exec(PY, "who = 'b'");
  CHECK(a.eval(JS, "require('twinhost').python.eval('who')") == Value("a"));
  CHECK(b.eval(JS, "require('twinhost').python.eval('who')") == Value("b"));
  a.exec(JS, "require('twinhost').python.exec('made_by_js = 42')");
  CHECK(a.eval(PY, "made_by_js") == Value(42));
  CHECK(b.eval(PY, "'made_by_js' in globals()") == Value(false));
  CHECK(a.eval(PY, "__import__('sys').modules['__main__'].__dict__.get('made_by_js')") ==
        Value(nullptr));
}

TEST_CASE("a round trip JS -> Python -> JS stays in one Host", "[host][interop]") {
  Host host;
  host.exec(JS, "var depth = 'js';");
  CHECK(host.eval(JS,
                  "require('twinhost').python.eval("
                  "\"__import__('twinhost').js.eval('depth') + '-py'\")") == Value("js-py"));
}
