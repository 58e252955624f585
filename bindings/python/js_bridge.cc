#include "js_bridge.h"

#include "python_values.h"
#include "runtime.h"
#include "twinhost/errors.h"

namespace py = pybind11;

namespace twinhost::python {
namespace {

PyObject* js_error_class = nullptr;

// A JavaScript object in Python, by reference.
struct JsProxy {
  std::shared_ptr<ForeignObject> object;
};

py::object owned(PyObject* result) {
  if (!result) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(result);
}

// Runs JS without holding the GIL (JS may call back into Python, from this thread, which
// takes it again); errors come back as twinhost.JSError with the JS name and stack.
template <typename Call>
Value call_js(Call&& call) {
  try {
    py::gil_scoped_release release;
    return call();
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
        Value value = call_js(
            [&] { return detail::runtime(Language::JavaScript).interop_context().eval(code); });
        PyObject* result = from_value(value);
        if (!result) throw py::error_already_set();
        return py::reinterpret_steal<py::object>(result);
      },
      py::arg("code"), "Evaluates JavaScript and converts its value.");
  js.def(
      "exec",
      [](const std::string& code) {
        call_js([&] {
          detail::runtime(Language::JavaScript).interop_context().exec(code, "<twinhost.js>");
          return Value();
        });
      },
      py::arg("code"), "Runs JavaScript for its effects.");
  js.def(
      "require",
      [](const std::string& name) {
        // The name travels as a JSON string literal: nothing of it runs as code.
        std::string literal = "\"";
        for (char c : name) {
          if (c == '"' || c == '\\') literal += '\\';
          literal += c;
        }
        literal += "\"";
        std::string code =
            "(globalThis.require || (process.mainModule && process.mainModule.require.bind("
            "process.mainModule)) || require('module').createRequire(process.cwd() + '/'))(" +
            literal + ")";
        Value value = call_js(
            [&] { return detail::runtime(Language::JavaScript).interop_context().eval(code); });
        PyObject* result = from_value(value);
        if (!result) throw py::error_already_set();
        return py::reinterpret_steal<py::object>(result);
      },
      py::arg("name"), "require() of a module: node: built-ins, files, node_modules.");

  auto to_python = [](const Value& value) { return owned(from_value(value)); };
  py::class_<JsProxy>(module, "JSProxy", "A JavaScript object or function, by reference.")
      .def("__getattr__",
           [to_python](JsProxy& self, const std::string& name) {
             if (!call_js([&] { return Value(self.object->has(name)); }).as_bool())
               throw py::attribute_error("JavaScript object has no property '" + name + "'");
             return to_python(call_js([&] { return self.object->get(name); }));
           })
      .def("__setattr__",
           [](JsProxy& self, const std::string& name, py::handle value) {
             Value v = to_value(value.ptr());
             call_js([&] {
               self.object->set(name, v);
               return Value();
             });
           })
      .def("__call__",
           [to_python](JsProxy& self, py::args args, py::kwargs kwargs) {
             List list;
             for (auto item : args) list.push_back(to_value(item.ptr()));
             Map keywords;
             for (auto [k, v] : kwargs) keywords.emplace_back(to_value(k.ptr()), to_value(v.ptr()));
             return to_python(call_js([&] { return self.object->call(list, keywords); }));
           })
      .def("__getitem__",
           [to_python](JsProxy& self, py::handle key) {
             Value k = to_value(key.ptr());
             return to_python(call_js([&] { return self.object->item(k); }));
           })
      .def("__len__",
           [](JsProxy& self) {
             return call_js([&] { return Value(self.object->length()); }).as_int();
           })
      .def("__iter__",
           [to_python](JsProxy& self) {
             return py::iter(to_python(call_js([&] { return Value(self.object->items()); })));
           })
      .def("__str__",
           [](JsProxy& self) {
             return call_js([&] { return Value(self.object->str()); }).as_string();
           })
      .def("__repr__", [](JsProxy& self) {
        return "<JSProxy " + call_js([&] { return Value(self.object->str()); }).as_string() + ">";
      });
}

PyObject* make_js_proxy(const std::shared_ptr<ForeignObject>& object) {
  try {
    py::object type = py::module_::import("twinhost").attr("JSProxy");
    return py::cast(JsProxy{object}).release().ptr();
  } catch (py::error_already_set& e) {
    e.restore();
    return nullptr;
  }
}

std::shared_ptr<ForeignObject> js_proxy_target(PyObject* object) {
  py::handle handle(object);
  if (!py::detail::get_type_info(typeid(JsProxy)) || !py::isinstance<JsProxy>(handle))
    return nullptr;
  return handle.cast<JsProxy&>().object;
}

}  // namespace twinhost::python
