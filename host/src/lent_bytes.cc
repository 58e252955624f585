#include "lent_bytes.h"

#include <string>

namespace twinhost::detail {

// Out of line, in the core library: one type both faces' modules cast to.
Value LentBytes::get(const std::string& name) {
  throw ConversionError("lent bytes have no attribute '" + name + "'");
}

void LentBytes::set(const std::string& name, const Value&) {
  throw ConversionError("lent bytes have no attribute '" + name + "'");
}

Value LentBytes::call(const List&, const Map&) {
  throw ConversionError("lent bytes are not callable");
}

Value LentBytes::item(const Value&) { throw ConversionError("lent bytes are not indexable"); }

std::string LentBytes::str() { return "<lent bytes " + std::to_string(size_) + ">"; }

}  // namespace twinhost::detail

namespace twinhost {

// A receiver that does not take lent bytes gets its own copies.
Value ForeignObject::call_lent(List&& args, Map&& kwargs, std::optional<ScriptError>& error) {
  for (Value& arg : args) {
    if (!arg.is_object()) continue;
    if (auto* lent = dynamic_cast<const detail::LentBytes*>(arg.as_object().get()))
      arg = Value(Bytes{std::string(lent->data(), lent->size())});
  }
  return call_catching(std::move(args), std::move(kwargs), error);
}

}  // namespace twinhost
