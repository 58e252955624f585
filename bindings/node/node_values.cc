#include "node_values.h"

#include "shared_buffer.h"

#include "environments.h"
#include "js_object.h"
#include "lent_bytes.h"
#include "proxy.h"

#include <node_buffer.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_set>

// Declared in V8's v8-fast-api-calls.h, which libnode-dev installs outside node's include
// folder; libnode exports the instance for doubles (a different V8 fails to link, not to run).
namespace v8 {
template <uint32_t kTypeId, typename T>
bool TryToCopyAndConvertArrayToCppBuffer(Local<Array> src, T* dst, uint32_t max_length);
}  // namespace v8

namespace twinhost::node_face {

std::string utf8(v8::Isolate* isolate, v8::Local<v8::String> text) {
  // Most strings are ASCII, stored one byte per character: one copy and a scan, where
  // UTF-8 takes two passes (a third of reading a short property name).
  if (text->IsOneByte()) {
    std::string out(static_cast<size_t>(text->Length()), '\0');
    text->WriteOneByte(isolate, reinterpret_cast<uint8_t*>(out.data()), 0, -1,
                       v8::String::NO_NULL_TERMINATION);
    if (std::all_of(out.begin(), out.end(), [](char c) { return (c & 0x80) == 0; })) return out;
  }
  int length = text->Utf8Length(isolate);
  std::string out(static_cast<size_t>(length), '\0');
  // Lone surrogates become U+FFFD, the model's rule.
  text->WriteUtf8(isolate, out.data(), length, nullptr,
                  v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
  return out;
}

namespace {

Bytes copy_bytes(const void* data, size_t length) {
  return Bytes{std::string(static_cast<const char*>(data), length)};
}

void delete_string(void*, size_t, void* owner) { delete static_cast<std::string*>(owner); }

// A Uint8Array whose memory is the string's own buffer: no zero-filled ArrayBuffer to copy
// into, and no copy at all when the bytes were moved here.
v8::Local<v8::Value> bytes_to_js(v8::Isolate* isolate, std::string&& data) {
  size_t size = data.size();
  if (size == 0) return v8::Uint8Array::New(v8::ArrayBuffer::New(isolate, 0), 0, 0);
  auto* owner = new std::string(std::move(data));
  auto store = v8::ArrayBuffer::NewBackingStore(owner->data(), size, delete_string, owner);
  return v8::Uint8Array::New(v8::ArrayBuffer::New(isolate, std::move(store)), 0, size);
}

// A Uint8Array of a copy, in memory V8 allocates through node's allocator, not zero-filled
// first (node::Buffer::New): V8 counts it against its young generation and scavenges when
// such memory piles up, where a buffer over memory twinhost allocated is reclaimed only by
// incremental marking, which waits for the event loop (a loop calling Python with a MiB
// each time faulted a fresh MiB in per call). Where node cannot make one, bytes_to_js().
v8::Local<v8::Value> copy_to_js(v8::Isolate* isolate, const char* data, size_t size) {
  if (size > 0 && size <= node::Buffer::kMaxLength) {
    v8::TryCatch failed(isolate);  // no environment here: fall back
    v8::Local<v8::Object> buffer;
    if (node::Buffer::New(isolate, size).ToLocal(&buffer)) {
      std::memcpy(node::Buffer::Data(buffer), data, size);
      return v8::Uint8Array::New(buffer.As<v8::Uint8Array>()->Buffer(), 0, size);
    }
  }
  return bytes_to_js(isolate, std::string(data, size));
}

bool is_plain_object(v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
  v8::Local<v8::Value> proto = object->GetPrototype();
  if (proto->IsNull()) return true;
  if (!proto->IsObject()) return false;
  // The context's Object.prototype, as a new {} has it (`context` is the current one, where
  // Object::New makes it): a lookup of globalThis.Object by name cost a fifth of returning
  // an object to Python (and a script could have replaced it).
  return proto->StrictEquals(v8::Object::New(context->GetIsolate())->GetPrototype());
}

std::string to_utf8(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::String::Utf8Value text(isolate, value);
  return *text ? std::string(*text, static_cast<size_t>(text.length())) : std::string();
}

std::string property_string(v8::Isolate* isolate, v8::Local<v8::Context> context,
                            v8::Local<v8::Object> object, const char* key) {
  v8::Local<v8::Value> value;
  v8::TryCatch ignore(isolate);
  if (!object->Get(context, property_name(isolate, key)).ToLocal(&value) || value->IsUndefined())
    return {};
  return to_utf8(isolate, value);
}

}  // namespace

v8::Local<v8::String> v8_string(v8::Isolate* isolate, std::string_view text) {
  v8::Local<v8::String> result;
  // V8's length is an int: a longer text must not wrap around into a short one.
  if (text.size() > static_cast<std::size_t>(v8::String::kMaxLength) ||
      !v8::String::NewFromUtf8(isolate, text.data(), v8::NewStringType::kNormal,
                               static_cast<int>(text.size()))
           .ToLocal(&result))
    throw api::Error(api::Error::Kind::Range,
                     "text too long for a JavaScript string (" + std::to_string(text.size()) +
                         " bytes; V8's limit is " + std::to_string(v8::String::kMaxLength) +
                         " characters)");
  return result;
}

v8::Local<v8::Private> private_key(v8::Isolate* isolate, const char* name) {
  auto make = [&] { return v8::Private::ForApi(isolate, v8_string(isolate, name)); };
  Environment* environment = registered_environment_here(isolate);
  return environment ? environment->kept<v8::Private>(name, make) : make();
}

v8::Local<v8::String> property_name(v8::Isolate* isolate, const char* name) {
  auto make = [&] {
    return v8::String::NewFromUtf8(isolate, name, v8::NewStringType::kInternalized)
        .ToLocalChecked();
  };
  Environment* environment = registered_environment_here(isolate);
  return environment ? environment->kept<v8::String>(name, make) : make();
}

v8::Local<v8::String> v8_message(v8::Isolate* isolate, std::string_view text) {
  // An error must always be raisable: a message too long for V8 is cut, and says so.
  constexpr std::size_t kMaxMessage = 1 << 20;
  if (text.size() <= kMaxMessage) return v8_string(isolate, text);
  std::string cut(text.substr(0, kMaxMessage));
  cut += "... [" + std::to_string(text.size() - kMaxMessage) + " more bytes cut by twinhost]";
  return v8_string(isolate, cut);
}

api::Number js_number(double d) {
  bool integral =
      std::trunc(d) == d && std::fabs(d) <= kMaxSafeInteger && !(d == 0 && std::signbit(d));
  return integral ? api::Number::integer(static_cast<std::int64_t>(d)) : api::Number::real(d);
}

v8::Local<v8::Value> js_integer(v8::Isolate* isolate, std::int64_t i, api::Type type) {
  if (type == api::Type::BigInt || std::fabs(static_cast<double>(i)) > kMaxSafeInteger)
    return v8::BigInt::New(isolate, i);
  return v8::Number::New(isolate, static_cast<double>(i));
}

namespace {

// Reads a long array's leading numbers in one call into JS: each element read through the
// API is boxed in a new HeapNumber (an unboxed double array's are not boxed at all), which
// was most of a numeric list's crossing. The helper reads each element once: it stops at
// the first non-number and hands that value over with the numbers before it.
constexpr uint32_t kNumbersAtOnce = 16;
constexpr uint32_t kNumbersAtMost = 1u << 24;  // beyond, the Float64Array itself is a risk
constexpr const char* kLeadingNumbers = R"js(
((array, length) => {
  const numbers = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const x = array[i];
    if (typeof x !== 'number') return [numbers.subarray(0, i), x];
    numbers[i] = x;
  }
  return numbers;
})
)js";

// Appends the leading numbers of `array` to `list` (and the value after them, if any);
// returns the index the caller goes on from.
uint32_t leading_numbers(v8::Isolate* isolate, v8::Local<v8::Context> context,
                         v8::Local<v8::Array> array, uint32_t length, List& list, int depth) {
  // A packed array of small integers or doubles (no holes, getters or own iterator) is
  // copied out by V8 itself: the helper below runs interpreted until V8 has optimised it
  // (~4,000 lists of 1,000), at 45-65 ns an element, 16-22 after.
  constexpr uint32_t kFloat64TypeId = 7u << 16;  // CTypeInfo(CTypeInfo::Type::kFloat64).GetId()
  std::vector<double> read_out(length);
  if (v8::TryToCopyAndConvertArrayToCppBuffer<kFloat64TypeId, double>(array, read_out.data(),
                                                                      length)) {
    for (double d : read_out) list.push_back(api::box(js_number(d)));
    return length;
  }
  v8::Local<v8::Function> read =
      per_context(isolate, "twinhost.leadingNumbers", [&](v8::Local<v8::Context> here) {
        auto script = must(v8::Script::Compile(here, v8_string(isolate, kLeadingNumbers)));
        return must(script->Run(here)).As<v8::Function>();
      });
  v8::Local<v8::Value> args[] = {array, v8::Integer::NewFromUnsigned(isolate, length)};
  v8::Local<v8::Value> result = must(read->Call(context, v8::Undefined(isolate), 2, args));
  v8::Local<v8::Value> after;
  if (!result->IsFloat64Array()) {  // [numbers, the first value that is not one]
    auto pair = result.As<v8::Array>();
    after = must(pair->Get(context, 1));
    result = must(pair->Get(context, 0));
  }
  auto numbers = result.As<v8::Float64Array>();
  read_out.resize(numbers->Length());
  numbers->CopyContents(read_out.data(), read_out.size() * sizeof(double));
  for (double d : read_out) list.push_back(api::box(js_number(d)));
  auto next = static_cast<uint32_t>(read_out.size());
  if (after.IsEmpty()) return next;
  list.push_back(to_value(isolate, after, depth + 1));
  return next + 1;
}

// The other way: a long list of numbers (floats, and integers JS numbers hold exactly)
// becomes a JS array in one call, from a Float64Array: a Number made per element through the
// API is a HeapNumber each, where the array stores them unboxed.
constexpr const char* kArrayOfNumbers = R"js(
((numbers) => {
  const length = numbers.length, array = new Array(length);
  for (let i = 0; i < length; i++) array[i] = numbers[i];
  return array;
})
)js";

