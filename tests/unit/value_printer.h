// Lets Catch print twinhost::Value in failed assertions.
#pragma once

#include <catch2/catch.hpp>

#include "twinhost/value.h"

namespace Catch {
template <>
struct StringMaker<twinhost::Value> {
  static std::string convert(const twinhost::Value& value) { return value.repr(); }
};
}  // namespace Catch
