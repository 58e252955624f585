// twinhost::Value from and to C++ types: every integer and floating-point type, string
// views, standard containers, range checks, clear errors, and an escaping repr().
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "twinhost/value.h"
#include "value_printer.h"

using twinhost::Bytes;
using twinhost::ConversionError;
using twinhost::List;
using twinhost::Map;
using twinhost::Value;

TEST_CASE("every integer type is an int, range-checked", "[value]") {
  CHECK(Value(5LL) == Value(5));
  CHECK(Value(5u) == Value(5));
  CHECK(Value(std::size_t{7}).as_int() == 7);
  CHECK(Value(std::uint64_t{1} << 62).as_int() == std::int64_t{1} << 62);
  CHECK(Value(std::int8_t{-3}).as_int() == -3);
  CHECK(Value(std::uint16_t{65535}).as_int() == 65535);
  CHECK(Value(std::numeric_limits<std::int64_t>::min()).as_int() ==
        std::numeric_limits<std::int64_t>::min());
  try {
    Value v(std::numeric_limits<std::uint64_t>::max());
    FAIL("no error for " << v.repr());
  } catch (const ConversionError& e) {
    CHECK(e.kind() == ConversionError::Kind::Range);
  }
  CHECK(Value(1.5f) == Value(1.5));
  CHECK(Value(2.0L).is_float());
  CHECK(Value(true).is_bool());
}

TEST_CASE("text from string views and C strings; a null C string is null", "[value]") {
  std::string_view view("abc\0def", 7);
  CHECK(Value(view).as_string().size() == 7);
  char buffer[] = "mutable";
  CHECK(Value(buffer) == Value("mutable"));
  const char* none = nullptr;
  CHECK(Value(none).is_null());
  CHECK(Value(std::string("s")) == Value("s"));
}

TEST_CASE("standard containers become lists and maps, and come back", "[value]") {
  Value list(std::vector<int>{1, 2, 3});
  CHECK(list == Value(List{1, 2, 3}));
  CHECK(list.as<std::vector<long>>() == std::vector<long>{1, 2, 3});
  CHECK(list.as<std::vector<double>>() == std::vector<double>{1.0, 2.0, 3.0});

  Value map(std::map<std::string, std::vector<std::string>>{{"a", {"x"}}, {"b", {}}});
  CHECK(map == Value(Map{{"a", List{"x"}}, {"b", List{}}}));
  auto back = map.as<std::map<std::string, std::vector<std::string>>>();
  CHECK(back.at("a") == std::vector<std::string>{"x"});
  CHECK(Value(std::unordered_map<int, bool>{{1, true}}).as<std::unordered_map<int, bool>>().at(1));

  CHECK(Value(std::optional<int>()).is_null());
  CHECK(Value(std::optional<int>(4)) == Value(4));
  CHECK(Value().as<std::optional<std::string>>() == std::nullopt);
  CHECK(Value("x").as<std::optional<std::string>>() == std::string("x"));
  CHECK(Value(List{}).as<List>().empty());
  CHECK(map.as<Map>().size() == 2);
  CHECK(Value(Bytes{"\x01"}).as<Bytes>() == Bytes{"\x01"});
}

TEST_CASE("as<T>() refuses another kind or an out-of-range integer, by name", "[value]") {
  CHECK(Value(3).as<int>() == 3);
  CHECK(Value(3).as<double>() == 3.0);  // an int is a number
  try {
    (void)Value(1.5).as<int>();  // a float never silently becomes an integer
    FAIL("no error");
  } catch (const ConversionError& e) {
    CHECK(e.kind() == ConversionError::Kind::Type);
    CHECK(std::string(e.what()) == "twinhost::Value: expected int, got float 1.5");
  }
  try {
    (void)Value(300).as<std::uint8_t>();
    FAIL("no error");
  } catch (const ConversionError& e) {
    CHECK(e.kind() == ConversionError::Kind::Range);
  }
  CHECK_THROWS_AS(Value(-1).as<unsigned>(), ConversionError);
  CHECK_THROWS_AS(Value("1").as<int>(), ConversionError);
  CHECK_THROWS_AS(Value(1).as<std::string>(), ConversionError);
  CHECK_THROWS_AS(Value(List{1, "two"}).as<std::vector<int>>(), ConversionError);
  CHECK_THROWS_AS(Value(1).as<bool>(), ConversionError);  // 1 is not true
  // Keys distinct in the model that C++ cannot tell apart.
  CHECK_THROWS_AS((Value(Map{{1, 1}, {1, 2}}).as<std::map<int, int>>()), ConversionError);
}

TEST_CASE("repr() escapes quotes, backslashes and control characters", "[value]") {
  CHECK(Value(std::string("a\"b\\c\n\0", 7)).repr() == "\"a\\\"b\\\\c\\n\\u0000\"");
  CHECK(Value(Bytes{std::string("\x00\xff\"", 3)}).repr() == "b\"\\x00\\xff\\\"\"");
  CHECK(Value("héllo").repr() == "\"héllo\"");  // text keeps its UTF-8
}

TEST_CASE("equality is by kind and content, documented in value.h", "[value]") {
  CHECK(Value(1) != Value(1.0));
  double nan = std::nan("");
  CHECK(Value(nan) != Value(nan));
  CHECK(Value(-0.0) == Value(0.0));
  CHECK(Value(List{1, 2}) != Value(List{2, 1}));
}
