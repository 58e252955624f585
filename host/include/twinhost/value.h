// twinhost::Value — the runtime-neutral value that crosses between C++, JS and Python.
//
// The conversion table each runtime face implements (README, "The value model"):
//   null              JS null/undefined        Python None
//   bool              boolean                  bool
//   int (int64)       exact-integer Number     int            (BigInt beyond ±2^53)
//   float (double)    other Number             float          (NaN, ±Infinity, -0.0 kept)
//   string (UTF-8)    string                   str            (lone surrogates -> U+FFFD)
//   bytes             Uint8Array/Buffer/...    bytes/bytearray/memoryview
//   list              Array                    list/tuple
//   map               plain object / Map       dict
//   object            a proxy of a Python object, or of a JS object, by reference
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace twinhost {

class Value;
class ForeignObject;
class ScriptError;

// Raw bytes; distinct from a string, which is always UTF-8 text.
struct Bytes {
  std::string data;
  friend bool operator==(const Bytes& a, const Bytes& b) { return a.data == b.data; }
};
using List = std::vector<Value>;
// Insertion-ordered entries; keys are Values (strings for JS plain objects).
using Map = std::vector<std::pair<Value, Value>>;

namespace detail {
// Character types: a character is neither a number nor a string.
template <typename T>
inline constexpr bool is_character = std::is_same_v<T, char> || std::is_same_v<T, wchar_t> ||
                                     std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t>
#ifdef __cpp_char8_t
                                     || std::is_same_v<T, char8_t>
#endif
    ;
template <typename T>
inline constexpr bool is_integer =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && !is_character<T>;
// An integer as the model's int64; ConversionError (Range) beyond it (a large uint64_t).
template <typename T>
std::int64_t to_int64(T i);
}  // namespace detail

// Equality compares kinds and contents: Int 1 and Float 1.0 differ (their kinds do), floats
// compare as IEEE doubles (NaN != NaN, -0.0 == 0.0), lists and maps element by element in
// order, objects by handle (the same ForeignObject, not an equal one).
class Value {
 public:
  enum class Kind { Null, Bool, Int, Float, String, Bytes, List, Map, Object };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  // Any integer type (ConversionError, Range, beyond int64) and any floating-point type.
  template <typename T, std::enable_if_t<detail::is_integer<T>, int> = 0>
  Value(T i) : data_(detail::to_int64(i)) {}
  template <typename T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  Value(T d) : data_(static_cast<double>(d)) {}
  // UTF-8 text. A null `const char*` is null.
  Value(const char* s) : Value(s ? Value(std::string(s)) : Value()) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(std::string_view s) : data_(std::string(s)) {}
#ifdef __cpp_char8_t
  Value(const char8_t* s) : Value(reinterpret_cast<const char*>(s)) {}
  Value(std::u8string_view s) : data_(std::string(s.begin(), s.end())) {}
#endif
  // Other pointers would silently become `true`; characters would become numbers.
  template <typename T, std::enable_if_t<!std::is_same_v<std::remove_cv_t<T>, char>, int> = 0>
  Value(T*) = delete;
  template <typename T, std::enable_if_t<detail::is_character<T>, int> = 0>
  Value(T) = delete;
  Value(Bytes b) : data_(std::move(b)) {}
  Value(List l) : data_(std::move(l)) {}
  Value(Map m) : data_(std::move(m)) {}
  Value(std::shared_ptr<ForeignObject> o) : data_(std::move(o)) {}
  // Standard containers, element by element: a vector is a list, a map (ordered or not) a
  // map, an optional its value or null.
  template <typename T, typename A, std::enable_if_t<!std::is_same_v<T, Value>, int> = 0>
  Value(const std::vector<T, A>& items) : data_(List(items.begin(), items.end())) {}
  template <typename K, typename V, typename C, typename A>
  Value(const std::map<K, V, C, A>& entries) : data_(to_map(entries)) {}
  template <typename K, typename V, typename H, typename E, typename A>
  Value(const std::unordered_map<K, V, H, E, A>& entries) : data_(to_map(entries)) {}
  template <typename T>
  Value(const std::optional<T>& value) : Value(value ? Value(*value) : Value()) {}

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_bool() const { return kind() == Kind::Bool; }
  bool is_int() const { return kind() == Kind::Int; }
  bool is_float() const { return kind() == Kind::Float; }
  bool is_number() const { return is_int() || is_float(); }
  bool is_string() const { return kind() == Kind::String; }
  bool is_bytes() const { return kind() == Kind::Bytes; }
  bool is_list() const { return kind() == Kind::List; }
  bool is_map() const { return kind() == Kind::Map; }
  bool is_object() const { return kind() == Kind::Object; }

  // The value as a C++ type: bool, any integer (range-checked) or floating-point type,
  // std::string, Bytes, List, Map, std::vector<T>, std::map<K, V>, std::unordered_map<K, V>,
  // std::optional<T> (null is nullopt), std::shared_ptr<ForeignObject>, Value. Throws
  // ConversionError: Type for another kind (an int is not a float's kind, but converts to
  // one; a float never converts to an integer), Range for an integer out of T's range.
  template <typename T>
  T as() const;

  // Checked accessors: std::bad_variant_access on the wrong kind; test kind() first.
  bool as_bool() const { return std::get<bool>(data_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(data_); }
  double as_float() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const Bytes& as_bytes() const { return std::get<Bytes>(data_); }
  const List& as_list() const { return std::get<List>(data_); }
  const Map& as_map() const { return std::get<Map>(data_); }
  const std::shared_ptr<ForeignObject>& as_object() const {
    return std::get<std::shared_ptr<ForeignObject>>(data_);
  }
  Bytes& as_bytes() { return std::get<Bytes>(data_); }
  List& as_list() { return std::get<List>(data_); }
  Map& as_map() { return std::get<Map>(data_); }
  // An Int or a Float as double.
  double as_number() const;

  // Chaining through objects (ConversionError when this is not one): attr("a") is
  // as_object()->get("a"), call() its call. item() also indexes a list (by int) and looks
  // up a map (ConversionError, Range, for an index or key that is not there).
  Value attr(const std::string& name) const;
  Value item(const Value& key) const;
  Value call(const List& args = {}, const Map& kwargs = {}) const;

  // A short rendering for messages and tests: null, true, 42, 1.5, "text", b"..", [..], {..}.
  // Quotes, backslashes and control characters in strings and bytes are escaped.
  std::string repr() const;

  friend bool operator==(const Value& a, const Value& b) { return a.data_ == b.data_; }
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  template <typename Entries>
  static Map to_map(const Entries& entries) {
    Map map;
    map.reserve(entries.size());
    for (const auto& [key, value] : entries) map.emplace_back(Value(key), Value(value));
    return map;
  }

  std::variant<std::monostate, bool, std::int64_t, double, std::string, Bytes, List, Map,
               std::shared_ptr<ForeignObject>>
      data_;
};

// An object of one runtime that is not a plain value, held by reference (never copied)
// while any Value or proxy refers to it. The runtime that owns it implements the
// operations; the other runtime's face builds its proxy on them. Every operation may
// throw ScriptError (the object's own runtime raised) or ConversionError.
class ForeignObject {
 public:
  virtual ~ForeignObject() = default;
  virtual const char* runtime() const = 0;  // "python" | "node"
  virtual Value get(const std::string& name) = 0;
  virtual void set(const std::string& name, const Value& value) = 0;
  virtual bool has(const std::string& name) = 0;
  // get() where has() is true, else nothing: one crossing for an attribute read that may
  // miss. By default, has() then get().
  virtual std::optional<Value> get_if(const std::string& name);
  virtual Value call(const List& args, const Map& kwargs) = 0;
  // The same call from a caller that no longer needs `args`: bytes may move into the other
  // runtime instead of being copied once more. By default, call().
  virtual Value call_with(List&& args, Map&& kwargs);
  // call_with(), a ScriptError of the object's runtime set in `error` instead of thrown: a
  // C++ throw costs microseconds of unwinding, for crossings where an exception is common
  // (a JS try/catch around a Python call). By default, call_with()'s caught.
  virtual Value call_catching(List&& args, Map&& kwargs, std::optional<ScriptError>& error);
  // call_catching() between twinhost's faces, bytes lent both ways: an argument may be
  // bytes the caller's runtime lends for the call, and the result bytes the callee's runtime
  // lends while the Value lives (internal objects, views of that runtime's memory), each
  // copied once by the side that receives them. By default lent arguments are copied into
  // Bytes first and the result is call_catching()'s; twinhost's Python objects lend.
  virtual Value call_lent(List&& args, Map&& kwargs, std::optional<ScriptError>& error);
  virtual Value item(const Value& key) = 0;
  virtual bool has_length() = 0;
  virtual std::int64_t length() = 0;
  virtual std::string str() = 0;
  // Iteration, one item at a time (never materialised: an iterable may be endless).
  // iterate(): the object's iterator, of the same runtime; ConversionError if it is not
  // iterable. next(), on an iterator: the next item into `item` and true, or false at the end.
  virtual std::shared_ptr<ForeignObject> iterate();
  virtual bool next(Value& item);
  // The object's async iterator (JS: [Symbol.asyncIterator]()), of the same runtime, whose
  // next() gives a promise of each step; null if it has none (by default). Python's
  // `async for` over a JS object uses it, else iterate() (as JS's `for await` does).
  virtual std::shared_ptr<ForeignObject> iterate_async();
  // Python's `item in object`; JS: a Map's or Set's has(), an array's includes(), else
  // `key in object`.
  virtual bool contains(const Value& item);
  // `del object.name` / `delete object.name`, and `del object[key]` / a Map's delete().
  virtual void remove(const std::string& name);
  virtual void remove_item(const Value& key);
  // Python's repr(); JS: util.inspect(), what console.log shows. str() is str() / String().
  virtual std::string repr();

  // What the object is, for isinstance checks, len() and bool(): JS "array", "map", "set",
  // "promise", "function", "generator" or "object"; Python "function" (callable),
  // "mapping" (keys() and []), "iterator" or "object".
  virtual std::string kind();
  // Own enumerable string keys, in order, as JS's Object.keys() gives them. Python: a
  // mapping's keys, a dataclass's fields, else the instance's attributes (no dunder names).
  virtual List keys();
  // Whether `key` is one of keys() (JS: an own enumerable property).
  virtual bool has_own(const std::string& key);
  // Every name an attribute read reaches: JS the own and inherited property names (up to,
  // not including, Object.prototype and Function.prototype); Python dir().
  virtual List names();
  // The object as data, one level deep, or nothing if it is not data. JS: a Set's values,
  // else an object's own enumerable properties (functions, promises, generators, dates,
  // regular expressions, errors and JS Proxies are not data). Python: a dataclass's fields,
  // a mapping's items, a set's or sequence's elements. See to_data().
  virtual std::optional<Value> as_data();
  // What identifies the object in its runtime while it lives (Python: the PyObject), or
  // null where it moves (a JS object): proxies are cached by it.
  virtual const void* identity() const { return nullptr; }
};

// `value` with its foreign objects converted to data (ForeignObject::as_data()) down to
// `depth` levels of objects (-1: all); what is not data stays an object. ConversionError
// (Range) when deeper than kMaxValueDepth or cyclic.
Value to_data(const Value& value, int depth);

// "null", "bool", "int", "float", "string", "bytes", "list", "map", "object".
const char* kind_name(Value::Kind kind);

// Containers may nest this deep; deeper (or cyclic) input is an error in both faces.
constexpr int kMaxValueDepth = 100;

}  // namespace twinhost

#include "twinhost/value_cast.h"  // Value::as<T>() and detail::to_int64: the C++ table
