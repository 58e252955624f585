// The Host library: both runtimes in one process, values back to C++, errors as
// exceptions, state kept between calls, the event loop, and the process-wide rules.
#include <unistd.h>
#include <catch2/catch.hpp>
#include <string>
#include <thread>

#include "twinhost/host.h"
#include "value_printer.h"

using twinhost::ConversionError;
using twinhost::Host;
using twinhost::HostError;
using twinhost::ScriptError;
using twinhost::Value;
constexpr auto JS = twinhost::Language::JavaScript;
constexpr auto PY = twinhost::Language::Python;

static std::string data(const char* name) { return std::string(TWINHOST_TEST_DATA) + "/" + name; }

TEST_CASE("JavaScript values come back as twinhost values", "[host][node]") {
  Host host;
  CHECK(host.eval(JS, "1 + 2") == Value(3));
  CHECK(host.eval(JS, "0.5 + 0.25") == Value(0.75));
  CHECK(host.eval(JS, "'twin' + 'host'") == Value("twinhost"));
  CHECK(host.eval(JS, "'\\u00e9\\u{1F600}'") == Value("\xC3\xA9\xF0\x9F\x98\x80"));
  CHECK(host.eval(JS, "null").is_null());
  CHECK(host.eval(JS, "undefined").is_null());
  CHECK(host.eval(JS, "3 > 2") == Value(true));
  CHECK(host.eval(JS, "2n ** 62n") == Value(std::int64_t{1} << 62));
  CHECK(host.eval(JS, "-0").is_float());           // -0 is not the integer 0
  CHECK(host.eval(JS, "2 ** 53 + 2").is_float());  // beyond 2^53 a Number is a float
  CHECK(host.eval(JS, "2 ** 53 - 1") == Value((std::int64_t{1} << 53) - 1));
  CHECK(host.eval(JS, "2 ** 53").is_float());  // the value model: ints within ±(2^53 - 1)
  CHECK(host.eval(JS, "({a: [1, 'x']})") ==
        Value(twinhost::Map{{Value("a"), Value(twinhost::List{Value(1), Value("x")})}}));
  CHECK(host.eval(JS, "new Uint8Array([1, 2])") == Value(twinhost::Bytes{"\x01\x02"}));
  Value function = host.eval(JS, "(() => 41 + 1)");  // not data: held by reference
  REQUIRE(function.is_object());
  CHECK(std::string(function.as_object()->runtime()) == "node");
  CHECK(function.as_object()->call({}, {}) == Value(42));
  CHECK_THROWS_AS(host.eval(JS, "Symbol('s')"), ConversionError);
  CHECK_THROWS_AS(host.eval(JS, "2n ** 64n"), ConversionError);
}

TEST_CASE("Python values come back as twinhost values", "[host][python]") {
  Host host;
  CHECK(host.eval(PY, "1 + 2") == Value(3));
  CHECK(host.eval(PY, "0.5 + 0.25") == Value(0.75));
  CHECK(host.eval(PY, "'twin' + 'host'") == Value("twinhost"));
  CHECK(host.eval(PY, "'\\u00e9\\U0001F600'") == Value("\xC3\xA9\xF0\x9F\x98\x80"));
  CHECK(host.eval(PY, "None").is_null());
  CHECK(host.eval(PY, "3 > 2") == Value(true));
  CHECK(host.eval(PY, "2 ** 62") == Value(std::int64_t{1} << 62));
  CHECK_THROWS_AS(host.eval(PY, "2 ** 64"), ConversionError);
  CHECK(host.eval(PY, "(1, [b'x'], {'k': None})") ==
        Value(twinhost::List{Value(1), Value(twinhost::List{Value(twinhost::Bytes{"x"})}),
                             Value(twinhost::Map{{Value("k"), Value()}})}));
  CHECK(host.eval(PY, "'\\ud800'") == Value("\xEF\xBF\xBD"));  // lone surrogate -> U+FFFD
  Value object = host.eval(PY, "object()");  // not a plain value: held by reference
  REQUIRE(object.is_object());
  CHECK(std::string(object.as_object()->runtime()) == "python");
  CHECK_THAT(object.as_object()->str(), Catch::StartsWith("<object object at"));
}

