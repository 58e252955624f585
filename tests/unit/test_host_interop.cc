// Inside a Host, each language's view of the other is that Host's own state: Python's
// `twinhost.js` reaches the Host's Node environment, JS's `twinhost.python` its namespace.
#include <catch2/catch.hpp>

#include <optional>

#include "twinhost/errors.h"
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

namespace {
// A ForeignObject of C++ that only calls, by throwing: call_catching()'s default.
struct Thrower final : twinhost::ForeignObject {
  const char* runtime() const override { return "c++"; }
  Value get(const std::string&) override { return Value(); }
  void set(const std::string&, const Value&) override {}
  bool has(const std::string&) override { return false; }
  Value call(const twinhost::List&, const twinhost::Map&) override {
    throw twinhost::ScriptError(JS, "Error", "thrown", "Error: thrown\n");
  }
  Value item(const Value&) override { return Value(); }
  bool has_length() override { return false; }
  std::int64_t length() override { return 0; }
  std::string str() override { return "thrower"; }
};
}  // namespace

namespace {
// A ForeignObject of C++ that keeps its arguments and returns the first: what a receiver
// that does not take lent bytes is given (call_lent()'s default).
struct Keeper final : twinhost::ForeignObject {
  twinhost::List seen;
  const char* runtime() const override { return "c++"; }
  Value get(const std::string&) override { return Value(); }
  void set(const std::string&, const Value&) override {}
  bool has(const std::string&) override { return false; }
  Value call(const twinhost::List& args, const twinhost::Map&) override {
    seen = args;
    return args.empty() ? Value() : args[0];
  }
  Value item(const Value&) override { return Value(); }
  bool has_length() override { return false; }
  std::int64_t length() override { return 0; }
  std::string str() override { return "keeper"; }
};
}  // namespace

TEST_CASE("bytes called into C++ from JS and Python arrive as Bytes", "[host][interop]") {
  Host host;
  auto keeper = std::make_shared<Keeper>();
  Value pass =
      host.eval(JS,
                "(f) => { const b = Buffer.from('xabcx'); const r = f(b.subarray(1, 4));"
                " b.fill(0); const ab = new ArrayBuffer(2); new Uint8Array(ab).set([7, 8]);"
                " return [r, f(ab)] }");
  Value result =
      pass.as_object()->call({Value(std::shared_ptr<twinhost::ForeignObject>(keeper))}, {});
  REQUIRE(keeper->seen.size() == 1);
  REQUIRE(keeper->seen[0].is_bytes());
  CHECK(keeper->seen[0].as_bytes().data == "\x07\x08");
  REQUIRE(result.is_list());
  CHECK(result.as_list()[0] == Value(twinhost::Bytes{"abc"}));  // copied before b changed
  CHECK(result.as_list()[1] == Value(twinhost::Bytes{"\x07\x08"}));
  // Python's bytes, lent to the call, are copied for a receiver that does not take them.
  Value pass_py = host.eval(PY, "lambda f: f(b'xyz', b'')");
  CHECK(pass_py.as_object()->call({Value(std::shared_ptr<twinhost::ForeignObject>(keeper))}, {}) ==
        Value(twinhost::Bytes{"xyz"}));
  REQUIRE(keeper->seen.size() == 2);
  CHECK(keeper->seen[1] == Value(twinhost::Bytes{""}));
}

TEST_CASE("call_catching() sets the callee's error instead of throwing it", "[host][interop]") {
  Host host;
  struct Case {
    Value callee;
    const char* type;
  };
  for (const Case& c :
       {Case{host.eval(JS, "(x) => { if (x) throw new RangeError('no'); return 7 }"), "RangeError"},
        Case{host.eval(PY, "lambda x: 1 / 0 if x else 7"), "ZeroDivisionError"},
        Case{Value(std::make_shared<Thrower>()), "Error"}}) {
    std::optional<twinhost::ScriptError> error;
    Value result = c.callee.as_object()->call_catching({Value(true)}, {}, error);
    REQUIRE(error.has_value());
    CHECK(error->type() == c.type);
    CHECK(result == Value());
    if (std::string(c.callee.as_object()->runtime()) == "c++") continue;
    error.reset();
    CHECK(c.callee.as_object()->call_catching({Value(false)}, {}, error) == Value(7));
    CHECK_FALSE(error.has_value());
  }
}