// The JS array of `list`'s numbers, or empty where an element is not such a number.
v8::Local<v8::Value> numbers_to_js(v8::Isolate* isolate, const List& list) {
  for (const Value& item : list)
    if (!item.is_float() &&
        !(item.is_int() && std::fabs(static_cast<double>(item.as_int())) <= kMaxSafeInteger))
      return {};
  auto context = isolate->GetCurrentContext();
  v8::Local<v8::Function> make =
      per_context(isolate, "twinhost.arrayOfNumbers", [&](v8::Local<v8::Context> here) {
        auto script = must(v8::Script::Compile(here, v8_string(isolate, kArrayOfNumbers)));
        return must(script->Run(here)).As<v8::Function>();
      });
  auto buffer = v8::ArrayBuffer::New(isolate, list.size() * sizeof(double));
  auto* out = static_cast<double*>(buffer->GetBackingStore()->Data());
  for (const Value& item : list)
    *out++ = item.is_float() ? item.as_float() : static_cast<double>(item.as_int());
  v8::Local<v8::Value> args[] = {v8::Float64Array::New(buffer, 0, list.size())};
  return must(make->Call(context, v8::Undefined(isolate), 1, args));
}

}  // namespace

Value to_value(v8::Isolate* isolate, v8::Local<v8::Value> value, int depth) {
  if (value->IsNumber()) return api::box(js_number(value.As<v8::Number>()->Value()));
  if (value->IsString()) return Value(utf8(isolate, value.As<v8::String>()));
  if (value->IsNullOrUndefined()) return Value();
  if (value->IsBoolean()) return Value(value->IsTrue());
  if (value->IsBigInt()) {
    bool lossless = false;
    std::int64_t i = value.As<v8::BigInt>()->Int64Value(&lossless);
    if (!lossless) throw api::integer_range_error();
    return Value(i);
  }
  if (value->IsArrayBufferView() || value->IsArrayBuffer()) {
    if (auto shared = shared_buffer_of(value)) return Value(std::shared_ptr<ForeignObject>(shared));
  }
  if (value->IsArrayBufferView()) {
    // One copy, straight from the buffer's memory (no zero-filled string to copy into);
    // a small typed array that V8 keeps on its heap has no buffer yet: copied out of it.
    auto view = value.As<v8::ArrayBufferView>();
    if (view->HasBuffer()) {
      auto store = view->Buffer()->GetBackingStore();
      return Value(copy_bytes(static_cast<const char*>(store->Data()) + view->ByteOffset(),
                              view->ByteLength()));
    }
    std::string data(view->ByteLength(), '\0');
    view->CopyContents(data.data(), data.size());
    return Value(Bytes{std::move(data)});
  }
  if (value->IsArrayBuffer()) {
    auto store = value.As<v8::ArrayBuffer>()->GetBackingStore();
    return Value(copy_bytes(store->Data(), store->ByteLength()));
  }
  if (value->IsSharedArrayBuffer()) {
    auto store = value.As<v8::SharedArrayBuffer>()->GetBackingStore();
    return Value(copy_bytes(store->Data(), store->ByteLength()));
  }
  if (auto object = proxy_target(value)) return Value(object);  // back to its own object
  // A JS Proxy is whatever its handler makes of it: by reference, never read as data.
  if (value->IsProxy()) return Value(wrap_js_object(isolate, value.As<v8::Object>()));
  if (depth >= kMaxValueDepth) throw api::nesting_error();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (value->IsArray()) {
    auto array = value.As<v8::Array>();
    // The length as it is now: element getters may grow the array as they are read.
    const uint32_t length = array->Length();
    List list;
    list.reserve(length);
    // (Not while JS is being terminated: the helper could not run, where Get still can.)
    uint32_t i =
        length >= kNumbersAtOnce && length <= kNumbersAtMost && !isolate->IsExecutionTerminating()
            ? leading_numbers(isolate, context, array, length, list, depth)
            : 0;
    for (; i < length; ++i)
      list.push_back(to_value(isolate, must(array->Get(context, i)), depth + 1));
    return Value(std::move(list));
  }
  if (value->IsMap()) {
    auto entries = value.As<v8::Map>()->AsArray();  // [k0, v0, k1, v1, ...]
    Map map;
    for (uint32_t i = 0; i + 1 < entries->Length(); i += 2)
      map.emplace_back(to_value(isolate, must(entries->Get(context, i)), depth + 1),
                       to_value(isolate, must(entries->Get(context, i + 1)), depth + 1));
    return Value(std::move(map));
  }
  if (value->IsObject() && !value->IsFunction() &&
      is_plain_object(context, value.As<v8::Object>())) {
    auto object = value.As<v8::Object>();
    auto keys = must(object->GetOwnPropertyNames(context, v8::ONLY_ENUMERABLE,
                                                 v8::KeyConversionMode::kConvertToString));
    // An object with methods (a module, a namespace, an iterable's [Symbol.iterator]) is an
    // object, not data: it crosses by reference, before anything in it is converted
    // (modules refer to themselves).
    std::vector<v8::Local<v8::Value>> values;
    for (uint32_t i = 0; i < keys->Length(); ++i) {
      values.push_back(must(object->Get(context, must(keys->Get(context, i)))));
      // (A proxy of a Python object is callable, but it is data that crossed, not a method.)
      if (values.back()->IsFunction() && !proxy_target(values.back()))
        return Value(wrap_js_object(isolate, object));
    }
    Map map;
    for (uint32_t i = 0; i < keys->Length(); ++i) {
      auto key = must(keys->Get(context, i));
      if (key->IsSymbol()) continue;  // data under a symbol: JS's own, as JSON.stringify
      map.emplace_back(Value(utf8(isolate, key.As<v8::String>())),
                       to_value(isolate, values[i], depth + 1));
    }
    return Value(std::move(map));
  }
  // A promise handed to Python is Python's to await: the await attaches its handlers only
  // after this crossing returns, when node would already have reported a rejection that
  // happened first (Promise.reject(), an async function that throws at once) as unhandled.
  // (A handler, not MarkAsHandled(): node forgets a pending rejection only when one is added.)
  if (value->IsPromise()) {
    auto ignore =
        must(v8::Function::New(context, [](const v8::FunctionCallbackInfo<v8::Value>&) {}));
    (void)must(value.As<v8::Promise>()->Catch(context, ignore));
  }
  // Other objects and functions cross by reference: a proxy on the other side.
  if (value->IsObject()) return Value(wrap_js_object(isolate, value.As<v8::Object>()));
  v8::String::Utf8Value type(isolate, value->TypeOf(isolate));
  throw api::unconvertible_error(std::string("a JavaScript ") + *type);
}