TEST_CASE("state persists and the two runtimes interleave", "[host]") {
  Host host;
  host.exec(JS, "var total = 1; function bump(n) { total += n; return total; }");
  host.exec(PY, "total = 10\ndef bump(n):\n    global total\n    total += n\n    return total\n");
  for (int round = 0; round < 3; ++round) {
    Value js = host.eval(JS, "bump(" + std::to_string(round) + ")");
    Value py = host.eval(PY, "bump(" + std::to_string(js.as_int()) + ")");
    host.exec(JS, "globalThis.lastPython = " + std::to_string(py.as_int()) + ";");
  }
  // JS: 1, +0 -> 1, +1 -> 2, +2 -> 4. Python: 10 + 1 + 2 + 4.
  CHECK(host.eval(JS, "total") == Value(4));
  CHECK(host.eval(PY, "total") == Value(17));
  CHECK(host.eval(JS, "lastPython") == Value(17));
  CHECK(host.uses(JS));
  CHECK(host.uses(PY));
}

TEST_CASE("a Host that uses one runtime does not start the other", "[host]") {
  Host host;
  host.eval(PY, "1");
  CHECK(host.uses(PY));
  CHECK_FALSE(host.uses(JS));
}

TEST_CASE("script errors become ScriptError with the runtime's stack", "[host][errors]") {
  Host host;
  SECTION("JavaScript throw") {
    host.exec(JS, "function inner() { null.x; }\nfunction outer() { inner(); }", "lib.js");
    try {
      host.eval(JS, "outer()");
      FAIL("no exception");
    } catch (const ScriptError& e) {
      CHECK(e.language() == JS);
      CHECK(e.type() == "TypeError");
      CHECK_THAT(e.message(), Catch::Contains("null"));
      CHECK_THAT(e.stack(), Catch::Contains("at inner (lib.js:1"));
      CHECK_THAT(e.stack(), Catch::Contains("at outer (lib.js:2"));
    }
  }
  SECTION("JavaScript syntax error names the file and line") {
    try {
      host.exec(JS, "let ok = 1;\nlet = = 2;", "broken.js");
      FAIL("no exception");
    } catch (const ScriptError& e) {
      CHECK(e.type() == "SyntaxError");
      CHECK_THAT(e.stack(), Catch::StartsWith("broken.js:2"));
    }
  }
  SECTION("a thrown non-Error value") {
    try {
      host.exec(JS, "throw 42");
      FAIL("no exception");
    } catch (const ScriptError& e) {
      CHECK(e.message() == "42");
    }
  }
  SECTION("Python raise") {
    host.exec(PY, "def inner():\n    raise ValueError('bad value')\n", "lib.py");
    try {
      host.eval(PY, "inner()");
      FAIL("no exception");
    } catch (const ScriptError& e) {
      CHECK(e.language() == PY);
      CHECK(e.type() == "ValueError");
      CHECK(e.message() == "bad value");
      CHECK_THAT(e.stack(), Catch::StartsWith("Traceback (most recent call last):"));
      CHECK_THAT(e.stack(), Catch::Contains("File \"lib.py\", line 2, in inner"));
      CHECK(std::string(e.what()) == "ValueError: bad value");
    }
  }
  SECTION("Python syntax error and a qualified exception type") {
    CHECK_THROWS_MATCHES(host.exec(PY, "def f(:\n"), ScriptError,
                         Catch::Predicate<ScriptError>(
                             [](const ScriptError& e) { return e.type() == "SyntaxError"; }));
    CHECK_THROWS_MATCHES(host.eval(PY, "__import__('json').loads('{')"), ScriptError,
                         Catch::Predicate<ScriptError>([](const ScriptError& e) {
                           return e.type() == "json.decoder.JSONDecodeError";
                         }));
  }
  // The Host stays usable after an error.
  CHECK(host.eval(JS, "1") == Value(1));
  CHECK(host.eval(PY, "1") == Value(1));
}

