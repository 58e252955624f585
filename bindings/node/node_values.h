// V8 values <-> twinhost::Value, by the value model's table (twinhost/value.h).
#pragma once

#include <v8.h>

#include <memory>
#include <optional>
#include <string_view>

#include "api.h"
#include "twinhost/errors.h"
#include "typed.h"

namespace twinhost::node_face {

// Thrown when JS code run during a conversion (a getter) threw: the JS exception is
// already pending, and the face returns to JS without throwing another.
struct PendingException {};

// V8 calls that may run JS report failure as Nothing/empty: a JS exception is pending.
inline void must(v8::Maybe<bool> done) {
  if (done.IsNothing()) throw PendingException{};
}
template <typename T>
inline T must_value(v8::Maybe<T> maybe) {
  if (maybe.IsNothing()) throw PendingException{};
  return maybe.FromJust();
}
template <typename T>
inline v8::Local<T> must(v8::MaybeLocal<T> maybe) {
  v8::Local<T> local;
  if (!maybe.ToLocal(&local)) throw PendingException{};
  return local;
}

// A V8 string of UTF-8 text (throws api::Error if V8 refuses it as too long).
v8::Local<v8::String> v8_string(v8::Isolate* isolate, std::string_view text);
// The same for an error's text, which must never fail: cut to 1 MiB if longer.
v8::Local<v8::String> v8_message(v8::Isolate* isolate, std::string_view text);

// A private symbol / an internalized property name of `isolate`, made once per environment
// and name (a string literal: its address is the key) and kept by the environment: each
// lookup by text in V8's string table cost a tenth of an exception's crossing.
v8::Local<v8::Private> private_key(v8::Isolate* isolate, const char* name);
v8::Local<v8::String> property_name(v8::Isolate* isolate, const char* name);

// A function made once per context by `make`, kept on the context's global under a
// private key.
template <typename Make>
v8::Local<v8::Function> per_context(v8::Isolate* isolate, const char* name, Make&& make) {
  auto context = isolate->GetCurrentContext();
  auto key = private_key(isolate, name);
  v8::Local<v8::Value> cached;
  if (context->Global()->GetPrivate(context, key).ToLocal(&cached) && cached->IsFunction())
    return cached.As<v8::Function>();
  v8::Local<v8::Function> fn = make(context);
  must(context->Global()->SetPrivate(context, key, fn));
  return fn;
}

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1

// A JS string's UTF-8, lone surrogates replaced by U+FFFD (the model's rule).
std::string utf8(v8::Isolate* isolate, v8::Local<v8::String> text);
// A JS number as the model reads it: integral and in the safe range -> an integer.
api::Number js_number(double d);
// An integer for JS: a Number, or a BigInt past 2^53 (or always, for Type::BigInt).
v8::Local<v8::Value> js_integer(v8::Isolate* isolate, std::int64_t i, api::Type type);

// The memory of an ArrayBuffer or of a view with a buffer (a small typed array V8 keeps on
// its heap has none): its backing store and the bytes' window in it.
struct BufferMemory {
  std::shared_ptr<v8::BackingStore> store;
  std::size_t offset = 0, length = 0;
};
std::optional<BufferMemory> buffer_memory(v8::Local<v8::Value> value);

// Throws api::Error for what the model cannot hold.
Value to_value(v8::Isolate* isolate, v8::Local<v8::Value> value, int depth = 0);
// An argument of ForeignObject::call_lent: a buffer's bytes lent as a view of its memory
// (detail::LentBytes), kept alive by its backing store; anything else, a SharedArrayBuffer's
// bytes included, as to_value().
Value lend_value(v8::Isolate* isolate, v8::Local<v8::Value> value);
// `type` is the declared result type: Type::BigInt makes every integer a BigInt.
v8::Local<v8::Value> from_value(v8::Isolate* isolate, const Value& value,
                                api::Type type = api::Type::Any);
// The same for a value no longer needed: bytes hand their buffer to JS instead of a copy.
v8::Local<v8::Value> from_value(v8::Isolate* isolate, Value&& value,
                                api::Type type = api::Type::Any);
// A thrown JS value as a ScriptError: name, message, and the stack led by the
// `file:line` / source line / caret header that node prints for uncaught errors.
// `lazy_stack`: the stack is read from the error when first asked for (ScriptError::stack()),
// through its environment; if that has stopped by then, the header and "Uncaught <error>".
ScriptError script_error(v8::Isolate* isolate, v8::Local<v8::Value> exception,
                         v8::Local<v8::Message> message, bool lazy_stack = false);

// Throws the JS error that corresponds to `error` (TypeError, RangeError, Error).
void throw_error(v8::Isolate* isolate, const api::Error& error);

}  // namespace twinhost::node_face
