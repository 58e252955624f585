// One line of JavaScript, one line of Python, one process.
#include <twinhost/host.h>

#include <iostream>

int main() {
  twinhost::Host host;
  try {
    auto js = host.eval(twinhost::Language::JavaScript, "[1, 2, 3].map((x) => x * 7).pop() * 2");
    auto py = host.eval(twinhost::Language::Python, "sum(range(" + js.repr() + ")) // 20 + 1 - 1");
    std::cout << "from JavaScript: " << js.as_int() << "\n";
    std::cout << "from Python: " << py.as_int() << "\n";
  } catch (const twinhost::ScriptError& e) {
    std::cerr << e.stack() << "\n";
    return 1;
  }
  return 0;
}