TEST_CASE("microtasks run after each call, timers with the event loop", "[host][node]") {
  Host host;
  host.exec(JS, "Promise.resolve().then(() => { globalThis.micro = 1; });");
  CHECK(host.eval(JS, "globalThis.micro") == Value(1));

  host.exec(JS, "globalThis.pending = setTimeout(() => {}, 60000);");
  CHECK(host.run_event_loop_once());  // a pending timer keeps the loop alive
  host.exec(JS, "clearTimeout(pending);");
  CHECK_FALSE(host.run_event_loop_once());

  host.exec(JS, "setTimeout(() => { globalThis.timer = 'fired'; }, 5);");
  CHECK(host.eval(JS, "globalThis.timer").is_null());
  host.run_event_loop();
  CHECK(host.eval(JS, "globalThis.timer") == Value("fired"));
}

TEST_CASE("require, node: built-ins and files", "[host][node]") {
  Host host;
  CHECK(host.eval(JS, "require('node:path').join('a', 'b')") == Value("a/b"));
  CHECK(host.eval(JS, "require('crypto').createHash('sha256').update('x').digest('hex')")
            .as_string()
            .rfind("2d711642", 0) == 0);
  host.run_file(data("counter.js"));
  CHECK(host.eval(JS, "fromFile") == Value(42));
  CHECK(host.eval(JS, "fileDir") == Value(std::string(TWINHOST_TEST_DATA)));
  host.run_file(data("module.mjs"));
  CHECK(host.eval(JS, "fromModule") == Value(100));
  host.run_file(data("namespace.py"));
  CHECK(host.eval(PY, "from_file") == Value(42));
  CHECK(host.eval(PY, "file_seen") == Value(data("namespace.py")));
  CHECK_THROWS_AS(host.run_file(data("missing.js")), HostError);
  CHECK_THROWS_AS(host.run_file(data("notes.txt")), HostError);
}

TEST_CASE("an uncaught error in a timer surfaces from run_event_loop", "[host][node]") {
  Host host;
  host.exec(JS, "setTimeout(function tick() { throw new RangeError('late'); }, 1);");
  try {
    host.run_event_loop();
    FAIL("no exception");
  } catch (const ScriptError& e) {
    CHECK(e.type() == "RangeError");
    CHECK(e.message() == "late");
    CHECK_THAT(e.stack(), Catch::Contains("at Timeout.tick"));
  }
  // Reported once; the environment stays usable (a library Host is not a process).
  CHECK(host.eval(JS, "1 + 1") == Value(2));
  CHECK(host.eval(PY, "1 + 1") == Value(2));
}

TEST_CASE("an unhandled rejection is a ScriptError and prints nothing", "[host][node]") {
  Host host;
  // Whatever node would print goes to fd 2: catch it there.
  int saved = dup(2), pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  dup2(pipe_fds[1], 2);
  bool thrown = false;
  try {
    host.exec(JS, "Promise.reject(new TypeError('nobody caught me'))");
  } catch (const ScriptError& e) {
    thrown = e.type() == "TypeError" && e.message() == "nobody caught me";
  }
  host.exec(JS, "setTimeout(() => { throw new RangeError('in a timer') }, 1)");
  bool from_loop = false;
  try {
    host.run_event_loop();
  } catch (const ScriptError& e) {
    from_loop = e.type() == "RangeError";
  }
  Value after = host.eval(JS, "'still usable'");
  dup2(saved, 2);
  close(saved);
  close(pipe_fds[1]);
  char buffer[4096];
  ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
  close(pipe_fds[0]);
  CHECK(thrown);
  CHECK(from_loop);
  CHECK(after == Value("still usable"));
  CHECK(n == 0);  // nothing on stderr
}

