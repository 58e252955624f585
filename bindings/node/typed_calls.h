// The JS face's trampolines for the typed rows of the API (bindings/api/typed.h): one V8
// FunctionCallback per typed function, generated from its C++ signature. Arguments of the
// exact kinds below go straight into the C++ parameters; anything else (a BigInt, a
// SharedBuffer, a wrong count or type) goes the table path, call_function, whose
// conversions and error texts are the API's.
#pragma once

#include <v8.h>

#include <cmath>
#include <string>
#include <tuple>

#include "node_values.h"
#include "shared_buffer.h"
#include "typed.h"

namespace twinhost::node_face {

// One argument's fast conversion: take() returns false to send the call the table path.
template <typename T>
struct JsArgument;

template <>
struct JsArgument<api::Number> {
  api::Number value;
  bool take(v8::Isolate*, v8::Local<v8::Value> arg) {
    if (arg->IsInt32()) {  // a small integer: no float checks
      value = api::Number::integer(arg.As<v8::Int32>()->Value());
      return true;
    }
    if (!arg->IsNumber()) return false;
    value = js_number(arg.As<v8::Number>()->Value());
    return true;
  }
  api::Number get() const { return value; }
};

template <>
struct JsArgument<api::BytesView> {
  std::string text;  // a string's UTF-8
  std::shared_ptr<v8::BackingStore> store;
  api::BytesView view;
  bool take(v8::Isolate* isolate, v8::Local<v8::Value> arg) {
    if (arg->IsString()) {
      text = utf8(isolate, arg.As<v8::String>());
      view = text;
      return true;
    }
    // A typed array's own memory, without a copy (a SharedBuffer is not bytes: table path).
    if (!arg->IsArrayBufferView() || shared_buffer_of(arg)) return false;
    auto array = arg.As<v8::ArrayBufferView>();
    if (!array->HasBuffer()) return false;
    store = array->Buffer()->GetBackingStore();
    view = api::BytesView(static_cast<const char*>(store->Data()) + array->ByteOffset(),
                          array->ByteLength());
    return true;
  }
  api::BytesView get() const { return view; }
};

inline void set_result(const v8::FunctionCallbackInfo<v8::Value>& info, api::Number n) {
  // ReturnValue::Set(double) makes a small integer without a handle; past 2^53, a BigInt.
  if (n.is_int && std::fabs(static_cast<double>(n.i)) > kMaxSafeInteger)
    info.GetReturnValue().Set(js_integer(info.GetIsolate(), n.i, api::Type::Number));
  else
    info.GetReturnValue().Set(n.as_double());
}
inline void set_result(const v8::FunctionCallbackInfo<v8::Value>& info, const std::string& s) {
  info.GetReturnValue().Set(v8_string(info.GetIsolate(), s));
}

// The table path (node_face.cc): the function's table row is the callback's data.
void call_function(const v8::FunctionCallbackInfo<v8::Value>& info);

// Runs a native API call, turning its C++ errors into JS exceptions: the face's one
// boundary, for the table path and the trampolines alike.
template <typename Body>
void api_guarded(v8::Isolate* isolate, Body&& body) {
  try {
    body();
  } catch (const PendingException&) {
  } catch (const api::Error& e) {
    throw_error(isolate, e);
  } catch (const std::exception& e) {
    throw_error(isolate, api::Error(api::Error::Kind::Runtime, e.what()));
  }
}

template <auto F, std::size_t... I>
void typed_call_impl(const v8::FunctionCallbackInfo<v8::Value>& info, std::index_sequence<I...>) {
  using S = api::Signature<F>;
  v8::Isolate* isolate = info.GetIsolate();
  std::tuple<JsArgument<std::tuple_element_t<I, typename S::Args>>...> args;
  api_guarded(isolate, [&] {
    if (info.Length() != static_cast<int>(S::arity) ||
        !(std::get<I>(args).take(isolate, info[static_cast<int>(I)]) && ...)) {
      call_function(info);
      return;
    }
    if constexpr (std::is_void_v<typename S::Result>)
      F(std::get<I>(args).get()...);
    else
      set_result(info, F(std::get<I>(args).get()...));
  });
}

template <auto F>
void typed_call(const v8::FunctionCallbackInfo<v8::Value>& info) {
  typed_call_impl<F>(info, std::make_index_sequence<api::Signature<F>::arity>{});
}

// The trampoline for a table row, or the table path for a row that is not typed.
inline v8::FunctionCallback callback_for(const api::Function& fn) {
  v8::FunctionCallback callback = call_function;
  api::visit_typed(
      fn.typed, [&](auto typed) { callback = typed_call<decltype(typed)::value>; },
      api::TypedFunctions{});
  return callback;
}

}  // namespace twinhost::node_face
