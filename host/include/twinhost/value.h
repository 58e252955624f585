// twinhost::Value — the runtime-neutral value that crosses between C++, JS and Python.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace twinhost {

// Null (JS null/undefined, Python None), bool, 64-bit integer, double and UTF-8 string.
// The container and handle kinds of the value model extend this variant.
class Value {
 public:
  enum class Kind { Null, Bool, Int, Float, String };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  Value(int i) : data_(static_cast<std::int64_t>(i)) {}
  Value(std::int64_t i) : data_(i) {}
  Value(double d) : data_(d) {}
  Value(const char* s) : data_(std::string(s)) {}
  Value(std::string s) : data_(std::move(s)) {}

  Kind kind() const { return static_cast<Kind>(data_.index()); }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_bool() const { return kind() == Kind::Bool; }
  bool is_int() const { return kind() == Kind::Int; }
  bool is_float() const { return kind() == Kind::Float; }
  bool is_string() const { return kind() == Kind::String; }

  // Checked accessors: throw std::bad_variant_access naming nothing; use kind() first.
  bool as_bool() const { return std::get<bool>(data_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(data_); }
  double as_float() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  // An Int or a Float as double (JS numbers are doubles).
  double as_number() const;

  // A short human-readable rendering: null, true, 42, 1.5, "text".
  std::string repr() const;

  friend bool operator==(const Value& a, const Value& b) { return a.data_ == b.data_; }
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string> data_;
};

const char* kind_name(Value::Kind kind);

}  // namespace twinhost
