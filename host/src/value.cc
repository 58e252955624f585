#include "twinhost/value.h"

#include <cstdio>

#include "twinhost/errors.h"

namespace twinhost {

const char* kind_name(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::Null:
      return "null";
    case Value::Kind::Bool:
      return "bool";
    case Value::Kind::Int:
      return "int";
    case Value::Kind::Float:
      return "float";
    case Value::Kind::String:
      return "string";
    case Value::Kind::Bytes:
      return "bytes";
    case Value::Kind::List:
      return "list";
    case Value::Kind::Object:
      return "object";
    case Value::Kind::Map:
      return "map";
  }
  return "?";
}

double Value::as_number() const {
  if (is_int()) return static_cast<double>(as_int());
  return as_float();
}

std::string Value::repr() const {
  switch (kind()) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return as_bool() ? "true" : "false";
    case Kind::Int:
      return std::to_string(as_int());
    case Kind::Float: {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.17g", as_float());
      return buffer;
    }
    case Kind::String:
      return "\"" + as_string() + "\"";
    case Kind::Bytes:
      return "b\"" + as_bytes().data + "\"";
    case Kind::List: {
      std::string out = "[";
      for (const auto& item : as_list()) out += (out.size() > 1 ? ", " : "") + item.repr();
      return out + "]";
    }
    case Kind::Object:
      return std::string("<") + as_object()->runtime() + " object>";
    case Kind::Map: {
      std::string out = "{";
      for (const auto& [key, value] : as_map())
        out += (out.size() > 1 ? ", " : "") + key.repr() + ": " + value.repr();
      return out + "}";
    }
  }
  return "?";
}

std::shared_ptr<ForeignObject> ForeignObject::iterate() {
  throw ConversionError(std::string("this ") + runtime() + " object is not iterable");
}

bool ForeignObject::next(Value&) {
  throw ConversionError(std::string("this ") + runtime() + " object is not an iterator");
}

ScriptError::ScriptError(Language language, std::string type, std::string message,
                         std::string stack, std::shared_ptr<ForeignObject> exception)
    : std::runtime_error(type + ": " + message),
      language_(language),
      type_(std::move(type)),
      message_(std::move(message)),
      stack_(std::move(stack)),
      exception_(std::move(exception)) {}

// Out of line: their type information lives here once, for every module that catches them.
EnvironmentExited::EnvironmentExited(int exit_code)
    : HostError("twinhost: the Node.js environment has exited with code " +
                std::to_string(exit_code)),
      exit_code_(exit_code) {}
EnvironmentExited::~EnvironmentExited() = default;

CallInterrupted::CallInterrupted() : HostError("twinhost: the JavaScript call was interrupted") {}
CallInterrupted::~CallInterrupted() = default;

}  // namespace twinhost
