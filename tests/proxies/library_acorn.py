"""Walks an AST made by Debian's acorn from Python with nothing but proxy operations (`in`,
vars(), attributes), and compares it with the same walk done in JS."""
import collections

import twinhost
from twinhost import js

SOURCE = """
class Shape { constructor(n) { this.n = n } area() { return this.n * 2 } }
function total(shapes) { let sum = 0; for (const s of shapes) sum += s.area(); return sum }
const xs = [1, 2, 3].map((n) => new Shape(n));
export default total(xs);
"""

acorn = js.require("acorn")
ast = acorn.parse(SOURCE, ecmaVersion=2022, sourceType="module")


def walk(node, counts):
    if isinstance(node, list):
        for item in node:
            walk(item, counts)
    elif isinstance(node, twinhost.JSProxy) and "type" in node:
        counts[node.type] += 1
        for value in vars(node).values():
            walk(value, counts)


counts = collections.Counter()
walk(ast, counts)
in_js = js.eval("""(ast) => {
  const counts = {};
  (function walk(node) {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object' && 'type' in node) {
      counts[node.type] = (counts[node.type] || 0) + 1;
      Object.values(node).forEach(walk);
    }
  })(ast);
  return counts;
}""")(ast)
print("same counts", dict(counts) == in_js, counts["Identifier"] > 10)
print("converted", ast.to_py()["body"][0]["id"]["name"], ast.to_py(depth=1)["sourceType"])
print("repr", repr(ast.body[0])[:35])
