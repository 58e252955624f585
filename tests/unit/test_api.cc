// The native API from C++, and the same objects seen from JS and Python in one process.
#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>

#include "api.h"
#include "store.h"
#include "twinhost/host.h"
#include "twinhost/shared_buffer.h"
#include "value_printer.h"

using twinhost::Host;
using twinhost::Value;
constexpr auto JS = twinhost::Language::JavaScript;
constexpr auto PY = twinhost::Language::Python;

TEST_CASE("one Store is shared by C++, JavaScript and Python", "[api]") {
  auto store = twinhost::api::Store::open("shared-by-all");
  store->set("from-cpp", Value(1));
  Host host;
  host.exec(
      JS,
      "const t = require('twinhost'); new t.Store('shared-by-all').set('from-js', [2, 'two']);");
  host.exec(PY, "import twinhost\ntwinhost.Store('shared-by-all').set('from-py', {'three': 3})");
  CHECK(store->keys() == std::vector<std::string>{"from-cpp", "from-js", "from-py"});
  CHECK(store->get("from-js") == Value(twinhost::List{Value(2), Value("two")}));
  CHECK(store->get("from-py") == Value(twinhost::Map{{Value("three"), Value(3)}}));
  CHECK(host.eval(PY, "twinhost.Store('shared-by-all').get('from-cpp')") == Value(1));
  CHECK(host.eval(JS, "new t.Store('shared-by-all').size()") == Value(3));
}

TEST_CASE("the API is callable from C++ through the same table", "[api]") {
  const auto& table = twinhost::api::module();
  const twinhost::api::Function* add = nullptr;
  for (const auto& fn : table.functions)
    if (std::string(fn.name) == "add") add = &fn;
  REQUIRE(add);
  Value args[] = {Value(40), Value(2)};
  twinhost::api::check_arguments("", add->name, add->params, 2, args);
  CHECK(add->call(args) == Value(42));
  CHECK_THROWS_WITH(twinhost::api::check_arguments("", add->name, add->params, 1, args),
                    "add() takes 2 arguments (1 given)");
}

// Adding a function is one declaration: both faces pick it up from the table.
TEST_CASE("a function added to the table appears in both languages", "[api]") {
  twinhost::api::add_function({"triple",
                               {{"x", twinhost::api::Type::Number}},
                               twinhost::api::Type::Number,
                               [](const Value* args) { return Value(args[0].as_number() * 3); },
                               "Three times x."});
  Host host;  // modules are built when a runtime first loads them: after the declaration
  CHECK(host.eval(JS, "require('twinhost').triple(14)") == Value(42));  // JS: 42 is an integer
  CHECK(host.eval(PY, "__import__('twinhost').triple(14)") == Value(42.0));
  CHECK(
      host.eval(
          JS,
          "(() => { try { require('twinhost').triple('x') } catch (e) { return e.message } })()") ==
      Value("triple(): argument 'x' must be a number, not string"));
  host.exec(PY,
            "try:\n    __import__('twinhost').triple('x')\nexcept TypeError as e:\n    message = "
            "str(e)\n");
  CHECK(host.eval(PY, "message") == Value("triple(): argument 'x' must be a number, not string"));
}

TEST_CASE("an ES module run by a Host imports twinhost", "[api][node]") {
  Host host;
  host.run_file(std::string(TWINHOST_TEST_DATA) + "/uses_api.mjs");
  CHECK(host.eval(JS, "globalThis.fromEsm") == Value(7));
}

TEST_CASE("a C++ exception in a native function is the runtime's Error", "[api]") {
  twinhost::api::add_function(
      {"explode",
       {},
       twinhost::api::Type::Null,
       [](const Value*) -> Value { throw std::runtime_error("native boom"); },
       "Throws."});
  Host host;
  CHECK(host.eval(JS,
                  "(() => { try { require('twinhost').explode() } catch (e) { return "
                  "e.constructor.name + ': ' + e.message } })()") == Value("Error: native boom"));
  host.exec(PY,
            "try:\n    __import__('twinhost').explode()\nexcept RuntimeError as e:\n    caught = "
            "repr(e)\n");
  CHECK(host.eval(PY, "caught") == Value("RuntimeError('native boom')"));
}

TEST_CASE("a SharedBuffer window must lie inside its memory", "[api][shared]") {
  auto memory = std::make_shared<twinhost::SharedMemory>(16);
  CHECK_NOTHROW(twinhost::SharedBuffer(memory, 4, 12));
  CHECK_NOTHROW(twinhost::SharedBuffer(memory, 16, 0));
  CHECK_THROWS_AS(twinhost::SharedBuffer(memory, 4, 13), std::out_of_range);
  CHECK_THROWS_AS(twinhost::SharedBuffer(memory, 17, 0), std::out_of_range);
  CHECK_THROWS_AS(twinhost::SharedBuffer(memory, 8, SIZE_MAX), std::out_of_range);
}

TEST_CASE("a SharedBuffer too long for a Uint8Array is a RangeError in JS", "[api][shared]") {
  twinhost::Host host;
  // 2^32 + 1 bytes, zero-filled lazily by the kernel: never touched here.
  twinhost::api::Store::open("too-long")
      ->set("b", twinhost::Value(std::shared_ptr<twinhost::ForeignObject>(
                     twinhost::SharedBuffer::create((std::size_t{1} << 32) + 1))));
  CHECK(host.eval(twinhost::Language::JavaScript,
                  "(() => { try { new (require('twinhost').Store)('too-long').get('b') }"
                  " catch (e) { return e.name } })()") == twinhost::Value("RangeError"));
  twinhost::api::Store::open("too-long")->erase("b");
}

TEST_CASE("a SharedBuffer kept across Hosts reaches each new Host's JS", "[api][shared]") {
  // Each Host's JS has its own isolate, often at the address of the one before: what was
  // kept for an isolate that is gone must not be found for the next one.
  auto store = twinhost::api::Store::open("across-hosts");
  store->set("b",
             Value(std::shared_ptr<twinhost::ForeignObject>(twinhost::SharedBuffer::create(64))));
  for (int i = 1; i <= 8; ++i) {
    Host host;
    CHECK(host.eval(twinhost::Language::JavaScript,
                    "(() => { const b = new (require('twinhost').Store)('across-hosts').get('b');"
                    " b[0] += 1; return b[0] })()") == Value(i));
  }
  store->erase("b");
}
