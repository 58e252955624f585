// Values and calls in and out of a Host: globals, calls with keyword arguments, files'
// exports, argv, C++ functions defined for both languages, and awaiting from C++.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>

#include "twinhost/host.h"
#include "value_printer.h"

using twinhost::ConversionError;
using twinhost::Host;
using twinhost::List;
using twinhost::Map;
using twinhost::ScriptError;
using twinhost::TimedOut;
using twinhost::Value;
using namespace std::chrono_literals;
constexpr auto JS = twinhost::Language::JavaScript;
constexpr auto PY = twinhost::Language::Python;

static std::string data(const char* name) { return std::string(TWINHOST_TEST_DATA) + "/" + name; }

TEST_CASE("globals are set and read in both languages", "[host][api]") {
  Host host;
  host.set_global(JS, "config", Value(Map{{"depth", 3}, {"tags", List{"a", "b"}}}));
  CHECK(host.eval(JS, "config.depth + config.tags.length") == Value(5));
  host.set_global(PY, "config", std::map<std::string, int>{{"depth", 3}});
  CHECK(host.eval(PY, "config['depth'] * 2") == Value(6));

  host.exec(JS, "let lexical = 'let'; var onGlobal = 'var';");
  CHECK(host.get_global(JS, "lexical") == Value("let"));
  CHECK(host.get_global(JS, "onGlobal") == Value("var"));
  CHECK(host.get_global(JS, "Date").is_object());  // a function: by reference
  CHECK(host.get_global(JS, "Math").is_map());     // a plain object: by value
  CHECK(host.get_global(PY, "len").is_object());   // builtins too
  host.exec(PY, "answer = 42");
  CHECK(host.get_global(PY, "answer").as<int>() == 42);

  try {
    host.get_global(JS, "missing");
    FAIL("no error");
  } catch (const ScriptError& e) {
    CHECK(e.type() == "ReferenceError");
  }
  try {
    host.get_global(PY, "missing");
    FAIL("no error");
  } catch (const ScriptError& e) {
    CHECK(e.type() == "NameError");
    CHECK(e.message() == "name 'missing' is not defined");
  }
  CHECK_THROWS_AS(host.get_global(JS, "not an identifier"), ScriptError);
  // What has no equivalent in a language is refused before anything is set.
  CHECK_THROWS_AS(host.set_global(PY, "bad", Value(Map{{1, 1}, {1.0, 2}})), ConversionError);
  CHECK(host.eval(PY, "'bad' in globals()") == Value(false));
}

TEST_CASE("functions are called with C++ arguments, Python's with keywords", "[host][api]") {
  Host host;
  host.exec(JS, "function join(a, b) { return `${a}-${b}`; }");
  CHECK(host.call(JS, "join", {1, "x"}) == Value("1-x"));
  host.exec(PY, "def greet(name, *, punctuation='.'):\n    return 'hello ' + name + punctuation");
  CHECK(host.call(PY, "greet", {"ada"}) == Value("hello ada."));
  CHECK(host.call(PY, "greet", {"ada"}, {{"punctuation", "!"}}) == Value("hello ada!"));
  host.exec(PY, "def count(*args):\n    return len(args)");
  CHECK(host.call(PY, "count", {1, 2, 3, 4, 5, 6, 7, 8}) == Value(8));  // without a tuple
  CHECK(host.call(PY, "count", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) == Value(10));
  CHECK_THROWS_AS(host.call(PY, "count", {Value(Map{{1, 1}, {1.0, 2}})}), ConversionError);
  // JS has no keyword arguments: they arrive as one trailing options object.
  host.exec(JS, "function scaled(a, options) { return a * options.factor; }");
  CHECK(host.call(JS, "scaled", {3}, {{"factor", 2}}) == Value(6));
  host.exec(JS, "var notAFunction = 3;");
  CHECK_THROWS_AS(host.call(JS, "notAFunction"), ConversionError);
  try {
    host.call(PY, "greet", {}, {{"nope", 1}});
    FAIL("no error");
  } catch (const ScriptError& e) {
    CHECK(e.type() == "TypeError");
  }
  // Objects come back by reference, with attributes and calls.
  host.exec(JS, "var tools = new (class { max(...a) { return Math.max(...a); } })();");
  Value tools = host.get_global(JS, "tools");
  CHECK(tools.as_object()->get("max").as_object()->call({3, 9, 4}, {}) == Value(9));
}

