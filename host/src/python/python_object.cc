#include "python_object.h"

#include "lent_bytes.h"
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

  // hasattr(): errors other than AttributeError count as "no" too, as PyObject_HasAttr.
  bool has(const std::string& name) override {
    GilScope gil;
    PyObject* found = nullptr;
    if (lookup(name, &found) < 0) PyErr_Clear();
    Py_XDECREF(found);
    return found != nullptr;
  }

  std::optional<Value> get_if(const std::string& name) override {
    GilScope gil;
    PyObject* found = nullptr;
    if (lookup(name, &found) < 0) throw take_error();
    if (!found) return std::nullopt;
    return value_of(found);
  }

  Value call(const List& args, const Map& kwargs) override {
    GilScope gil;
    return value_of(invoke(args, kwargs));
  }

  Value call_catching(List&& args, Map&& kwargs, std::optional<ScriptError>& error) override {
    GilScope gil;
    PyObject* result = invoke(args, kwargs);
    if (result) return value_of(result);
    error.emplace(take_error());
    return Value();
  }

  // invoke() converts every argument (lent bytes too) before the callee runs; a bytes
  // result is lent: immutable, kept alive by its reference until the caller has copied it.
  Value call_lent(List&& args, Map&& kwargs, std::optional<ScriptError>& error) override {
    GilScope gil;
    PyObject* result = invoke(args, kwargs);
    if (!result) {
      error.emplace(take_error());
      return Value();
    }
    if (!PyBytes_CheckExact(result)) return value_of(result);
    std::shared_ptr<void> owner(result, [](void* bytes) {
      if (!Py_IsInitialized()) return;  // as ~PythonObject
      GilScope gil;
      Py_DECREF(static_cast<PyObject*>(bytes));
    });
    return Value(std::make_shared<LentBytes>(std::move(owner), PyBytes_AS_STRING(result),
                                             static_cast<std::size_t>(PyBytes_GET_SIZE(result))));
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

  std::string kind() override {
    GilScope gil;
    if (PyCallable_Check(object_)) return "function";
    if (PyIter_Check(object_)) return "iterator";
    if (is_mapping()) return "mapping";
    return "object";
  }

  List keys() override {
    GilScope gil;
    Ref names;
    if (is_mapping()) {
      names.p = PyMapping_Keys(object_);
    } else if (is_dataclass()) {
      names.p = field_names();
    } else {
      // The instance's own attributes (a module's or class's namespace), no dunder names.
      Ref attributes(PyObject_GetAttrString(object_, "__dict__"));
      if (!attributes) {
        PyErr_Clear();
        return {};
      }
      names.p = PyMapping_Keys(attributes.p);
      if (names) names.p = without_dunders(names.p);
    }
    if (!names) throw take_error();
    return list_of(names.p);
  }

  List names() override {
    GilScope gil;
    Ref names(PyObject_Dir(object_));
    if (!names) throw take_error();
    return list_of(names.p);
  }

  std::optional<Value> as_data() override {
    GilScope gil;
    if (is_dataclass()) return entries(field_names(), PyObject_GetAttr);
    // dict()'s protocol: keys() and [] (sqlite3.Row has no items()).
    if (is_mapping()) return entries(PyMapping_Keys(object_), PyObject_GetItem);
    if (PyAnySet_Check(object_) || is_instance(object_, "Sequence")) {
      Ref elements(PySequence_List(object_));
      if (!elements) throw take_error();
      return list_of(elements.p);
    }
    return std::nullopt;
  }

  const void* identity() const override { return object_; }

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
  // The object called: a new reference, or null with the Python error set. The GIL held.
  PyObject* invoke(const List& args, const Map& kwargs) {
    if (kwargs.empty() && args.size() <= kInlineArgs) {
      // The common call: positional arguments through vectorcall, with no tuple made.
      Ref owned[kInlineArgs];
      PyObject* argv[kInlineArgs];
      for (std::size_t i = 0; i < args.size(); ++i) argv[i] = owned[i].p = python_of(args[i]);
      return PyObject_Vectorcall(object_, argv, args.size(), nullptr);
    }
    Ref tuple(PyTuple_New(static_cast<Py_ssize_t>(args.size())));
    for (std::size_t i = 0; i < args.size(); ++i)
      PyTuple_SET_ITEM(tuple.p, static_cast<Py_ssize_t>(i), python_of(args[i]));
    Ref dict(kwargs.empty() ? nullptr : PyDict_New());
    for (const auto& [key, value] : kwargs) {
      Ref k(python_of(key)), v(python_of(value));
      if (PyDict_SetItem(dict.p, k.p, v.p) != 0) throw take_error();
    }
    return PyObject_Call(object_, tuple.p, dict.p);
  }

  // getattr() into *found (a new reference, or null if there is no such attribute): 1, 0,
  // or -1 with the Python error set. No AttributeError is built for a missing name (a JS
  // read of a missing property is common: `then`, feature tests, `in`).
  int lookup(const std::string& name, PyObject** found) {
    Ref key(PyUnicode_FromStringAndSize(name.data(), static_cast<Py_ssize_t>(name.size())));
    return key ? _PyObject_LookupAttr(object_, key.p, found) : -1;
  }

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

  // Python's dict() protocol: keys() and [] (a class is not a mapping, even with both).
  bool is_mapping() const {
    return !PyType_Check(object_) && (PyDict_Check(object_) || is_instance(object_, "Mapping") ||
                                      (PyObject_HasAttrString(object_, "keys") == 1 &&
                                       PyObject_HasAttrString(object_, "__getitem__") == 1));
  }
  bool is_dataclass() const {
    return !PyType_Check(object_) &&
           PyObject_HasAttrString(reinterpret_cast<PyObject*>(Py_TYPE(object_)),
                                  "__dataclass_fields__") == 1;
  }
  // isinstance(object, collections.abc.<name>); false if that cannot be answered.
  static bool is_instance(PyObject* object, const char* name) {
    Ref abc(PyImport_ImportModule("collections.abc"));
    Ref type(abc ? PyObject_GetAttrString(abc.p, name) : nullptr);
    int is = type ? PyObject_IsInstance(object, type.p) : -1;
    if (is < 0) PyErr_Clear();
    return is == 1;
  }
  // [field.name for field in dataclasses.fields(object)]: a new list, or null with an error.
  PyObject* field_names() const {
    Ref dataclasses(PyImport_ImportModule("dataclasses"));
    Ref fields(dataclasses ? PyObject_CallMethod(dataclasses.p, "fields", "O", object_) : nullptr);
    if (!fields) return nullptr;
    Ref names(PyList_New(0));
    Ref iterator(PyObject_GetIter(fields.p));
    if (!names || !iterator) return nullptr;
    while (PyObject* field = PyIter_Next(iterator.p)) {
      Ref owned(field);
      Ref name(PyObject_GetAttrString(field, "name"));
      if (!name || PyList_Append(names.p, name.p) != 0) return nullptr;
    }
    return PyErr_Occurred() ? nullptr : Py_NewRef(names.p);
  }
  // The names in `names` (a new reference, stolen) that are not __dunder__ ones.
  static PyObject* without_dunders(PyObject* names) {
    Ref all(names);
    Ref kept(PyList_New(0));
    Ref iterator(PyObject_GetIter(all.p));
    if (!kept || !iterator) return nullptr;
    while (PyObject* name = PyIter_Next(iterator.p)) {
      Ref owned(name);
      Py_ssize_t size = 0;
      const char* text = PyUnicode_Check(name) ? PyUnicode_AsUTF8AndSize(name, &size) : nullptr;
      bool dunder = text && size > 4 && text[0] == '_' && text[1] == '_' && text[size - 1] == '_' &&
                    text[size - 2] == '_';
      if (!dunder && PyList_Append(kept.p, name) != 0) return nullptr;
    }
    return PyErr_Occurred() ? nullptr : Py_NewRef(kept.p);
  }
  // {key: read(object, key)} for the keys of `keys` (a new list, stolen; null: the error).
  Value entries(PyObject* keys, PyObject* (*read)(PyObject*, PyObject*)) {
    Ref owned(keys);
    if (!keys) throw take_error();
    Map map;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); ++i) {
      PyObject* key = PyList_GET_ITEM(keys, i);
      map.emplace_back(value_of(Py_NewRef(key)), value_of(read(object_, key)));
    }
    return Value(std::move(map));
  }
  // A Python list's items as Values.
  static List list_of(PyObject* list) {
    List values;
    values.reserve(static_cast<std::size_t>(PyList_GET_SIZE(list)));
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); ++i)
      values.push_back(value_of(Py_NewRef(PyList_GET_ITEM(list, i))));
    return values;
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
