#include "js_bridge.h"

#include "python_values.h"
#include "runtime.h"
#include "twinhost/errors.h"

namespace py = pybind11;

namespace twinhost::python {
namespace {

PyObject* js_error_class = nullptr;

// Runs JS without holding the GIL (JS may call back into Python, from this thread, which
// takes it again); errors come back as twinhost.JSError with the JS name and stack.
template <typename Call>
Value call_js(Call&& call) {
  try {
    py::gil_scoped_release release;
    return call(detail::runtime(Language::JavaScript).interop_context());
  } catch (const ScriptError& e) {
    py::object error =
        py::reinterpret_borrow<py::object>(js_error_class)(e.type() + ": " + e.message());
    error.attr("js_name") = e.type();
    error.attr("js_message") = e.message();
    error.attr("js_stack") = e.stack();
    PyErr_SetObject(js_error_class, error.ptr());
    throw py::error_already_set();
  } catch (const ConversionError& e) {
    throw py::type_error(e.what());
  } catch (const HostError& e) {
    throw std::runtime_error(e.what());
  }
}

}  // namespace

void add_js_bridge(py::module_& module) {
  js_error_class = PyErr_NewExceptionWithDoc(
      "twinhost.JSError", "A JavaScript error: js_name, js_message and js_stack hold its parts.",
      PyExc_Exception, nullptr);
  if (!js_error_class) throw py::error_already_set();
  module.add_object("JSError", py::handle(js_error_class));
  py::module_ js = module.def_submodule("js", "JavaScript in this process's Node.js.");
  js.def(
      "eval",
      [](const std::string& code) {
        Value value = call_js([&](detail::Context& node) { return node.eval(code); });
        PyObject* result = from_value(value);
        if (!result) throw py::error_already_set();
        return py::reinterpret_steal<py::object>(result);
      },
      py::arg("code"), "Evaluates JavaScript and converts its value.");
  js.def(
      "exec",
      [](const std::string& code) {
        call_js([&](detail::Context& node) {
          node.exec(code, "<twinhost.js>");
          return Value();
        });
      },
      py::arg("code"), "Runs JavaScript for its effects.");
}

}  // namespace twinhost::python
