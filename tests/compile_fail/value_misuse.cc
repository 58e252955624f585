// Conversions that must not compile (tests/CMakeLists.txt builds each CASE and expects the
// build to fail; CASE 0 is the control that must build).
#include <memory>
#include <vector>

#include "twinhost/value.h"

using twinhost::Value;

int main() {
  int number = 0;
  (void)number;
#if CASE == 0
  Value ok[] = {Value(5LL), Value(5u), Value("text"), Value(std::vector<int>{1})};
  (void)ok;
#elif CASE == 1
  Value v(&number);  // a pointer is not `true`
#elif CASE == 2
  Value v(L"wide");  // wide text is not UTF-8
#elif CASE == 3
  Value v('c');  // a character is not a number
#elif CASE == 4
  std::vector<int*> pointers;
  Value v(pointers);  // nor inside a container
#elif CASE == 5
  auto owned = std::make_unique<int>(1);
  Value v(owned.get());
#endif
  return 0;
}
