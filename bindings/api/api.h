// The native API, defined once. Each entry below is a row of the table that both faces
// (bindings/node, bindings/python) walk to build the `twinhost` module of their runtime:
// a function added here appears in JavaScript and in Python with no code in either face.
//
// Plain C++: nothing here includes a V8 or CPython header.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "twinhost/errors.h"
#include "twinhost/value.h"

namespace twinhost::api {

// What a parameter accepts, or what a result is; checked at one place (check_arguments).
enum class Type {
  Any,        // any value of the value model
  Number,     // int or float (not bool)
  Int,        // an integer
  String,     // text
  BytesLike,  // bytes, or a string taken as its UTF-8 bytes
  Null,       // results only: undefined in JS, None in Python
  BigInt,     // results only: an int that JS receives as a BigInt whatever its size
};

struct Param {
  const char* name;
  Type type;
  bool optional = false;  // missing optional arguments arrive as null
};

// An error a native function raises. Each face maps the kind to its runtime's class:
//   Type -> TypeError / TypeError, Range -> RangeError / ValueError, Runtime -> Error /
//   RuntimeError
class Error : public std::runtime_error {
 public:
  enum class Kind { Type, Range, Runtime };
  Error(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// The same error for a C++ caller (a value that crossed and could not convert), its kind
// kept: a Range error stays RangeError / ValueError when it reaches a runtime again.
inline ConversionError conversion_error(const Error& error) {
  return ConversionError(error.what(), error.kind() == Error::Kind::Range
                                           ? ConversionError::Kind::Range
                                           : ConversionError::Kind::Type);
}

// Arguments arrive converted and checked: `args[i]` matches params[i].
using FunctionImpl = Value (*)(const Value* args);
using MethodImpl = Value (*)(void* self, const Value* args);

struct Function {
  const char* name;
  std::vector<Param> params;
  Type result;
  FunctionImpl call;
  const char* doc;
  // The Python face releases the GIL around calls whose bytes/string arguments add up
  // to more than this many bytes (long native work must not stall other threads).
  std::size_t release_gil_above = static_cast<std::size_t>(-1);
  // A typed row (typed.h): its position in TypedFunctions, for the faces' trampolines.
  int typed = -1;
};

struct Method {
  const char* name;
  std::vector<Param> params;
  Type result;
  MethodImpl call;
  const char* doc;
};

struct Class {
  const char* name;
  std::vector<Param> params;  // of the constructor
  std::shared_ptr<void> (*construct)(const Value* args);
  std::vector<Method> methods;
  const char* doc;
};

// A module attribute computed on first access (so that, e.g., `version` does not load
// the other runtime until someone reads it).
struct Attribute {
  const char* name;
  Value (*compute)();
  const char* doc;
};

struct Module {
  std::deque<Function> functions;  // a deque: faces keep pointers to entries across add_function
  std::vector<Class> classes;
  std::vector<Attribute> attributes;
};

// The table. Faces read it when they build a module. add_function() appends to it: JS
// environments created afterwards have the function, and Python's module finds it on first
// attribute access (its module is built once per process).
const Module& module();
void add_function(Function function);

// Whether `value` is acceptable where `type` is declared.
inline bool matches(Type type, const Value& value) {
  switch (type) {
    case Type::Any:
      return true;
    case Type::Number:
      return value.is_number();
    case Type::Int:
    case Type::BigInt:
      return value.is_int();
    case Type::String:
      return value.is_string();
    case Type::BytesLike:
      return value.is_bytes() || value.is_string();
    case Type::Null:
      return value.is_null();
  }
  return false;
}

// Throws the arity or type error that check_arguments found (out of line: it allocates).
[[noreturn]] void argument_error(const char* owner, const char* name,
                                 const std::vector<Param>& params, std::size_t given,
                                 const Value* args);

// Checks arity and argument types; throws Error(Type) with the same text in both
// languages, e.g. "add() takes 2 arguments (1 given)",
// "add(): argument 'b' must be a number, not string". Inline: it runs on every call.
inline void check_arguments(const char* owner, const char* name, const std::vector<Param>& params,
                            std::size_t given, const Value* args) {
  bool ok = given <= params.size();
  for (std::size_t i = 0; ok && i < params.size(); ++i) {
    const Param& p = params[i];
    ok = i < given ? (matches(p.type, args[i]) || (p.optional && args[i].is_null())) : p.optional;
  }
  if (!ok) argument_error(owner, name, params, given, args);
}

// The largest number of parameters a function or method may declare (faces convert
// arguments into a fixed buffer on the stack).
constexpr std::size_t kMaxParams = 8;

// One call's converted arguments, on the stack, holding only the values given.
class Arguments {
 public:
  Arguments() = default;
  Arguments(const Arguments&) = delete;
  Arguments& operator=(const Arguments&) = delete;
  ~Arguments() {
    for (std::size_t i = 0; i < size_; ++i) slot(i)->~Value();
  }

  const Value* data() const { return reinterpret_cast<const Value*>(storage_); }
  std::size_t size() const { return size_; }
  // Bytes of string and bytes arguments (the Python face's GIL rule).
  std::size_t payload_bytes() const;

  // Converts up to params.size() of `given` arguments with convert(i), then checks them.
  // The one way both faces take arguments.
  template <typename Convert>
  void collect(const char* owner, const char* name, const std::vector<Param>& params,
               std::size_t given, Convert&& convert) {
    std::size_t n = given < params.size() ? given : params.size();
    for (std::size_t i = 0; i < n; ++i) {
      new (slot(size_)) Value(convert(i));
      ++size_;
    }
    // Missing optional arguments arrive as null, as Param documents (never as raw memory).
    for (; size_ < params.size(); ++size_) new (slot(size_)) Value();
    check_arguments(owner, name, params, given, data());
  }

 private:
  Value* slot(std::size_t i) { return reinterpret_cast<Value*>(storage_) + i; }
  alignas(Value) unsigned char storage_[kMaxParams * sizeof(Value)];
  std::size_t size_ = 0;
};

// The object that an error of type `wrapper` carries under `attribute`: the other runtime's
// own error, which a face raises again as itself when the error crosses back (JSError's
// `js_error`, PythonError's `pythonException`). Null if there is none.
std::shared_ptr<ForeignObject> carried_exception(const ScriptError& error, std::string_view wrapper,
                                                 const std::string& attribute);

// Parks the calling thread for good: for a thread that must not go on while the process
// exits (its runtime is being torn down under it). Never returns.
[[noreturn]] void park_forever();

// Brackets a native call that runs while its runtime lets other threads go on (the Python
// face without the GIL): at process exit, exit() waits for such calls to finish before the
// libraries they use clean up (OpenSSL frees its locks in an atexit handler), and a call
// that would start after that parks its thread for good instead (the process is ending).
class UnlockedCall {
 public:
  UnlockedCall();
  ~UnlockedCall();
  UnlockedCall(const UnlockedCall&) = delete;
  UnlockedCall& operator=(const UnlockedCall&) = delete;
};

// The errors every face raises for input outside the value model, worded once.
Error nesting_error();                               // Range: deeper than kMaxValueDepth, or cyclic
Error integer_range_error();                         // Range: an integer beyond int64
Error unconvertible_error(const std::string& what);  // Type: "cannot convert <what> ..."
// Type: a map whose distinct keys become equal in `target` (true and 1 in a Python dict,
// 1n and 1 in a JS Map, two lone surrogates in object keys): one entry would be lost.
Error key_collision_error(const std::string& target);

// Replaces encoded lone surrogates (UTF-8 bytes ED A0..BF xx, as V8 and Python's
// "surrogatepass" write them) with U+FFFD, the documented rule for lone surrogates.
std::string replace_lone_surrogates(std::string text);

// "a number", "an integer", "a string", "bytes or a string", ... for messages and stubs.
const char* type_description(Type type);

}  // namespace twinhost::api
