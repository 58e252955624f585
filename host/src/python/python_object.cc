#include "python_object.h"

#include "python_support.h"
#include "python_values.h"

namespace twinhost::detail {

PyObject* python_of(const Value& value) {
  PyObject* object = python::from_value(value);
  if (object) return object;
  bool range =
      PyErr_ExceptionMatches(PyExc_ValueError) || PyErr_ExceptionMatches(PyExc_OverflowError);
  ScriptError error = take_error();
  throw ConversionError(error.message(),
                        range ? ConversionError::Kind::Range : ConversionError::Kind::Type);
}

namespace {

class PythonObject final : public ForeignObject {
 public:
  explicit PythonObject(PyObject* object) : object_(object) { Py_INCREF(object); }
  ~PythonObject() override {
    if (!Py_IsInitialized()) return;  // the interpreter is gone: nothing to release
    GilScope gil;
    Py_DECREF(object_);
  }

  PyObject* object() const { return object_; }
  const char* runtime() const override { return "python"; }

  Value get(const std::string& name) override {
    GilScope gil;
    return value_of(PyObject_GetAttrString(object_, name.c_str()));
  }

  void set(const std::string& name, const Value& value) override {
    GilScope gil;
    Ref item(python_of(value));
    if (PyObject_SetAttrString(object_, name.c_str(), item.p) != 0) throw take_error();
  }

  bool has(const std::string& name) override {
    GilScope gil;
    return PyObject_HasAttrString(object_, name.c_str()) == 1;
  }

  Value call(const List& args, const Map& kwargs) override {
    GilScope gil;
    if (kwargs.empty() && args.size() <= kInlineArgs) {
      // The common call: positional arguments through vectorcall, with no tuple made.
      Ref owned[kInlineArgs];
      PyObject* argv[kInlineArgs];
      for (std::size_t i = 0; i < args.size(); ++i) argv[i] = owned[i].p = python_of(args[i]);
      return value_of(PyObject_Vectorcall(object_, argv, args.size(), nullptr));
    }
    Ref tuple(PyTuple_New(static_cast<Py_ssize_t>(args.size())));
    for (std::size_t i = 0; i < args.size(); ++i)
      PyTuple_SET_ITEM(tuple.p, static_cast<Py_ssize_t>(i), python_of(args[i]));
    Ref dict(kwargs.empty() ? nullptr : PyDict_New());
    for (const auto& [key, value] : kwargs) {
      Ref k(python_of(key)), v(python_of(value));
      if (PyDict_SetItem(dict.p, k.p, v.p) != 0) throw take_error();
    }
    return value_of(PyObject_Call(object_, tuple.p, dict.p));
  }

  Value item(const Value& key) override {
    GilScope gil;
    Ref k(python_of(key));
    return value_of(PyObject_GetItem(object_, k.p));
  }

  bool has_length() override {
    GilScope gil;
    return PyObject_HasAttrString(object_, "__len__") == 1;
  }

  std::int64_t length() override {
    GilScope gil;
    Py_ssize_t n = PyObject_Length(object_);
    if (n < 0) throw take_error();
    return n;
  }

  std::shared_ptr<ForeignObject> iterate() override {
    GilScope gil;
    Ref iterator(PyObject_GetIter(object_));
    if (!iterator) throw take_error();
    return std::make_shared<PythonObject>(iterator.p);
  }

  bool next(Value& item) override {
    GilScope gil;
    PyObject* next = PyIter_Next(object_);
    if (!next) {
      if (PyErr_Occurred()) throw take_error();
      return false;
    }
    item = value_of(next);
    return true;
  }

  std::string str() override {
    GilScope gil;
    return text_of(PyObject_Str(object_));
  }

  std::string repr() override {
    GilScope gil;
    return text_of(PyObject_Repr(object_));
  }

  bool contains(const Value& item) override {
    GilScope gil;
    Ref i(python_of(item));
    int found = PySequence_Contains(object_, i.p);
    if (found < 0) throw take_error();
    return found == 1;
  }

  void remove(const std::string& name) override {
    GilScope gil;
    if (PyObject_DelAttrString(object_, name.c_str()) != 0) throw take_error();
  }

  void remove_item(const Value& key) override {
    GilScope gil;
    Ref k(python_of(key));
    if (PyObject_DelItem(object_, k.p) != 0) throw take_error();
  }

 private:
  // A new reference (or null with a Python error) to a Value; throws ScriptError.
  static Value value_of(PyObject* result) {
    if (!result) throw take_error();
    Ref owned(result);
    try {
      return python::to_value(result);
    } catch (const api::Error& e) {
      throw api::conversion_error(e);
    }
  }
  // A new reference to a str (or null with a Python error) as UTF-8; throws ScriptError.
  static std::string text_of(PyObject* result) {
    Ref text(result);
    if (!text) throw take_error();
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(text.p, &size);
    if (!data) throw take_error();
    return std::string(data, static_cast<std::size_t>(size));
  }

  static constexpr std::size_t kInlineArgs = 8;

  PyObject* object_;
};

}  // namespace

std::shared_ptr<ForeignObject> wrap_python_object(PyObject* object) {
  return std::make_shared<PythonObject>(object);
}

PyObject* unwrap_python_object(const ForeignObject& object) {
  auto* python = dynamic_cast<const PythonObject*>(&object);
  return python ? python->object() : nullptr;
}

}  // namespace twinhost::detail