std::optional<BufferMemory> buffer_memory(v8::Local<v8::Value> value) {
  if (value->IsArrayBufferView()) {
    auto view = value.As<v8::ArrayBufferView>();
    if (!view->HasBuffer()) return std::nullopt;
    return BufferMemory{view->Buffer()->GetBackingStore(), view->ByteOffset(), view->ByteLength()};
  }
  if (!value->IsArrayBuffer()) return std::nullopt;
  auto store = value.As<v8::ArrayBuffer>()->GetBackingStore();
  std::size_t length = store->ByteLength();
  return BufferMemory{std::move(store), 0, length};
}

Value lend_value(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (!value->IsObject()) return to_value(isolate, value);  // numbers, strings: no buffer
  // A SharedBuffer is handed over, not copied; shared memory may change under the copy; a
  // small typed array on V8's heap is copied out of it.
  if (auto shared = shared_buffer_of(value)) return Value(std::shared_ptr<ForeignObject>(shared));
  std::optional<BufferMemory> memory = buffer_memory(value);
  if (!memory || memory->store->IsShared()) return to_value(isolate, value);
  const char* data = static_cast<const char*>(memory->store->Data()) + memory->offset;
  return Value(std::make_shared<detail::LentBytes>(std::move(memory->store), data, memory->length));
}