TEST_CASE("run_file gives what the file exports", "[host][api]") {
  Host host;
  Value js = host.run_file(data("exports/shapes.js"));
  REQUIRE(js.is_object());
  CHECK(js.as_object()->get("unit") == Value("cm"));
  CHECK(js.as_object()->get("area").as_object()->call({3, 4}, {}) == Value(12));

  Value py = host.run_file(data("exports/shapes.py"));  // imports its sibling module
  REQUIRE(py.is_object());
  CHECK(py.as_object()->get("area").as_object()->call({3, 4}, {}) == Value(12));
  CHECK(py.as_object()->has("unit"));
  CHECK_FALSE(py.as_object()->has("_private"));
  CHECK(host.eval(PY, "__import__('sys').path[0].endswith('exports')") == Value(true));

  Value listed = host.run_file(data("exports/with_all.py"));
  CHECK(listed.as_object()->has("shown"));
  CHECK_FALSE(listed.as_object()->has("not_listed"));

  Value esm = host.run_file(data("lib/twice.mjs"));
  CHECK(esm.as_object()->get("twice").as_object()->call({4}, {}) == Value(8));
}

TEST_CASE("argv is settable for each language", "[host][api]") {
  Host host;
  host.set_argv(PY, {"tool.py", "--flag", "é"});
  CHECK(host.eval(PY, "__import__('sys').argv") == Value(List{"tool.py", "--flag", "é"}));
  host.set_argv(JS, {"tool.js", "x"});
  CHECK(host.eval(JS, "process.argv.slice(1)") == Value(List{"tool.js", "x"}));
  CHECK(host.eval(JS, "process.argv[0] === process.execPath") == Value(true));
}

TEST_CASE("a C++ function is callable from both languages, with its state", "[host][api]") {
  Host host;
  host.exec(PY, "before = 1");  // Python first: the function reaches contexts made before
  std::atomic<int> calls{0};
  host.define("tally", [&calls](const List& args, const Map& kwargs) -> Value {
    ++calls;
    std::int64_t sum = 0;
    for (const auto& a : args) sum += a.as<std::int64_t>();
    for (const auto& [k, v] : kwargs)
      sum += v.as<std::int64_t>() * (k == Value("times10") ? 10 : 1);
    return sum;
  });
  CHECK(host.eval(PY, "tally(1, 2, times10=3)") == Value(33));
  CHECK(host.eval(JS, "tally(4, 5)") == Value(9));  // JS, made after define
  CHECK(calls == 2);
  // Across a JS -> Python -> C++ chain of the same Host.
  CHECK(host.eval(JS, "require('twinhost').python.eval('tally(7)')") == Value(7));

  host.define("strict", [](const List& args, const Map&) -> Value {
    if (args.size() != 1) throw ConversionError("strict() takes one argument");
    if (args[0].as<int>() < 0)
      throw ConversionError("strict(): negative", ConversionError::Kind::Range);
    throw std::runtime_error("strict(): refused");
  });
  CHECK(host.eval(
            JS, "(() => { try { strict() } catch (e) { return e.name + ': ' + e.message } })()") ==
        Value("TypeError: strict() takes one argument"));
  CHECK(host.eval(JS, "(() => { try { strict(-1) } catch (e) { return e.name } })()") ==
        Value("RangeError"));
  host.exec(PY,
            "def attempt(*a):\n"
            "    try:\n"
            "        strict(*a)\n"
            "    except Exception as e:\n"
            "        return type(e).__name__ + ': ' + str(e)\n");
  CHECK(host.call(PY, "attempt", {}) == Value("TypeError: strict() takes one argument"));
  CHECK(host.call(PY, "attempt", {-1}) == Value("ValueError: strict(): negative"));
  CHECK(host.call(PY, "attempt", {1}) == Value("RuntimeError: strict(): refused"));
  CHECK_THROWS_AS(host.define("empty", nullptr), ConversionError);
}

