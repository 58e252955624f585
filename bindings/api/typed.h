// Typed rows of the API table. A function whose C++ signature is fixed (numbers, text,
// bytes) is written once as a plain C++ function below; the table's row calls it through
// table_call<F> (arguments unboxed from checked Values), and each face instantiates a
// trampoline per function at compile time that converts its runtime's arguments straight
// into the C++ parameters, with no boxed Value (bindings/node/typed_calls.h,
// bindings/python/typed_calls.h). A trampoline takes only the exact kinds its fast path
// knows; anything else goes the table path, so conversions and error texts stay the
// table's, in one place.
//
// Plain C++: nothing here includes a V8 or CPython header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "api.h"
#include "twinhost/value.h"

namespace twinhost::api {

// Type::Number as a C++ parameter or result: an integer or a float (an integral JS number
// in the safe range is an integer, as in the value model).
struct Number {
  bool is_int;
  union {  // 16 bytes in all: passed and returned in registers
    std::int64_t i;
    double f;
  };
  static Number integer(std::int64_t v) {
    Number n;
    n.is_int = true;
    n.i = v;
    return n;
  }
  static Number real(double v) {
    Number n;
    n.is_int = false;
    n.f = v;
    return n;
  }
  double as_double() const { return is_int ? static_cast<double>(i) : f; }
};

// Type::BytesLike as a C++ parameter: bytes, or a string's UTF-8, viewed during the call.
using BytesView = std::string_view;

// The typed functions. The small ones are defined here, inline, so that each face's
// trampoline compiles them into itself; the others in api.cc.
namespace typed {
inline void noop() {}
inline Number add(Number a, Number b) {
  if (a.is_int && b.is_int) {
    std::int64_t sum;
    if (__builtin_add_overflow(a.i, b.i, &sum))
      throw Error(Error::Kind::Range, "add(): integer result out of the 64-bit range");
    return Number::integer(sum);
  }
  return Number::real(a.as_double() + b.as_double());
}
std::string sha256(BytesView data);
}  // namespace typed

// Every typed function, for the faces to instantiate their trampolines.
template <auto... F>
struct FunctionList {};
using TypedFunctions = FunctionList<&typed::noop, &typed::add, &typed::sha256>;

// A typed function's parameter and result types.
template <auto F>
struct Signature;
template <typename R, typename... A, R (*F)(A...)>
struct Signature<F> {
  using Result = R;
  using Args = std::tuple<A...>;
  static constexpr std::size_t arity = sizeof...(A);
};

// From a Value the table already checked against the parameter's Type.
template <typename T>
T unbox(const Value& value);
template <>
inline Number unbox<Number>(const Value& value) {
  return value.is_int() ? Number::integer(value.as_int()) : Number::real(value.as_float());
}
template <>
inline BytesView unbox<BytesView>(const Value& value) {
  return value.is_bytes() ? BytesView(value.as_bytes().data) : BytesView(value.as_string());
}

inline Value box(Number n) { return n.is_int ? Value(n.i) : Value(n.f); }
inline Value box(std::string s) { return Value(std::move(s)); }

// The table's entry point for a typed function (api::FunctionImpl).
template <auto F, std::size_t... I>
Value table_call_impl(const Value* args, std::index_sequence<I...>) {
  using S = Signature<F>;
  if constexpr (std::is_void_v<typename S::Result>) {
    F(unbox<std::tuple_element_t<I, typename S::Args>>(args[I])...);
    return Value();
  } else {
    return box(F(unbox<std::tuple_element_t<I, typename S::Args>>(args[I])...));
  }
}
template <auto F>
Value table_call(const Value* args) {
  return table_call_impl<F>(args, std::make_index_sequence<Signature<F>::arity>{});
}

// F's position in a FunctionList (-1 if absent), and visit(F) for the F at `index`: rows
// name their typed function by position, as function addresses differ between the
// libraries that take them.
template <auto F, auto... L>
constexpr int index_in(FunctionList<L...>) {
  int i = 0, found = -1;
  ((found = (found < 0 && std::is_same_v<std::integral_constant<decltype(F), F>,
                                         std::integral_constant<decltype(L), L>>)
                ? i
                : found,
    ++i),
   ...);
  return found;
}
template <typename Visit, auto... F>
bool visit_typed(int index, Visit&& visit, FunctionList<F...>) {
  int i = 0;
  return ((i++ == index ? (visit(std::integral_constant<decltype(F), F>{}), true) : false) || ...);
}

// A table row for a typed function.
template <auto F>
Function typed_row(const char* name, std::vector<Param> params, Type result, const char* doc,
                   std::size_t release_gil_above = static_cast<std::size_t>(-1)) {
  static_assert(index_in<F>(TypedFunctions{}) >= 0, "list the function in TypedFunctions");
  return Function{name,
                  std::move(params),
                  result,
                  table_call<F>,
                  doc,
                  release_gil_above,
                  index_in<F>(TypedFunctions{})};
}

}  // namespace twinhost::api