v8::Local<v8::Value> from_value(v8::Isolate* isolate, Value&& value, api::Type type) {
  if (value.is_bytes()) return bytes_to_js(isolate, std::move(value.as_bytes().data));
  return from_value(isolate, static_cast<const Value&>(value), type);
}

v8::Local<v8::Value> from_value(v8::Isolate* isolate, const Value& value, api::Type type) {
  switch (value.kind()) {
    case Value::Kind::Null:
      return type == api::Type::Null ? v8::Undefined(isolate).As<v8::Value>()
                                     : v8::Null(isolate).As<v8::Value>();
    case Value::Kind::Bool:
      return v8::Boolean::New(isolate, value.as_bool());
    case Value::Kind::Int:
      return js_integer(isolate, value.as_int(), type);
    case Value::Kind::Float:
      return v8::Number::New(isolate, value.as_float());
    case Value::Kind::String:
      return v8_string(isolate, value.as_string());
    case Value::Kind::Bytes:
      return copy_to_js(isolate, value.as_bytes().data.data(), value.as_bytes().data.size());
    case Value::Kind::List: {
      // Built in one step from its elements (a Set per element costs several times more).
      const auto& list = value.as_list();
      if (list.size() >= kNumbersAtOnce && list.size() <= kNumbersAtMost &&
          !isolate->IsExecutionTerminating()) {
        v8::Local<v8::Value> numbers = numbers_to_js(isolate, list);
        if (!numbers.IsEmpty()) return numbers;
      }
      std::vector<v8::Local<v8::Value>> elements;
      elements.reserve(list.size());
      for (const Value& item : list) elements.push_back(from_value(isolate, item));
      return v8::Array::New(isolate, elements.data(), elements.size());
    }
    case Value::Kind::Object: {
      if (auto* shared = dynamic_cast<const SharedBuffer*>(value.as_object().get()))
        return shared_buffer_view(isolate, *shared);
      if (auto* lent = dynamic_cast<const detail::LentBytes*>(value.as_object().get()))
        return copy_to_js(isolate, lent->data(), lent->size());
      v8::Local<v8::Object> own = unwrap_js_object(isolate, *value.as_object());
      if (!own.IsEmpty()) return own;
      // A JS object of another environment (a worker, another Host) stays out: using it
      // from here would block this loop on that one's, and the reverse could deadlock.
      if (std::string_view(value.as_object()->runtime()) == "node")
        throw api::Error(api::Error::Kind::Type,
                         js_object_alive(*value.as_object())
                             ? "a JavaScript object of another Node.js environment (a worker "
                               "or another Host) cannot be used here: pass its data instead"
                             : "a JavaScript object whose Node.js environment has stopped (a "
                               "finished worker, a destroyed Host) cannot be used");
      return make_proxy(isolate, value.as_object());
    }
    case Value::Kind::Map: {
      v8::Local<v8::Context> context = isolate->GetCurrentContext();
      const auto& map = value.as_map();
      bool string_keys = true;
      for (const auto& entry : map) string_keys = string_keys && entry.first.is_string();
      if (string_keys) {
        auto object = v8::Object::New(isolate);
        std::unordered_set<std::string_view> seen;
        for (const auto& [k, v] : map) {
          if (!seen.insert(k.as_string()).second) throw api::key_collision_error("a JS object");
          must(object->CreateDataProperty(context, from_value(isolate, k).As<v8::String>(),
                                          from_value(isolate, v)));
        }
        return object;
      }
      auto result = v8::Map::New(isolate);
      for (const auto& [k, v] : map)
        must(result->Set(context, from_value(isolate, k), from_value(isolate, v)));
      if (result->Size() != map.size()) throw api::key_collision_error("a JS Map");
      return result;
    }
  }
  return v8::Undefined(isolate);
}