TEST_CASE("C++ awaits a JS promise or a Python awaitable", "[host][api]") {
  Host host;
  Value later = host.eval(JS, "new Promise((resolve) => setTimeout(() => resolve(42), 20))");
  CHECK_FALSE(host.settled(later));
  CHECK(host.await(later) == Value(42));
  CHECK(host.settled(later));
  CHECK(host.settled(Value(1)));
  Value failing = host.eval(JS, "Promise.reject(new RangeError('no'))");
  try {
    host.await(failing);
    FAIL("no error");
  } catch (const ScriptError& e) {
    CHECK(e.type() == "RangeError");
  }
  Value never = host.eval(JS, "new Promise(() => {})");
  CHECK_THROWS_AS(host.await(never), twinhost::HostError);  // nothing can settle it
  Value slow = host.eval(JS, "new Promise((resolve) => setTimeout(resolve, 5000))");
  CHECK_THROWS_AS(host.await(slow, 30ms), TimedOut);
  CHECK(host.await(Value(5)) == Value(5));  // not awaitable: itself

  host.exec(PY,
            "import asyncio\n"
            "async def compute(x):\n"
            "    await asyncio.sleep(0.01)\n"
            "    return x * 2\n"
            "async def sleepy():\n"
            "    await asyncio.sleep(5)\n");
  Value coroutine = host.eval(PY, "compute(21)");
  CHECK_FALSE(host.settled(coroutine));
  CHECK(host.await(coroutine) == Value(42));
  CHECK(host.settled(coroutine));
  CHECK_THROWS_AS(host.await(host.eval(PY, "sleepy()"), 30ms), TimedOut);
  // A Python coroutine that awaits this Host's JS promise.
  host.exec(JS, "globalThis.delayed = (v) => new Promise((r) => setTimeout(() => r(v), 10));");
  host.exec(PY,
            "import twinhost\n"
            "async def via_js():\n"
            "    return await twinhost.js.eval('delayed(7)')\n");
  CHECK(host.await(host.eval(PY, "via_js()")) == Value(7));
}

TEST_CASE("objects chain attributes, items and calls; membership, deletion, repr", "[host][api]") {
  Host host;
  host.exec(JS,
            "var registry = new (class { constructor() { this.items = new Map([['a', 1]]);"
            " this.tags = new Set(['x']); this.list = [1, 'two', NaN]; this.extra = 1; }"
            " describe(n) { return { n, twice: [n, n] }; } })();");
  Value registry = host.get_global(JS, "registry");
  CHECK(registry.attr("describe").call({4}).item("twice").item(1) == Value(4));
  CHECK(registry.attr("items").is_map());                   // a Map comes back by value
  CHECK(registry.attr("tags").as_object()->contains("x"));  // a Set, by reference
  CHECK_FALSE(registry.attr("tags").as_object()->contains("y"));
  CHECK(registry.attr("list").is_list());  // an array comes back by value
  CHECK(registry.as_object()->contains("extra"));
  registry.as_object()->remove("extra");
  CHECK_FALSE(registry.as_object()->contains("extra"));
  registry.attr("tags").as_object()->remove_item("x");  // not a Map: a property delete
  registry.as_object()->remove_item("items");
  CHECK(host.eval(JS, "'items' in registry") == Value(false));
  CHECK(registry.attr("tags").as_object()->repr() == "Set(1) { 'x' }");  // util.inspect
  CHECK(registry.attr("tags").as_object()->str() == "[object Set]");     // String()

  host.exec(PY,
            "class Box:\n"
            "    def __init__(self): self.content = {'k': [1, 2]}; self.label = 'box'\n"
            "    def __repr__(self): return 'Box()'\n"
            "    def __str__(self): return 'a box'\n"
            "box = Box()\nnumbers = {1, 2}\n");
  Value box = host.get_global(PY, "box");
  CHECK(box.attr("content").item("k").item(1) == Value(2));
  CHECK(box.as_object()->repr() == "Box()");
  CHECK(box.as_object()->str() == "a box");
  box.as_object()->remove("label");
  CHECK(host.eval(PY, "hasattr(box, 'label')") == Value(false));
  Value numbers = host.get_global(PY, "numbers");  // a set: by reference
  CHECK(numbers.as_object()->contains(2));
  CHECK_FALSE(numbers.as_object()->contains(3));
  CHECK_THROWS_AS(box.as_object()->contains(1), ScriptError);  // TypeError: not a container
  CHECK_THROWS_AS(Value(1).attr("x"), ConversionError);
  CHECK_THROWS_AS(Value(List{1}).item(5), ConversionError);
  CHECK_THROWS_AS(Value(Map{{"a", 1}}).item("b"), ConversionError);
}