TEST_CASE("process.exit() ends one Host's environment, not the process", "[host][node]") {
  {
    Host host;
    host.exec(JS, "process.on('exit', (c) => { globalThis.code = c; });");
    CHECK_THROWS_AS(host.exec(JS, "process.exit(5)"), HostError);
    CHECK_THROWS_WITH(host.eval(JS, "1"), Catch::Contains("exited with code 5"));
  }
  Host next;  // runtimes are process-wide: a new Host gets a fresh environment
  CHECK(next.eval(JS, "typeof code") == Value("undefined"));
}

TEST_CASE("Hosts are isolated from each other", "[host]") {
  Host a, b;
  a.exec(JS, "var who = 'a';");
  b.exec(JS, "var who = 'b';");
  a.exec(PY, "who = 'a'");
  b.exec(PY, "who = 'b'");
  CHECK(a.eval(JS, "who") == Value("a"));
  CHECK(b.eval(JS, "who") == Value("b"));
  CHECK(a.eval(PY, "who") == Value("a"));
  CHECK(b.eval(PY, "who") == Value("b"));
}

TEST_CASE("a Host refuses calls from another thread", "[host][threads]") {
  Host host;
  host.eval(JS, "1");
  bool refused = false;
  std::thread other([&] {
    try {
      host.eval(JS, "2");
    } catch (const HostError&) {
      refused = true;
    }
  });
  other.join();
  CHECK(refused);
}

TEST_CASE("a Host per thread runs in parallel threads", "[host][threads]") {
  Value results[2];
  std::thread workers[2];
  for (int i = 0; i < 2; ++i) {
    workers[i] = std::thread([&results, i] {
      Host host;
      host.exec(JS, "var n = " + std::to_string(i) + ";");
      results[i] = Value(host.eval(JS, "n * 10").as_int() + host.eval(PY, "1").as_int());
    });
  }
  for (auto& t : workers) t.join();
  CHECK(results[0] == Value(1));
  CHECK(results[1] == Value(11));
}

TEST_CASE("Python source with a NUL byte is refused, not cut short", "[host][python]") {
  Host host;
  std::string code("x = 1\0x = 2", 11);
  try {
    host.exec(PY, code);
    FAIL("no error");
  } catch (const ScriptError& e) {
    CHECK(e.type() == "ValueError");
    CHECK(e.message() == "source code string cannot contain null bytes");
  }
  CHECK_THROWS_AS(host.eval(PY, std::string("1\0 + 1", 6)), ScriptError);
}

TEST_CASE("a ScriptError holds the thrown object", "[host][node][python]") {
  Host host;
  try {
    host.exec(JS, "const e = new RangeError('r'); e.code = 'E_CODE'; throw e;");
    FAIL("no error");
  } catch (const ScriptError& e) {
    REQUIRE(e.exception());
    CHECK(e.exception()->get("code") == Value("E_CODE"));
  }
  try {
    host.exec(PY, "raise SystemExit(3)");
    FAIL("no error");
  } catch (const ScriptError& e) {
    REQUIRE(e.exception());
    CHECK(e.exception()->get("code") == Value(3));
  }
}

TEST_CASE("process.exit() inside a call on a JS object is EnvironmentExited", "[host][node]") {
  Host host;
  Value exit_with = host.eval(JS, "(n) => process.exit(n)");
  REQUIRE(exit_with.is_object());
  try {
    exit_with.as_object()->call({Value(3)}, {});
    FAIL("no error");
  } catch (const twinhost::EnvironmentExited& e) {
    CHECK(e.exit_code() == 3);
  }
}

TEST_CASE("a getter that throws while a result is read is the script's error", "[host][node]") {
  Host host;
  try {
    host.eval(JS, "({ get x() { throw new TypeError('from the getter') } })");
    FAIL("no error");
  } catch (const ScriptError& e) {
    CHECK(e.type() == "TypeError");
    CHECK(e.message() == "from the getter");
  }
}
