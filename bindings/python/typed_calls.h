// The Python face's trampolines for the typed rows of the API (bindings/api/typed.h): one
// METH_FASTCALL function per typed function, generated from its C++ signature. Arguments
// of the exact kinds below go straight into the C++ parameters; anything else (a bool, an
// int past 64 bits, a bytearray, a str with a lone surrogate, a wrong count or type) goes
// the table path, call_function, whose conversions and error texts are the API's.
#pragma once

#include <Python.h>

#include <string>
#include <tuple>
#include <variant>

#include "api.h"
#include "python/python_support.h"
#include "python_values.h"
#include "typed.h"

namespace twinhost::python {

// One argument's fast conversion: take() returns false to send the call the table path.
template <typename T>
struct PyArgument;

template <>
struct PyArgument<api::Number> {
  api::Number value;
  bool take(PyObject* arg) {
    if (PyLong_CheckExact(arg)) {
      int overflow = 0;
      long long v = PyLong_AsLongLongAndOverflow(arg, &overflow);
      if (overflow) return false;
      value = api::Number::integer(v);
      return true;
    }
    if (!PyFloat_CheckExact(arg)) return false;
    value = api::Number::real(PyFloat_AS_DOUBLE(arg));
    return true;
  }
  api::Number get() const { return value; }
  std::size_t payload() const { return 0; }
};

template <>
struct PyArgument<api::BytesView> {
  api::BytesView view;
  bool take(PyObject* arg) {
    if (PyBytes_CheckExact(arg)) {
      view = api::BytesView(PyBytes_AS_STRING(arg), static_cast<size_t>(PyBytes_GET_SIZE(arg)));
      return true;
    }
    if (!PyUnicode_CheckExact(arg)) return false;
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(arg, &size);
    if (!data) {  // a lone surrogate: the table path applies the model's rule
      PyErr_Clear();
      return false;
    }
    view = api::BytesView(data, static_cast<size_t>(size));
    return true;
  }
  api::BytesView get() const { return view; }
  std::size_t payload() const { return view.size(); }
};

inline PyObject* to_python_result(api::Number n) {
  return n.is_int ? PyLong_FromLongLong(n.i) : PyFloat_FromDouble(n.f);
}
inline PyObject* to_python_result(const std::string& s) {
  return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
}

// Native work of the API without the GIL (other threads run meanwhile), counted as such
// so that exit waits for it (api::UnlockedCall). The table path and the typed one use it.
template <typename Work>
auto unlocked_without_gil(Work&& work) -> decltype(work()) {
  return detail::without_gil([&] {
    api::UnlockedCall unlocked;
    return work();
  });
}

// The table path (python_face.cc): `self` is a capsule of the function's table row.
PyObject* call_function(PyObject* self, PyObject* const* args, Py_ssize_t nargs);

template <auto F, std::size_t... I>
PyObject* typed_call_impl(PyObject* self, PyObject* const* items, Py_ssize_t nargs,
                          std::index_sequence<I...>) {
  using S = api::Signature<F>;
  std::tuple<PyArgument<std::tuple_element_t<I, typename S::Args>>...> args;
  try {
    if (nargs != static_cast<Py_ssize_t>(S::arity) || !(std::get<I>(args).take(items[I]) && ...))
      return call_function(self, items, nargs);
    // Long native work runs without the GIL, on the views as they are: the objects they
    // point into are immutable (bytes, a str's cached UTF-8) and the caller holds them.
    // (A payload of 0, every scalar call, does not look the row up.)
    const std::size_t payload = (std::size_t{0} + ... + std::get<I>(args).payload());
    const bool release = payload > 0 && payload > static_cast<const api::Function*>(
                                                      PyCapsule_GetPointer(self, nullptr))
                                                      ->release_gil_above;
    auto native = [&] {
      if constexpr (std::is_void_v<typename S::Result>) {
        F(std::get<I>(args).get()...);
        return std::monostate{};
      } else {
        return F(std::get<I>(args).get()...);
      }
    };
    auto result = release ? unlocked_without_gil(native) : native();
    if constexpr (std::is_void_v<typename S::Result>) {
      Py_RETURN_NONE;
    } else {
      return to_python_result(result);
    }
  } catch (const api::Error& e) {
    set_error(e);
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return nullptr;
}

template <auto F>
PyObject* typed_call(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  return typed_call_impl<F>(self, args, nargs,
                            std::make_index_sequence<api::Signature<F>::arity>{});
}

using FastCall = PyObject* (*)(PyObject*, PyObject* const*, Py_ssize_t);

// The trampoline for a table row, or the table path for a row that is not typed.
inline FastCall fast_call_for(const api::Function& fn) {
  FastCall call = call_function;
  api::visit_typed(
      fn.typed, [&](auto typed) { call = typed_call<decltype(typed)::value>; },
      api::TypedFunctions{});
  return call;
}

}  // namespace twinhost::python
