#include "python_values.h"

#include "js_bridge.h"
#include "lent_bytes.h"
#include "python/python_object.h"
#include "shared_buffer.h"

namespace twinhost::python {
namespace {

std::string utf8_of(PyObject* text) {
  Py_ssize_t size = 0;
  if (const char* data = PyUnicode_AsUTF8AndSize(text, &size))
    return std::string(data, static_cast<size_t>(size));
  // A lone surrogate: encode it as V8 would, then apply the model's U+FFFD rule.
  PyErr_Clear();
  PyObject* bytes = PyUnicode_AsEncodedString(text, "utf-8", "surrogatepass");
  if (!bytes) {
    PyErr_Clear();
    throw api::unconvertible_error("a Python str");
  }
  std::string raw(PyBytes_AS_STRING(bytes), static_cast<size_t>(PyBytes_GET_SIZE(bytes)));
  Py_DECREF(bytes);
  return api::replace_lone_surrogates(std::move(raw));
}

// Owned reference for the containers' items.
struct Owned {
  PyObject* p;
  ~Owned() { Py_XDECREF(p); }
};

// A dict key from the model: a list (a tuple key that crossed, a JS Array used as a Map
// key) becomes a tuple, all the way down, as Python keys must be hashable. Steals `key`.
PyObject* as_key(PyObject* key) {
  if (!key || !PyList_Check(key)) return key;
  Py_ssize_t n = PyList_GET_SIZE(key);
  PyObject* tuple = PyTuple_New(n);
  for (Py_ssize_t i = 0; tuple && i < n; ++i) {
    PyObject* item = PyList_GET_ITEM(key, i);
    Py_INCREF(item);
    PyObject* converted = as_key(item);
    if (!converted) {
      Py_CLEAR(tuple);
      break;
    }
    PyTuple_SET_ITEM(tuple, i, converted);
  }
  Py_DECREF(key);
  return tuple;
}

}  // namespace

Value to_value(PyObject* object, int depth) {
  if (object == Py_None) return Value();
  if (PyBool_Check(object)) return Value(object == Py_True);
  if (PyLong_Check(object)) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(object, &overflow);
    if (overflow) throw api::integer_range_error();
    return Value(static_cast<std::int64_t>(v));
  }
  if (PyFloat_Check(object)) return Value(PyFloat_AS_DOUBLE(object));
  if (PyUnicode_Check(object)) return Value(utf8_of(object));
  if (PyBytes_Check(object))
    return Value(Bytes{
        std::string(PyBytes_AS_STRING(object), static_cast<size_t>(PyBytes_GET_SIZE(object)))});
  if (auto shared = shared_buffer_of(object))  // before buffers: shared, not copied
    return Value(std::shared_ptr<ForeignObject>(std::move(shared)));
  if (PyObject_CheckBuffer(object)) {  // bytearray, memoryview, array.array, ...
    Py_buffer view;
    if (PyObject_GetBuffer(object, &view, PyBUF_CONTIG_RO) != 0) {
      PyErr_Clear();
      throw api::unconvertible_error("a non-contiguous Python buffer");
    }
    Bytes bytes{std::string(static_cast<const char*>(view.buf), static_cast<size_t>(view.len))};
    PyBuffer_Release(&view);
    return Value(std::move(bytes));
  }
  if (depth >= kMaxValueDepth) throw api::nesting_error();
  if (PyList_Check(object) || PyTuple_Check(object)) {
    Py_ssize_t n = PySequence_Fast_GET_SIZE(object);
    PyObject** items = PySequence_Fast_ITEMS(object);
    List list;
    list.reserve(static_cast<size_t>(n));
    for (Py_ssize_t i = 0; i < n; ++i) list.push_back(to_value(items[i], depth + 1));
    return Value(std::move(list));
  }
  if (PyDict_Check(object)) {
    Map map;
    PyObject *key, *item;
    Py_ssize_t pos = 0;
    while (PyDict_Next(object, &pos, &key, &item))
      map.emplace_back(to_value(key, depth + 1), to_value(item, depth + 1));
    return Value(std::move(map));
  }
  if (auto js = js_proxy_target(object)) return Value(js);  // back to its own JS object
  // Anything else crosses by reference: a proxy on the other side.
  return Value(detail::wrap_python_object(object));
}

Value lend_value(PyObject* object) {
  if (!PyBytes_CheckExact(object)) return to_value(object);
  return Value(std::make_shared<detail::LentBytes>(
      nullptr, PyBytes_AS_STRING(object), static_cast<std::size_t>(PyBytes_GET_SIZE(object))));
}

PyObject* from_value(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null:
      Py_RETURN_NONE;
    case Value::Kind::Bool:
      return PyBool_FromLong(value.as_bool());
    case Value::Kind::Int:
      return PyLong_FromLongLong(value.as_int());
    case Value::Kind::Float:
      return PyFloat_FromDouble(value.as_float());
    case Value::Kind::String: {
      const auto& s = value.as_string();
      return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
    }
    case Value::Kind::Bytes: {
      const auto& b = value.as_bytes().data;
      return PyBytes_FromStringAndSize(b.data(), static_cast<Py_ssize_t>(b.size()));
    }
    case Value::Kind::List: {
      const auto& list = value.as_list();
      PyObject* out = PyList_New(static_cast<Py_ssize_t>(list.size()));
      if (!out) return nullptr;
      for (size_t i = 0; i < list.size(); ++i) {
        PyObject* item = from_value(list[i]);
        if (!item) {
          Py_DECREF(out);
          return nullptr;
        }
        PyList_SET_ITEM(out, static_cast<Py_ssize_t>(i), item);
      }
      return out;
    }
    case Value::Kind::Object: {
      if (auto* lent = dynamic_cast<const detail::LentBytes*>(value.as_object().get()))
        return PyBytes_FromStringAndSize(lent->data(), static_cast<Py_ssize_t>(lent->size()));
      if (auto shared = std::dynamic_pointer_cast<SharedBuffer>(value.as_object()))
        return shared_buffer_view(shared);
      if (PyObject* object = detail::unwrap_python_object(*value.as_object())) {
        Py_INCREF(object);
        return object;
      }
      return make_js_proxy(value.as_object());
    }
    case Value::Kind::Map: {
      PyObject* out = PyDict_New();
      if (!out) return nullptr;
      for (const auto& [k, v] : value.as_map()) {
        Owned key{as_key(from_value(k))}, item{from_value(v)};
        if (!key.p || !item.p || PyDict_SetItem(out, key.p, item.p) != 0) {
          Py_DECREF(out);
          return nullptr;
        }
      }
      // Keys that differ in the model can be equal in Python (true and 1, 1 and 1.0):
      // merging them would lose entries without a word.
      if (static_cast<std::size_t>(PyDict_GET_SIZE(out)) != value.as_map().size()) {
        Py_DECREF(out);
        set_error(api::key_collision_error("a Python dict"));
        return nullptr;
      }
      return out;
    }
  }
  Py_RETURN_NONE;
}

void set_error(const api::Error& error) {
  PyObject* type = error.kind() == api::Error::Kind::Type    ? PyExc_TypeError
                   : error.kind() == api::Error::Kind::Range ? PyExc_ValueError
                                                             : PyExc_RuntimeError;
  PyErr_SetString(type, error.what());
}

}  // namespace twinhost::python
