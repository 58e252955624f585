#include "stubs.h"

#include "api.h"

namespace twinhost::api {
namespace {

const char* typescript_type(Type type) {
  switch (type) {
    case Type::Any:
      return "Value";
    case Type::Number:
      return "number | bigint";
    case Type::Int:
      return "number";
    case Type::String:
      return "string";
    case Type::BytesLike:
      return "Uint8Array | ArrayBuffer | string";
    case Type::Null:
      return "void";
    case Type::BigInt:
      return "bigint";
  }
  return "unknown";
}

const char* python_type(Type type) {
  switch (type) {
    case Type::Any:
      return "Value";
    case Type::Number:
      return "int | float";
    case Type::Int:
      return "int";
    case Type::String:
      return "str";
    case Type::BytesLike:
      return "bytes | bytearray | memoryview | str";
    case Type::Null:
      return "None";
    case Type::BigInt:
      return "int";
  }
  return "object";
}

std::string params(const std::vector<Param>& list, bool python, bool method) {
  std::string out = method && python ? "self" : "";
  for (const auto& p : list) {
    if (!out.empty()) out += ", ";
    const char* type = python ? python_type(p.type) : typescript_type(p.type);
    if (python)
      out += std::string(p.name) + ": " + type + (p.optional ? " | None = None" : "");
    else
      out += std::string(p.name) + (p.optional ? "?: " : ": ") + type;
  }
  return out;
}

}  // namespace

std::string typescript_stubs() {
  const Module& m = module();
  std::string out =
      "// Generated from twinhost's API table by `twinhost stubs typescript`: do not edit.\n"
      "export type Value = null | boolean | number | bigint | string | Uint8Array | ValueArray |\n"
      "  ValueObject | Map<Value, Value>;\n"
      "export interface ValueArray extends Array<Value> {}\n"
      "export interface ValueObject {\n  [key: string]: Value;\n}\n\n";
  for (const auto& fn : m.functions)
    out += "/** " + std::string(fn.doc) + " */\nexport function " + fn.name + "(" +
           params(fn.params, false, false) + "): " + typescript_type(fn.result) + ";\n";
  for (const auto& a : m.attributes)
    out += "/** " + std::string(a.doc) + " */\nexport const " + a.name + ": Value;\n";
  for (const auto& c : m.classes) {
    out += "\n/** " + std::string(c.doc) + " */\nexport class " + c.name + " {\n  constructor(" +
           params(c.params, false, false) + ");\n";
    for (const auto& method : c.methods)
      out += "  /** " + std::string(method.doc) + " */\n  " + method.name + "(" +
             params(method.params, false, true) + "): " + typescript_type(method.result) + ";\n";
    out += "}\n";
  }
  // The bridge to Python (bindings/node/python_bridge.cc), beside the table.
  out +=
      "\n/** A Python exception, raised into JS. */\n"
      "export class PythonError extends Error {\n"
      "  pythonType: string;\n  pythonTraceback: string;\n  pythonException: unknown;\n}\n"
      "/** Python code in this process's interpreter (its __main__ namespace). */\n"
      "export const python: {\n  exec(code: string): void;\n  eval(code: string): any;\n"
      "  import(name: string): any;\n  kwargs(keywords: { [name: string]: Value }): object;\n"
      "  isinstance(object: any, classinfo: any): boolean;\n};\n"
      "/** What a proxy of a Python object adds to the object's own attributes. */\n"
      "export interface PythonProxy {\n"
      "  /** The object as JS data (dataclasses, mappings, sets, sequences), `depth` levels. */\n"
      "  toJs(options?: { depth?: number }): any;\n  toJSON(key?: string): any;\n"
      "  [Symbol.iterator](): Iterator<any>;\n  [Symbol.asyncIterator](): AsyncIterator<any>;\n}\n"
      "/** Memory shared with Python without a copy (a memoryview there). */\n"
      "export const SharedBuffer: {\n  new (size: number): Uint8Array;\n"
      "  (size: number): Uint8Array;\n};\n";
  return out;
}

std::string python_stubs() {
  const Module& m = module();
  std::string out =
      "# Generated from twinhost's API table by `twinhost stubs python`: do not edit.\n"
      "from collections.abc import AsyncIterator, Iterator, MutableMapping\nfrom typing import "
      "Any\n\n"
      "Value = None | bool | int | float | str | bytes | list[Any] | tuple[Any, ...] | dict[Any, "
      "Any]\n\n";
  for (const auto& a : m.attributes) out += std::string(a.name) + ": Value  # " + a.doc + "\n";
  for (const auto& fn : m.functions)
    out += "\ndef " + std::string(fn.name) + "(" + params(fn.params, true, false) + ") -> " +
           python_type(fn.result) + ":\n    \"\"\"" + fn.doc + "\"\"\"\n";
  for (const auto& c : m.classes) {
    out += "\nclass " + std::string(c.name) + ":\n    \"\"\"" + c.doc +
           "\"\"\"\n\n    def __init__(" + params(c.params, true, true) + ") -> None: ...\n";
    for (const auto& method : c.methods)
      out += "    def " + std::string(method.name) + "(" + params(method.params, true, true) +
             ") -> " + python_type(method.result) + ":\n        \"\"\"" + method.doc + "\"\"\"\n";
  }
  // The bridge to JavaScript (bindings/python/js_bridge.cc), beside the table.
  out +=
      "\nclass JSError(Exception):\n    \"\"\"A JavaScript error, raised into Python.\"\"\"\n\n"
      "    js_name: str\n    js_message: str\n    js_stack: str\n    js_error: Any\n\n"
      "class Interrupted(BaseException):\n    \"\"\"Raised in a call that "
      "twinhost::Host::interrupt() stopped (not an\n    Exception: `except Exception` does not "
      "swallow it).\"\"\"\n\n"
      "class _JavaScript:\n    \"\"\"JavaScript in this process's Node.js.\"\"\"\n\n"
      "    def eval(self, code: str) -> Value: ...\n    def exec(self, code: str) -> None: ...\n"
      "    def require(self, name: str) -> Any: ...\n\n"
      "js: _JavaScript\n\n"
      "class JSProxy:\n    \"\"\"A JavaScript object or function, by reference.\"\"\"\n\n"
      "    def __getattr__(self, name: str) -> Any: ...\n"
      "    def __call__(self, *args: Any, **options: Any) -> Any: ...\n"
      "    def __getitem__(self, key: Any) -> Any: ...\n"
      "    def __setitem__(self, key: str | int, value: Any) -> None: ...\n"
      "    def __contains__(self, item: Any) -> bool: ...\n"
      "    def __delattr__(self, name: str) -> None: ...\n"
      "    def __delitem__(self, key: Any) -> None: ...\n"
      "    def __len__(self) -> int: ...\n"
      "    def __bool__(self) -> bool: ...\n"
      "    def __iter__(self) -> JSIterator: ...\n"
      "    def __aiter__(self) -> AsyncIterator[Any]: ...\n"
      "    def __await__(self) -> Any: ...\n"
      "    def to_py(self, depth: int = -1) -> Any: ...\n\n"
      "def to_js(object: Any, depth: int = -1) -> Any:\n"
      "    \"\"\"`object` as the data JS gets from proxy.toJs(): dataclasses and mappings as "
      "dicts,\n    sets and sequences as lists, down to `depth` levels of objects.\"\"\"\n\n"
      "class JSMapping(MutableMapping[str, Any]):\n"
      "    \"\"\"A JS object's own enumerable properties as a mapping (vars(proxy)).\"\"\"\n\n"
      "    def __init__(self, proxy: JSProxy) -> None: ...\n"
      "    def __getitem__(self, key: str) -> Any: ...\n"
      "    def __setitem__(self, key: str, value: Any) -> None: ...\n"
      "    def __delitem__(self, key: str) -> None: ...\n"
      "    def __iter__(self) -> Iterator[str]: ...\n"
      "    def __len__(self) -> int: ...\n\n"
      "class JSArray:\n    \"\"\"isinstance(x, JSArray): a proxy of a JS array.\"\"\"\n\n"
      "class JSMap:\n    \"\"\"isinstance(x, JSMap): a proxy of a JS Map.\"\"\"\n\n"
      "class JSSet:\n    \"\"\"isinstance(x, JSSet): a proxy of a JS Set.\"\"\"\n\n"
      "class JSPromise:\n    \"\"\"isinstance(x, JSPromise): a proxy of a JS Promise.\"\"\"\n\n"
      "class JSFunction:\n    \"\"\"isinstance(x, JSFunction): a proxy of a JS function or "
      "class.\"\"\"\n\n"
      "class JSGenerator:\n    \"\"\"isinstance(x, JSGenerator): a proxy of a JS generator "
      "object.\"\"\"\n\n"
      "class JSIterator:\n    \"\"\"A JavaScript iterator, advanced lazily.\"\"\"\n\n"
      "    def __iter__(self) -> JSIterator: ...\n"
      "    def __next__(self) -> Any: ...\n\n"
      "class SharedBuffer:\n    \"\"\"Memory shared with JavaScript without a copy: "
      "memoryview(buffer) here, a Uint8Array there.\"\"\"\n\n"
      "    def __init__(self, size: int) -> None: ...\n"
      "    def __len__(self) -> int: ...\n";
  return out;
}

}  // namespace twinhost::api
