"""Writes generated.js and generated.py: the same 2,000 small functions in each language
(arithmetic and a branch each, as generated code often is), and expected(i, x), the value
function i returns for x, for the loaders' checks."""
import os

COUNT = 2000


def write(folder):
    js = ["'use strict';"]
    py = []
    for i in range(COUNT):
        js.append(f"function f{i}(x) {{\n  const y = x * {i} + {i % 97};\n"
                  f"  if (y % 3 === 0) return y / 3;\n  return y - {i % 13};\n}}")
        py.append(f"def f{i}(x):\n    y = x * {i} + {i % 97}\n    if y % 3 == 0:\n"
                  f"        return y // 3\n    return y - {i % 13}\n")
    js.append("function expected(i, x) { const y = x * i + (i % 97); "
              "return y % 3 === 0 ? y / 3 : y - (i % 13); }")
    js.append("module.exports = { expected, " + ", ".join(f"f{i}" for i in range(COUNT)) + " };")
    py.append("def expected(i, x):\n    y = x * i + i % 97\n"
              "    return y // 3 if y % 3 == 0 else y - i % 13\n")
    with open(os.path.join(folder, "generated.js"), "w") as f:
        f.write("\n".join(js) + "\n")
    with open(os.path.join(folder, "generated.py"), "w") as f:
        f.write("\n".join(py))
