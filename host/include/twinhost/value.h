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
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace twinhost {

class Value;
class ForeignObject;

// Raw bytes; distinct from a string, which is always UTF-8 text.
struct Bytes {
  std::string data;
  friend bool operator==(const Bytes& a, const Bytes& b) { return a.data == b.data; }
};
using List = std::vector<Value>;
// Insertion-ordered entries; keys are Values (strings for JS plain objects).
using Map = std::vector<std::pair<Value, Value>>;

class Value {
 public:
  enum class Kind { Null, Bool, Int, Float, String, Bytes, List, Map, Object };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  Value(int i) : data_(static_cast<std::int64_t>(i)) {}
  Value(std::int64_t i) : data_(i) {}
  Value(double d) : data_(d) {}
  Value(const char* s) : data_(std::string(s)) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(Bytes b) : data_(std::move(b)) {}
  Value(List l) : data_(std::move(l)) {}
  Value(Map m) : data_(std::move(m)) {}
  Value(std::shared_ptr<ForeignObject> o) : data_(std::move(o)) {}

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
  List& as_list() { return std::get<List>(data_); }
  Map& as_map() { return std::get<Map>(data_); }
  // An Int or a Float as double.
  double as_number() const;

  // A short rendering for messages and tests: null, true, 42, 1.5, "text", b"..", [..], {..}.
  std::string repr() const;

  friend bool operator==(const Value& a, const Value& b) { return a.data_ == b.data_; }
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
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
  virtual Value call(const List& args, const Map& kwargs) = 0;
  virtual Value item(const Value& key) = 0;
  virtual bool has_length() = 0;
  virtual std::int64_t length() = 0;
  virtual std::string str() = 0;
  // Iteration, one item at a time (never materialised: an iterable may be endless).
  // iterate(): the object's iterator, of the same runtime; ConversionError if it is not
  // iterable. next(), on an iterator: the next item into `item` and true, or false at the end.
  virtual std::shared_ptr<ForeignObject> iterate();
  virtual bool next(Value& item);
};

// "null", "bool", "int", "float", "string", "bytes", "list", "map", "object".
const char* kind_name(Value::Kind kind);

// Containers may nest this deep; deeper (or cyclic) input is an error in both faces.
constexpr int kMaxValueDepth = 100;

}  // namespace twinhost
