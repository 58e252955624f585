// Value::as<T>(): the value model's table read from the C++ side, one ValueCast per C++
// type. Included by value.h; not a header of its own.
#pragma once

#include <limits>
#include <string>

#include "twinhost/errors.h"
#include "twinhost/value.h"

namespace twinhost {
namespace detail {

[[noreturn]] void throw_cast_error(const Value& value, const char* expected);
[[noreturn]] void throw_range_error(const std::string& what);

template <typename T>
std::int64_t to_int64(T i) {
  if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
    if (i > static_cast<T>(std::numeric_limits<std::int64_t>::max()))
      throw_range_error("twinhost::Value: " + std::to_string(i) +
                        " is beyond the value model's int64 range");
  }
  return static_cast<std::int64_t>(i);
}

template <typename T, typename = void>
struct ValueCast;

template <>
struct ValueCast<Value> {
  static Value from(const Value& value) { return value; }
};

template <>
struct ValueCast<bool> {
  static bool from(const Value& value) {
    if (!value.is_bool()) throw_cast_error(value, "bool");
    return value.as_bool();
  }
};

template <typename T>
struct ValueCast<T, std::enable_if_t<is_integer<T>>> {
  static T from(const Value& value) {
    if (!value.is_int()) throw_cast_error(value, "int");
    std::int64_t i = value.as_int();
    bool fits;
    if constexpr (std::is_signed_v<T>)
      fits = i >= std::numeric_limits<T>::min() && i <= std::numeric_limits<T>::max();
    else
      fits = i >= 0 && static_cast<std::uint64_t>(i) <= std::numeric_limits<T>::max();
    if (!fits)
      throw_range_error("twinhost::Value: " + std::to_string(i) + " does not fit the type");
    return static_cast<T>(i);
  }
};

template <typename T>
struct ValueCast<T, std::enable_if_t<std::is_floating_point_v<T>>> {
  static T from(const Value& value) {
    if (!value.is_number()) throw_cast_error(value, "number");
    return static_cast<T>(value.as_number());
  }
};

template <>
struct ValueCast<std::string> {
  static std::string from(const Value& value) {
    if (!value.is_string()) throw_cast_error(value, "string");
    return value.as_string();
  }
};

template <>
struct ValueCast<Bytes> {
  static Bytes from(const Value& value) {
    if (!value.is_bytes()) throw_cast_error(value, "bytes");
    return value.as_bytes();
  }
};

template <>
struct ValueCast<std::shared_ptr<ForeignObject>> {
  static std::shared_ptr<ForeignObject> from(const Value& value) {
    if (!value.is_object()) throw_cast_error(value, "object");
    return value.as_object();
  }
};

template <>
struct ValueCast<Map> {
  static Map from(const Value& value) {
    if (!value.is_map()) throw_cast_error(value, "map");
    return value.as_map();
  }
};

template <typename T, typename A>
struct ValueCast<std::vector<T, A>> {
  static std::vector<T, A> from(const Value& value) {
    if (!value.is_list()) throw_cast_error(value, "list");
    std::vector<T, A> out;
    out.reserve(value.as_list().size());
    for (const Value& item : value.as_list()) out.push_back(ValueCast<T>::from(item));
    return out;
  }
};

template <typename Entries>
Entries entries_from(const Value& value) {
  if (!value.is_map()) throw_cast_error(value, "map");
  Entries out;
  for (const auto& [key, item] : value.as_map()) {
    if (!out.emplace(ValueCast<typename Entries::key_type>::from(key),
                     ValueCast<typename Entries::mapped_type>::from(item))
             .second)
      throw_range_error("twinhost::Value: two keys of the map are equal as C++ keys");
  }
  return out;
}

template <typename K, typename V, typename C, typename A>
struct ValueCast<std::map<K, V, C, A>> {
  static std::map<K, V, C, A> from(const Value& value) {
    return entries_from<std::map<K, V, C, A>>(value);
  }
};

template <typename K, typename V, typename H, typename E, typename A>
struct ValueCast<std::unordered_map<K, V, H, E, A>> {
  static std::unordered_map<K, V, H, E, A> from(const Value& value) {
    return entries_from<std::unordered_map<K, V, H, E, A>>(value);
  }
};

template <typename T>
struct ValueCast<std::optional<T>> {
  static std::optional<T> from(const Value& value) {
    if (value.is_null()) return std::nullopt;
    return ValueCast<T>::from(value);
  }
};

}  // namespace detail

template <typename T>
T Value::as() const {
  return detail::ValueCast<T>::from(*this);
}

}  // namespace twinhost
