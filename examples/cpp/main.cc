// The C++ tutorial: README's "The C++ library" quotes this file, and the test suite builds it
// against the installed package (and under ASan+UBSan) and checks what it prints.
#include <twinhost/host.h>

#include <chrono>
#include <iostream>
#include <map>
#include <thread>

using twinhost::Host;
using twinhost::Language;
using twinhost::Value;

// A Host may be static: at exit the runtimes end in a safe order, whatever the order in
// which the application's objects are destroyed.
static Host host;

int main() {
  try {
    // Run code in either language; results come back as twinhost::Value.
    host.exec(Language::JavaScript, "var n = 40;");
    Value js = host.eval(Language::JavaScript, "n + 2");
    Value py = host.eval(Language::Python, "sum(range(10)) - 2");
    std::cout << "from JavaScript: " << js.as<int>() << "\n";  // 42
    std::cout << "from Python: " << py.as<int>() << "\n";      // 43

    // Values in: globals, from C++ containers by the value model.
    host.set_global(Language::Python, "limits", std::map<std::string, int>{{"retries", 3}});
    std::cout << "retries: " << host.eval(Language::Python, "limits['retries']").as<int>() << "\n";

    // Calls with C++ arguments; Python functions take keyword arguments too.
    host.exec(Language::Python, "def greet(name, end='.'):\n    return 'hello ' + name + end");
    Value greeting = host.call(Language::Python, "greet", {"ada"}, {{"end", "!"}});
    std::cout << greeting.as<std::string>() << "\n";  // hello ada!

    // A C++ function, with its state, callable from both languages of this Host.
    int calls = 0;
    host.define("tally", [&calls](const twinhost::List& args, const twinhost::Map&) -> Value {
      ++calls;
      return args.size();
    });
    host.eval(Language::JavaScript, "tally(1, 2)");
    host.eval(Language::Python, "tally(3)");
    std::cout << "tally ran " << calls << " times\n";

    // Inside a Host, each language reaches the other's state of the same Host.
    host.exec(Language::Python, "import twinhost\nfrom_js = twinhost.js.eval('n') + 1");
    std::cout << "from_js: " << host.get_global(Language::Python, "from_js").as<int>() << "\n";

    // Await a JS promise or a Python coroutine: the loops run until it settles.
    Value promise = host.eval(Language::JavaScript,
                              "new Promise((resolve) => setTimeout(() => resolve('timer'), 10))");
    std::cout << "awaited " << host.await(promise).as<std::string>() << "\n";
    host.exec(Language::Python,
              "import asyncio\n"
              "async def later():\n"
              "    await asyncio.sleep(0.01)\n"
              "    return 'coroutine'");
    Value coroutine = host.eval(Language::Python, "later()");
    std::cout << "awaited " << host.await(coroutine).as<std::string>() << "\n";

    // Stop a runaway call from another thread; the runtime stays usable.
    std::thread watchdog([] {
      while (!host.interrupt(Language::JavaScript))  // false until the call is running
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    });
    try {
      host.exec(Language::JavaScript, "for (;;) {}");
    } catch (const twinhost::Interrupted&) {
      std::cout << "interrupted\n";
    }
    watchdog.join();
    std::cout << "n is still " << host.eval(Language::JavaScript, "n").as<int>() << "\n";
  } catch (const twinhost::ScriptError& e) {
    std::cerr << e.stack() << "\n";  // the runtime's own rendering of the error
    return 1;
  }
  return 0;
}
