// A program that ends with Hosts alive, as applications do: a static Host (destroyed after
// main returns, after the runtimes' libraries began their own teardown), a local Host whose
// Python used JavaScript (its own, and the process's guest environment from a thread outside
// any Host call), and Python first started on a thread that has ended by exit. ctest runs
// each scenario and expects exit status 0 and the lines it prints (tests/CMakeLists.txt).
#include <cstdio>
#include <string>
#include <thread>

#include "twinhost/host.h"

using twinhost::Host;
constexpr auto JS = twinhost::Language::JavaScript;
constexpr auto PY = twinhost::Language::Python;

static Host static_host;

static void print(const twinhost::Value& value) { std::printf("%s\n", value.repr().c_str()); }

int main(int argc, char** argv) {
  std::string scenario = argc > 1 ? argv[1] : "";
  if (scenario == "static-python") {
    print(static_host.eval(PY, "'py'"));
  } else if (scenario == "static-js") {
    static_host.exec(JS, "process.on('exit', () => console.log('exit listener ran'))");
    print(static_host.eval(JS, "'js'"));
  } else if (scenario == "static-both") {
    print(static_host.eval(JS, "'js'"));
    print(static_host.eval(PY, "__import__('twinhost').js.eval('6 * 7')"));
    // And the process's guest environment, from a thread outside any Host call.
    static_host.exec(PY,
                     "import threading, twinhost\n"
                     "t = threading.Thread(target=lambda: print(twinhost.js.eval('7 * 7'), "
                     "flush=True))\n"
                     "t.start(); t.join()");
  } else if (scenario == "local-guest") {
    Host host;
    print(host.eval(PY, "__import__('twinhost').js.eval('1 + 1')"));  // the Host's own JS
    host.exec(PY,
              "import threading, twinhost\n"
              "t = threading.Thread(target=lambda: print(twinhost.js.eval('2 + 1'), flush=True))\n"
              "t.start(); t.join()");
  } else if (scenario == "thread-python") {
    std::thread([] {
      Host host;
      host.exec(PY, "import atexit; atexit.register(print, 'atexit ran')");
    }).join();
  } else {
    std::fprintf(stderr,
                 "usage: exit_order static-python|static-js|static-both|local-guest|"
                 "thread-python\n");
    return 2;
  }
  std::fflush(stdout);
  return 0;
}
