#include "twinhost/value.h"

#include <algorithm>
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

namespace {

// "text" with quotes, backslashes and control characters escaped; in bytes, every byte
// outside printable ASCII as \xHH (text keeps its UTF-8).
std::string quoted(const std::string& text, bool bytes) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f || (bytes && c > 0x7f)) {
          char escape[8];
          std::snprintf(escape, sizeof escape, bytes ? "\\x%02x" : "\\u%04x", c);
          out += escape;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

namespace detail {

void throw_cast_error(const Value& value, const char* expected) {
  std::string shown = value.repr();
  if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
  throw ConversionError(std::string("twinhost::Value: expected ") + expected + ", got " +
                        kind_name(value.kind()) + " " + shown);
}

void throw_range_error(const std::string& what) {
  throw ConversionError(what, ConversionError::Kind::Range);
}

}  // namespace detail

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
      return quoted(as_string(), false);
    case Kind::Bytes:
      return "b" + quoted(as_bytes().data, true);
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

namespace {

const std::shared_ptr<ForeignObject>& object_of(const Value& value, const char* operation) {
  if (!value.is_object())
    throw ConversionError(std::string("twinhost::Value::") + operation + ": a " +
                          kind_name(value.kind()) + " is not an object");
  return value.as_object();
}

}  // namespace

Value Value::attr(const std::string& name) const { return object_of(*this, "attr")->get(name); }

Value Value::call(const List& args, const Map& kwargs) const {
  return object_of(*this, "call")->call(args, kwargs);
}

Value Value::item(const Value& key) const {
  if (is_list()) {
    const List& list = as_list();
    if (!key.is_int() || key.as_int() < 0 ||
        static_cast<std::uint64_t>(key.as_int()) >= list.size())
      throw ConversionError("twinhost::Value::item: no index " + key.repr() + " in a list of " +
                                std::to_string(list.size()),
                            ConversionError::Kind::Range);
    return list[static_cast<std::size_t>(key.as_int())];
  }
  if (is_map()) {
    for (const auto& [k, v] : as_map())
      if (k == key) return v;
    throw ConversionError("twinhost::Value::item: no key " + key.repr(),
                          ConversionError::Kind::Range);
  }
  return object_of(*this, "item")->item(key);
}

std::optional<Value> ForeignObject::get_if(const std::string& name) {
  if (!has(name)) return std::nullopt;
  return get(name);
}

Value ForeignObject::call_with(List&& args, Map&& kwargs) { return call(args, kwargs); }

Value ForeignObject::call_catching(List&& args, Map&& kwargs, std::optional<ScriptError>& error) {
  try {
    return call_with(std::move(args), std::move(kwargs));
  } catch (const ScriptError& e) {
    error.emplace(e);
    return Value();
  }
}

std::shared_ptr<ForeignObject> ForeignObject::iterate() {
  throw ConversionError(std::string("this ") + runtime() + " object is not iterable");
}

std::shared_ptr<ForeignObject> ForeignObject::iterate_async() { return nullptr; }

bool ForeignObject::next(Value&) {
  throw ConversionError(std::string("this ") + runtime() + " object is not an iterator");
}

bool ForeignObject::contains(const Value&) {
  throw ConversionError(std::string("this ") + runtime() + " object has no membership test");
}

void ForeignObject::remove(const std::string& name) {
  throw ConversionError(std::string("this ") + runtime() + " object cannot delete '" + name + "'");
}

void ForeignObject::remove_item(const Value&) {
  throw ConversionError(std::string("this ") + runtime() + " object cannot delete items");
}

std::string ForeignObject::repr() { return str(); }

std::string ForeignObject::kind() { return "object"; }
List ForeignObject::keys() { return {}; }
bool ForeignObject::has_own(const std::string& key) {
  for (const Value& name : keys())
    if (name.is_string() && name.as_string() == key) return true;
  return false;
}
List ForeignObject::names() { return keys(); }
std::optional<Value> ForeignObject::as_data() { return std::nullopt; }

namespace {

// `ancestors`: the objects being converted around this one (the same object is the same
// ForeignObject while it is held: proxies are cached), so a cycle fails at once.
Value to_data(const Value& value, int depth, int level,
              std::vector<const ForeignObject*>& ancestors) {
  if (level > kMaxValueDepth)
    throw ConversionError("cannot convert: nested deeper than " + std::to_string(kMaxValueDepth) +
                              " levels (or cyclic)",
                          ConversionError::Kind::Range);
  switch (value.kind()) {
    case Value::Kind::List: {
      List list;
      list.reserve(value.as_list().size());
      for (const Value& item : value.as_list())
        list.push_back(to_data(item, depth, level + 1, ancestors));
      return Value(std::move(list));
    }
    case Value::Kind::Map: {
      Map map;
      map.reserve(value.as_map().size());
      for (const auto& [key, item] : value.as_map())
        map.emplace_back(key, to_data(item, depth, level + 1, ancestors));
      return Value(std::move(map));
    }
    case Value::Kind::Object: {
      if (depth == 0) return value;
      const ForeignObject* object = value.as_object().get();
      if (std::find(ancestors.begin(), ancestors.end(), object) != ancestors.end())
        throw ConversionError("cannot convert: the object contains itself (cyclic)",
                              ConversionError::Kind::Range);
      std::optional<Value> data = value.as_object()->as_data();
      if (!data) return value;
      ancestors.push_back(object);
      Value converted = to_data(*data, depth < 0 ? depth : depth - 1, level + 1, ancestors);
      ancestors.pop_back();
      return converted;
    }
    default:
      return value;
  }
}

}  // namespace

Value to_data(const Value& value, int depth) {
  std::vector<const ForeignObject*> ancestors;
  return to_data(value, depth, 0, ancestors);
}

ScriptError::ScriptError(Language language, std::string type, std::string message,
                         std::string stack, std::shared_ptr<ForeignObject> exception)
    : ScriptError(language, std::move(type), std::move(message), std::function<std::string()>(),
                  std::move(exception)) {
  data_->stack = std::move(stack);
}

ScriptError::ScriptError(Language language, std::string type, std::string message,
                         std::function<std::string()> format_stack,
                         std::shared_ptr<ForeignObject> exception)
    : std::runtime_error(type + ": " + message), data_(std::make_shared<Data>()) {
  data_->language = language;
  data_->type = std::move(type);
  data_->message = std::move(message);
  data_->exception = std::move(exception);
  data_->format = std::move(format_stack);
}

const std::string& ScriptError::stack() const {
  std::call_once(data_->formatted, [this] {
    if (!data_->format) return;
    data_->stack = data_->format();
    data_->format = nullptr;  // what it held (the exception) is not needed any more
  });
  return data_->stack;
}

// Out of line: their type information lives here once, for every module that catches them.
WrongThread::WrongThread(const std::string& what) : HostError(what) {}
WrongThread::~WrongThread() = default;

EnvironmentStopped::EnvironmentStopped(const std::string& what) : HostError(what) {}
EnvironmentStopped::~EnvironmentStopped() = default;

EnvironmentExited::EnvironmentExited(int exit_code)
    : EnvironmentStopped("twinhost: the Node.js environment has exited with code " +
                         std::to_string(exit_code)),
      exit_code_(exit_code) {}
EnvironmentExited::~EnvironmentExited() = default;

TimedOut::TimedOut(const std::string& what) : HostError(what) {}
TimedOut::~TimedOut() = default;

Interrupted::Interrupted(Language language)
    : HostError(std::string("twinhost: the ") + language_name(language) + " call was interrupted"),
      language_(language) {}
Interrupted::~Interrupted() = default;

}  // namespace twinhost