ScriptError script_error(v8::Isolate* isolate, v8::Local<v8::Value> exception,
                         v8::Local<v8::Message> message, bool lazy_stack) {
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  std::string type = "Uncaught", text, stack;
  const bool is_object = exception->IsObject() && !exception->IsNullOrUndefined();
  if (is_object) {
    auto object = exception.As<v8::Object>();
    type = property_string(isolate, context, object, "name");
    text = property_string(isolate, context, object, "message");
    if (!lazy_stack) stack = property_string(isolate, context, object, "stack");
    if (type.empty()) type = "Error";
  } else {
    text = to_utf8(isolate, exception);
  }
  std::string header;
  if (!message.IsEmpty() && !message->GetScriptResourceName()->IsUndefined()) {
    header = to_utf8(isolate, message->GetScriptResourceName()) + ":" +
             std::to_string(message->GetLineNumber(context).FromMaybe(0)) + "\n";
    v8::Local<v8::String> line;
    // A native function (twinhost's own, a built-in) has no source line: columns are -1.
    int start = message->GetStartColumn(context).FromMaybe(-1);
    int end = message->GetEndColumn(context).FromMaybe(start + 1);
    if (start >= 0 && message->GetSourceLine(context).ToLocal(&line)) {
      header += to_utf8(isolate, line) + "\n";
      header += std::string(static_cast<size_t>(start), ' ') +
                std::string(static_cast<size_t>(std::max(1, end - start)), '^') + "\n";
    }
    header += "\n";
  }
  std::shared_ptr<ForeignObject> object;
  if (exception->IsObject()) object = wrap_js_object(isolate, exception.As<v8::Object>());
  if (lazy_stack && is_object) {
    // What is shown if the stack cannot be read then. For a native error, the text its
    // toString() gives, without a call into JS on every error that crosses.
    const std::string uncaught =
        "Uncaught " + (!exception->IsNativeError() ? to_utf8(isolate, exception)
                       : text.empty()              ? type
                                                   : type + ": " + text);
    // V8 formats `stack` when it is first read (node's prepareStackTrace included): read
    // through the object when asked, as JS would read it then.
    auto format = [object, header, uncaught]() -> std::string {
      try {
        Value stack = object->get("stack");
        if (stack.is_string() && !stack.as_string().empty()) return header + stack.as_string();
      } catch (...) {  // the environment has stopped, or a getter threw: what is known
      }
      return header + uncaught;
    };
    return ScriptError(Language::JavaScript, std::move(type), std::move(text), std::move(format),
                       std::move(object));
  }
  if (stack.empty()) stack = "Uncaught " + to_utf8(isolate, exception);
  return ScriptError(Language::JavaScript, std::move(type), std::move(text), header + stack,
                     std::move(object));
}

void throw_error(v8::Isolate* isolate, const api::Error& error) {
  if (isolate->IsExecutionTerminating()) return;  // stopping: nothing may catch anything
  v8::Local<v8::String> message = v8_message(isolate, error.what());
  v8::Local<v8::Value> exception =
      error.kind() == api::Error::Kind::Type    ? v8::Exception::TypeError(message)
      : error.kind() == api::Error::Kind::Range ? v8::Exception::RangeError(message)
                                                : v8::Exception::Error(message);
  isolate->ThrowException(exception);
}

}  // namespace twinhost::node_face
