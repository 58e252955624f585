// Host::interrupt(): it stops only the call that is running, says whether it hit, and
// leaves both runtimes usable; a Python `except Exception` cannot swallow it.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "twinhost/host.h"
#include "value_printer.h"

using twinhost::Host;
using twinhost::Interrupted;
using twinhost::Language;
using twinhost::Value;
constexpr auto JS = Language::JavaScript;
constexpr auto PY = Language::Python;

namespace {

// Interrupts `language` from another thread, every 20 ms (the call may not have started
// yet), or until the first hit if `once`; counts the attempts that hit.
class Interrupter {
 public:
  Interrupter(Host& host, Language language, bool once = false)
      : thread_([this, &host, language, once] {
          while (!stop_) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (host.interrupt(language) && ++hits_ && once) return;
          }
        }) {}
  ~Interrupter() {
    stop_ = true;
    thread_.join();
  }
  int hits() const { return hits_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> hits_{0};
  std::thread thread_;
};

}  // namespace

TEST_CASE("interrupt() with no call running does nothing and says so", "[host][interrupt]") {
  Host host;
  CHECK_FALSE(host.interrupt(JS));  // never used
  CHECK_FALSE(host.interrupt(PY));
  host.exec(JS, "var kept = 1;");
  host.exec(PY, "kept = 1");
  for (int i = 0; i < 20; ++i) {
    CHECK_FALSE(host.interrupt(JS));
    CHECK_FALSE(host.interrupt(PY));
  }
  // Nothing was left aimed at the next call, and nothing was torn down.
  CHECK(host.eval(JS, "kept + 1") == Value(2));
  CHECK(host.eval(PY, "kept + 1") == Value(2));
  host.exec(PY, "import time\nfor _ in range(3): time.sleep(0.01)");
}

TEST_CASE("an interrupted JavaScript call throws Interrupted; the environment lives on",
          "[host][node][interrupt]") {
  Host host;
  host.exec(JS, "var state = 'kept'; setTimeout(() => { globalThis.timerRan = true; }, 1);");
  {
    Interrupter interrupter(host, JS);
    try {
      host.exec(JS, "for (;;) {}");
      FAIL("the loop returned");
    } catch (const Interrupted& e) {
      CHECK(e.language() == JS);
    }
  }
  CHECK(host.eval(JS, "state") == Value("kept"));
  CHECK(host.eval(JS, "Promise.resolve(5).then((v) => { globalThis.later = v; }); 1") == Value(1));
  CHECK(host.eval(JS, "later") == Value(5));  // microtasks still run after a call
  host.run_event_loop();
  CHECK(host.eval(JS, "timerRan") == Value(true));  // and the loop with its timers
}

TEST_CASE("an interrupt stops the running event-loop callback only", "[host][node][interrupt]") {
  Host host;
  host.exec(JS,
            "var ticks = 0;"
            "setTimeout(() => { for (;;) {} }, 1);"
            "setTimeout(() => { ticks++; }, 50);");
  {
    Interrupter interrupter(host, JS);
    CHECK_THROWS_AS(host.run_event_loop(), Interrupted);
  }
  host.run_event_loop();  // resumes: the other timer still runs
  CHECK(host.eval(JS, "ticks") == Value(1));
}

TEST_CASE("an interrupted Python call raises a BaseException that `except Exception` misses",
          "[host][python][interrupt]") {
  Host host;
  host.exec(PY, "state = 'kept'\nimport twinhost");
  {
    Interrupter interrupter(host, PY);
    try {
      host.exec(PY,
                "while True:\n"
                "    try:\n"
                "        sum(range(1000))\n"
                "    except Exception:\n"
                "        pass\n");
      FAIL("the loop returned");
    } catch (const Interrupted& e) {
      CHECK(e.language() == PY);
    }
  }
  CHECK(host.eval(PY, "state") == Value("kept"));
  CHECK(host.eval(PY, "issubclass(twinhost.Interrupted, BaseException)") == Value(true));
  CHECK(host.eval(PY, "issubclass(twinhost.Interrupted, Exception)") == Value(false));
  // Python code may catch it by name and carry on.
  {
    Interrupter interrupter(host, PY, true);
    host.exec(PY, "caught = False");
    host.exec(PY,
              // (Not a loop as the try's first statement: CPython 3.11 reports an
              // asynchronous exception at its back edge as raised before the `try`.)
              "try:\n"
              "    n = 0\n"
              "    while True: n += 1\n"
              "except twinhost.Interrupted:\n"
              "    caught = True\n");
  }
  CHECK(host.eval(PY, "caught") == Value(true));
}

TEST_CASE("interrupts racing with short calls never leak into a later call", "[host][interrupt]") {
  Host host;
  host.exec(JS, "var n = 0;");
  host.exec(PY, "n = 0");
  Interrupter js(host, JS), py(host, PY);
  int interrupted = 0;
  for (int i = 0; i < 2000; ++i) {
    try {
      host.exec(JS, "n++;");
      host.exec(PY, "n += 1");
    } catch (const Interrupted&) {
      ++interrupted;
    }
  }
  // Every call either completed or was the one interrupted; both runtimes still answer.
  CHECK(host.eval(JS, "typeof n") == Value("number"));
  CHECK(host.eval(PY, "type(n).__name__") == Value("int"));
  CHECK(interrupted <= js.hits() + py.hits());
}
