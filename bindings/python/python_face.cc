// The `twinhost` Python module, built by walking the API table: free functions through a
// thin METH_FASTCALL path (pybind11's per-call cost measured ~140 ns against ~34 ns), typed
// functions through a trampoline generated for each (typed_calls.h), classes through
// pybind11. No code here names an API function.
#include "python_face.h"

#include <pybind11/pybind11.h>

#include <deque>
#include <utility>

#include "js_bridge.h"
#include "python/python_support.h"
#include "python_values.h"
#include "shared_buffer.h"
#include "typed_calls.h"

namespace py = pybind11;

namespace twinhost::python {
namespace {

// Converts positional arguments and checks them against the table: the one boundary.
void collect(api::Arguments& args, const char* owner, const char* name,
             const std::vector<api::Param>& params, PyObject* const* items, std::size_t count) {
  args.collect(owner, name, params, count, [&](std::size_t i) { return to_value(items[i]); });
}

}  // namespace

PyObject* call_function(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
  const auto* fn = static_cast<const api::Function*>(PyCapsule_GetPointer(self, nullptr));
  try {
    api::Arguments a;
    collect(a, "", fn->name, fn->params, args, static_cast<std::size_t>(nargs));
    if (fn->release_gil_above != static_cast<std::size_t>(-1) &&
        a.payload_bytes() > fn->release_gil_above) {
      return from_value(unlocked_without_gil([&] { return fn->call(a.data()); }));
    }
    return from_value(fn->call(a.data()));
  } catch (const api::Error& e) {
    set_error(e);
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return nullptr;
}

namespace {

void add_function(py::module_& m, const api::Function& fn) {
  // CPython keeps pointers to these until Py_FinalizeEx, which runs at exit after static
  // destructors: never destroyed.
  static auto& defs = *new std::deque<PyMethodDef>;
  // A typed row's trampoline; the table path is its fallback (typed_calls.h).
  defs.push_back({fn.name,
                  reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(fast_call_for(fn))),
                  METH_FASTCALL, fn.doc});
  auto self = py::reinterpret_steal<py::object>(
      PyCapsule_New(const_cast<api::Function*>(&fn), nullptr, nullptr));
  PyObject* f = PyCFunction_NewEx(&defs.back(), self.ptr(), m.attr("__name__").ptr());
  if (!f) throw py::error_already_set();
  m.add_object(fn.name, py::reinterpret_steal<py::object>(f));
}

// pybind11 registers one Python type per C++ type: Instance<N> is the holder of the
// table's N-th class.
template <std::size_t N>
struct Instance {
  std::shared_ptr<void> object;
};

// A new reference as an object; a null one means a Python error is set.
py::object owned(PyObject* result) {
  if (!result) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(result);
}

py::object call_method(const api::Class& cls, const api::Method& method, void* self,
                       const py::args& args) {
  std::string owner = std::string(cls.name) + ".";
  api::Arguments a;
  collect(a, owner.c_str(), method.name, method.params, PySequence_Fast_ITEMS(args.ptr()),
          args.size());
  return owned(from_value(method.call(self, a.data())));
}

template <std::size_t N>
void add_class(py::module_& m, const api::Class& cls) {
  py::class_<Instance<N>> type(m, cls.name, cls.doc);
  type.def(py::init([&cls](const py::args& args) {
    api::Arguments a;
    collect(a, "", cls.name, cls.params, PySequence_Fast_ITEMS(args.ptr()), args.size());
    return Instance<N>{cls.construct(a.data())};
  }));
  for (const auto& method : cls.methods) {
    type.def(
        method.name,
        [&cls, &method](Instance<N>& self, const py::args& args) {
          return call_method(cls, method, self.object.get(), args);
        },
        method.doc);
  }
}

template <std::size_t... N>
void add_classes(py::module_& m, std::index_sequence<N...>) {
  const auto& classes = api::module().classes;
  ((N < classes.size() ? add_class<N>(m, classes[N]) : void()), ...);
}

constexpr std::size_t kMaxClasses = 8;

}  // namespace
}  // namespace twinhost::python

PYBIND11_MODULE(twinhost, m) {
  using namespace twinhost;
  const api::Module& table = api::module();
  if (table.classes.size() > python::kMaxClasses)
    throw std::logic_error("twinhost: raise kMaxClasses in bindings/python/python_face.cc");
  m.doc() = "twinhost's native API: the same module in Node.js and in Python.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const api::Error& e) {
      python::set_error(e);
    }
  });
  for (const auto& fn : table.functions) python::add_function(m, fn);
  python::add_classes(m, std::make_index_sequence<python::kMaxClasses>{});
  python::add_js_bridge(m);
  python::add_shared_buffer(m);
  // What twinhost::Host::interrupt() raises: a BaseException, as KeyboardInterrupt is, so
  // that `except Exception` in the interrupted code cannot swallow it.
  python::interrupted_class = PyErr_NewExceptionWithDoc(
      "twinhost.Interrupted", "The call was stopped by twinhost::Host::interrupt().",
      PyExc_BaseException, nullptr);
  if (!python::interrupted_class) throw py::error_already_set();
  m.add_object("Interrupted", py::handle(python::interrupted_class));
  // Attributes are computed on first access (PEP 562) and then kept; functions added to
  // the table after the module was built are found here too.
  m.def("__getattr__", [m](const std::string& name) mutable -> py::object {
    for (const auto& attribute : api::module().attributes) {
      if (name != attribute.name) continue;
      py::object value = python::owned(python::from_value(attribute.compute()));
      m.attr(attribute.name) = value;
      return value;
    }
    for (const auto& fn : api::module().functions) {
      if (name != fn.name) continue;
      python::add_function(m, fn);
      return m.attr(fn.name);
    }
    throw py::attribute_error("module 'twinhost' has no attribute '" + name + "'");
  });
}

namespace twinhost::python {

PyObject* interrupted_class = nullptr;

PyObject* interrupted_type() {
  if (!interrupted_class) {
    detail::Ref module(PyImport_ImportModule("twinhost"));
    if (!module) PyErr_Clear();
  }
  return interrupted_class;
}

}  // namespace twinhost::python

extern "C" __attribute__((visibility("default"))) int twinhost_python_exit_status(int status) {
  return twinhost::python::exit_status(status);
}
