#include "js_bridge.h"

#include <pybind11/eval.h>

#include <type_traits>
#include <unordered_map>

#include "async_bridge.h"
#include "call_interrupts.h"
#include "python/python_object.h"
#include "python/python_support.h"
#include "python_face.h"
#include "python_values.h"
#include "runtime.h"
#include "twinhost/errors.h"

namespace py = pybind11;

namespace twinhost::python {
namespace {

PyObject* js_error_class = nullptr;

// The live JSProxy of each JS object, so that `is`, == and hash() follow JS identity: the
// same JS object crosses as the same ForeignObject while it is held (js_object.cc). Never
// keeps a proxy alive. Read and written with the GIL held. Never destroyed: proxies may
// die during Python's finalization, after this library's static destructors.
auto& live_proxies = *new std::unordered_map<const ForeignObject*, PyObject*>;

// A JavaScript object in Python, by reference.
struct JsProxy {
  std::shared_ptr<ForeignObject> object;
  bool cached = false;  // the one in live_proxies (a moved-from temporary is not)
  ~JsProxy() {
    if (cached) live_proxies.erase(object.get());
  }
};
struct JsIterator {
  std::shared_ptr<ForeignObject> iterator;
};

py::object owned(PyObject* result) {
  if (!result) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(result);
}

// Whether Python has used the process's guest Node environment (Python is the entry
// runtime, or code outside any Host), or a Host's environment: asyncio then follows it.
bool guest_seen = false;
bool host_environment_seen = false;
// Calls into JS under way on this thread (read and written with the GIL held). The
// guest's process.exit() is raised as SystemExit by every call that was under way when it
// ran (each level of Python -> JS -> Python -> JS unwinds with it), then never again:
// later calls find the environment stopped.
thread_local int js_call_depth = 0;
int exit_raised_at_depth = -1;
// Whether the guest environment stopped after an uncaught error in its loop (a throwing
// timer): the process then exits with status 1 as under node (twinhost_python_exit_status).
bool guest_died_uncaught = false;

struct CallDepth {
  CallDepth() { ++js_call_depth; }
  ~CallDepth() { --js_call_depth; }
};

// The Python exception that a PythonError thrown in JS carries, or null: a Python
// exception that went through JS is raised again as itself.
PyObject* original_python_exception(const ScriptError& e) {
  // Most JS errors are not: the GIL is released only to look inside one that may be.
  if (e.type() != "PythonError" || !e.exception()) return nullptr;
  auto carried = detail::without_gil([&] {  // lock order: the isolate, then the GIL
    return api::carried_exception(e, "PythonError", "pythonException");
  });
  return carried ? detail::unwrap_python_object(*carried) : nullptr;
}

// Sets a JS error as the Python error: twinhost.JSError with the JS name, message and
// stack, and the JS error itself as `js_error` (what JS gets back if it crosses again).
void set_js_error(const ScriptError& e) {
  if (PyObject* original = original_python_exception(e)) {
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(original)), original);
    return;
  }
  try {
    py::object error =
        py::reinterpret_borrow<py::object>(js_error_class)(e.type() + ": " + e.message());
    error.attr("js_name") = e.type();
    error.attr("js_message") = e.message();
    // js_stack is read when asked for (the property below): the error is kept for it.
    error.attr("_js_script_error") =
        py::capsule(new ScriptError(e), [](void* held) { delete static_cast<ScriptError*>(held); });
    error.attr("js_error") = e.exception() ? owned(from_value(Value(e.exception()))) : py::none();
    PyErr_SetObject(js_error_class, error.ptr());
  } catch (py::error_already_set& failed) {
    failed.restore();
  }
}

// Runs JS with the GIL lent to it (`lend`: an operation on a JS object, which lets go of
// the GIL before it waits for another thread, and after a switch interval of JS; see
// lent_lock.h), or released (the environment's own operations, which may wait for its
// loop's events); JS may call back into Python from this thread, which takes it again.
// Errors come back as twinhost.JSError with the JS name and stack. `rearm`: afterwards, let
// a running asyncio loop follow Node's loop (async_bridge.h). Returns false with the Python
// error set; C++ errors of the model (ConversionError) throw pybind11's TypeError /
// ValueError.
template <typename Call>
bool try_call_js(Call&& call, Value& result, bool rearm = true, bool lend = true) {
  CallDepth depth;
  // A JS error, the common failure, comes out of the GIL-less stretch as a value and is
  // set without a throw: each C++ throw costs microseconds of unwinding through V8's frames.
  std::optional<ScriptError> failed;
  try {
    MainThreadJsCall ctrl_c_stops_it(guest_seen);
    auto run = [&] {
      try {
        // A call that can set the JS error instead of throwing it is given the place.
        if constexpr (std::is_invocable_v<Call, std::optional<ScriptError>&>)
          result = call(failed);
        else
          result = call();
      } catch (const ScriptError& e) {
        failed.emplace(e);
      }
    };
    if (lend)
      detail::with_gil_lent(run);
    else
      detail::without_gil(run);
  } catch (const ScriptError& e) {
    failed.emplace(e);
  } catch (const ConversionError& e) {
    if (e.kind() == ConversionError::Kind::Range) throw py::value_error(e.what());
    throw py::type_error(e.what());
  } catch (const Interrupted&) {
    // Host::interrupt() inside a Host; else Ctrl-C: Python's pending signal raises
    // KeyboardInterrupt (once); if Python code inside the call already took it, here.
    if (detail::in_host_call())
      PyErr_SetNone(interrupted_type());
    else if (PyErr_CheckSignals() == 0)
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    return false;
  } catch (const EnvironmentExited& e) {
    // process.exit(n) in the guest environment of a Python script exits the script: every
    // call under way when it ran raises SystemExit(n); later calls find it stopped.
    if (exit_raised_at_depth >= 0 && js_call_depth >= exit_raised_at_depth)
      throw std::runtime_error(e.what());
    exit_raised_at_depth = js_call_depth;
    PyErr_SetObject(PyExc_SystemExit, py::int_(e.exit_code()).ptr());
    return false;
  } catch (const HostError& e) {
    throw std::runtime_error(e.what());
  }
  if (failed) {
    set_js_error(*failed);
    return false;
  }
  if (!rearm) return true;
  if (detail::in_host_call() ? host_environment_seen : guest_seen)
    after_guest_call(!detail::in_host_call());
  return true;
}

template <typename Call>
Value call_js(Call&& call, bool rearm = true, bool lend = true) {
  Value result;
  if (!try_call_js(std::forward<Call>(call), result, rearm, lend)) throw py::error_already_set();
  return result;
}

// A call on `twinhost.js` itself: the environment of the JS on this thread's stack, else
// the guest environment.
template <typename Call>
Value call_interop(Call&& call, bool rearm = true) {
  return call_js(
      [&] {
        detail::Context& js = detail::runtime(Language::JavaScript).interop_context();
        Value result = call(js);
        // Written with the GIL released, read with it: on the same thread.
        if (js.event_loop_fd() >= 0)
          (detail::in_host_call() ? host_environment_seen : guest_seen) = true;
        return result;
      },
      rearm, false);
}

py::object to_python(const Value& value) { return owned(from_value(value)); }

// Runs the guest environment's loop (once, or until it has nothing left). The only
// ScriptError a loop raises is an uncaught error in a JS callback (a timer, I/O).
void run_guest_loop(bool once) {
  try {
    call_interop(
        [&](detail::Context& js) {
          if (js.event_loop_fd() >= 0) js.run_event_loop(once);
          return Value();
        },
        once);
  } catch (py::error_already_set& e) {
    if (e.matches(js_error_class)) guest_died_uncaught = true;
    throw;
  }
}

// The JsProxy inside a JSProxy (or a subclass's) instance, or null for anything else.
// Direct, where pybind11's cast looks the C++ type up by its name's hash on every call: on
// the call path that was a tenth of a Python-to-JS call.
JsProxy* proxy_of(PyObject* object) {
  static py::detail::type_info* info = nullptr;
  if (!info) info = py::detail::get_type_info(typeid(JsProxy));  // null until registered
  if (!info || !PyObject_TypeCheck(object, info->type)) return nullptr;
  auto holder = reinterpret_cast<py::detail::instance*>(object)->get_value_and_holder(info, false);
  return holder ? static_cast<JsProxy*>(holder.value_ptr()) : nullptr;
}

// Runs a slot of JSProxy, translating C++ errors into the Python error it returns null with.
template <typename Slot>
PyObject* translated(Slot&& slot) {
  try {
    return slot();
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (const py::builtin_exception& e) {
    e.set_error();
  } catch (const api::Error& e) {
    set_error(e);
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
  return nullptr;
}

// A call's argument list, which keeps its memory for this thread's next call (a malloc and
// a free per call otherwise). A nested call, finding none kept, makes its own.
struct ArgumentList {
  List list = std::move(spare);
  ~ArgumentList() {
    list.clear();  // the values (lent bytes among them) end with the call
    spare = std::move(list);
  }
  static thread_local List spare;
};
thread_local List ArgumentList::spare;

// The one call path of a JSProxy: positional arguments `args[0..n)` convert by the value
// model; keyword arguments (a dict from tp_call, or `names` of `args[n..)` from vectorcall)
// reach the JS object, which refuses them (JS functions take none).
PyObject* call_proxy_with(PyObject* self, PyObject* const* args, Py_ssize_t n, PyObject* kwargs,
                          PyObject* names) {
  return translated([&]() -> PyObject* {
    JsProxy* found = proxy_of(self);
    if (!found) throw py::type_error("not a JSProxy");
    JsProxy& proxy = *found;
    ArgumentList arguments;
    List& list = arguments.list;
    list.reserve(static_cast<std::size_t>(n));
    for (Py_ssize_t i = 0; i < n; ++i) list.push_back(lend_value(args[i]));
    Map keywords;
    if (kwargs) {
      PyObject *key, *value;
      Py_ssize_t position = 0;
      while (PyDict_Next(kwargs, &position, &key, &value))
        keywords.emplace_back(to_value(key), to_value(value));
    }
    for (Py_ssize_t i = 0; names && i < PyTuple_GET_SIZE(names); ++i)
      keywords.emplace_back(to_value(PyTuple_GET_ITEM(names, i)), to_value(args[n + i]));
    Value result;
    auto call = [&](std::optional<ScriptError>& failed) {
      return proxy.object->call_lent(std::move(list), std::move(keywords), failed);
    };
    if (!try_call_js(call, result)) return nullptr;
    return from_value(result);
  });
}

PyObject* call_proxy(PyObject* self, PyObject* args, PyObject* kwargs) {
  return call_proxy_with(self, PySequence_Fast_ITEMS(args), PyTuple_GET_SIZE(args), kwargs,
                         nullptr);
}

// A JSProxy made by make_js_proxy carries this in a slot after pybind11's instance (the
// type's size grows by it): a call from Python then skips the argument tuple, a twentieth
// of a call. Instances made otherwise (a Python subclass's) leave it null and take tp_call.
PyObject* vectorcall_proxy(PyObject* self, PyObject* const* args, size_t nargsf, PyObject* names) {
  return call_proxy_with(self, args, PyVectorcall_NARGS(nargsf), nullptr, names);
}
Py_ssize_t vectorcall_offset = 0;

// JSProxy's tp_getattro: what the type defines (its methods, __class__, __dict__) as for any
// object, else the JS property. A __getattr__ would run only after Python's generic lookup
// had built an AttributeError to discard: that was a third of an attribute read.
PyObject* getattr_proxy(PyObject* self, PyObject* name) {
  JsProxy* proxy = proxy_of(self);
  // A subclass's instances may have their own attributes: the generic lookup first for them.
  bool generic_first = !proxy || Py_TYPE(self)->tp_dictoffset != 0;
  if (!PyUnicode_Check(name) || _PyType_Lookup(Py_TYPE(self), name) || generic_first) {
    PyObject* found = PyObject_GenericGetAttr(self, name);
    if (found || !proxy || !PyUnicode_Check(name) || !PyErr_ExceptionMatches(PyExc_AttributeError))
      return found;
    PyErr_Clear();
  }
  return translated([&]() -> PyObject* {
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(name, &size);
    if (!utf8) return nullptr;
    std::string key(utf8, static_cast<std::size_t>(size));
    std::optional<Value> value;
    Value unused;
    auto read = [&] {
      value = proxy->object->get_if(key);
      return Value();
    };
    if (!try_call_js(read, unused)) return nullptr;
    if (!value)
      return PyErr_Format(PyExc_AttributeError, "JavaScript object has no property '%U'", name);
    return from_value(*value);
  });
}

// What a user checks a JSProxy against: isinstance(x, twinhost.JSMap), and vars(x).
constexpr const char* kProxyTypes = R"py(
from collections.abc import MutableMapping as _MutableMapping


class JSMapping(_MutableMapping):
    """A JS object's own enumerable properties as a mapping, live: keys are Object.keys(),
    [] reads an own property (KeyError otherwise), del deletes it. vars(proxy) is one."""

    __slots__ = ('_proxy',)

    def __init__(self, proxy):
        if _js_kind(proxy) is None:
            raise TypeError(f'JSMapping() takes a JSProxy, not {type(proxy).__name__}')
        self._proxy = proxy

    def __getitem__(self, key):
        if not isinstance(key, str) or not _js_has_own(self._proxy, key):
            raise KeyError(key)
        return self._proxy[key]

    def __setitem__(self, key, value):
        if not isinstance(key, str):
            raise TypeError(f'JavaScript property names are str, not {type(key).__name__}')
        self._proxy[key] = value

    def __delitem__(self, key):
        if key not in self:
            raise KeyError(key)
        del self._proxy[key]

    def __contains__(self, key):
        return isinstance(key, str) and _js_has_own(self._proxy, key)

    def __iter__(self):
        return iter(_js_keys(self._proxy))

    def __len__(self):
        return len(_js_keys(self._proxy))

    def __repr__(self):
        return f'JSMapping({dict(self)!r})'


class _JSKind(type):
    def __instancecheck__(cls, instance):
        return _js_kind(instance) == cls._kind

    def __subclasscheck__(cls, subclass):
        return subclass is cls

    def __call__(cls, *args, **kwargs):
        raise TypeError(f'{cls.__name__} is for isinstance() checks; make JS objects in JS')


def _kind(name, kind, what):
    doc = f'isinstance(x, {name}): x is a JSProxy of {what}.'
    return _JSKind(name, (), {'_kind': kind, '__doc__': doc, '__module__': 'twinhost'})


JSArray = _kind('JSArray', 'array', 'a JS array (arrays usually cross as lists)')
JSMap = _kind('JSMap', 'map', 'a JS Map (Maps usually cross as dicts)')
JSSet = _kind('JSSet', 'set', 'a JS Set')
JSPromise = _kind('JSPromise', 'promise', 'a JS Promise')
JSFunction = _kind('JSFunction', 'function', 'a JS function or class')
JSGenerator = _kind('JSGenerator', 'generator', 'a JS generator object')
del _kind, _MutableMapping
)py";

}  // namespace

void add_js_bridge(py::module_& module) {
  remember_main_thread();
  js_error_class = PyErr_NewExceptionWithDoc(
      "twinhost.JSError", "A JavaScript error: js_name, js_message and js_stack hold its parts.",
      PyExc_Exception, nullptr);
  if (!js_error_class) throw py::error_already_set();
  // JSError.js_stack: the JS stack, formatted when first read (V8 formats a stack on its
  // first read, through node's prepareStackTrace: most errors caught in Python never are).
  py::object property = py::module_::import("builtins").attr("property");
  auto get_stack = [](py::object self) -> py::object {
    py::dict own = self.attr("__dict__");
    if (own.contains("_js_stack")) return own["_js_stack"];
    if (!own.contains("_js_script_error")) return py::str("");
    auto* error = own["_js_script_error"].cast<py::capsule>().get_pointer<ScriptError>();
    py::object stack = to_python(call_js([&] { return Value(error->stack()); }, false));
    own["_js_stack"] = stack;
    return stack;
  };
  auto set_stack = [](py::object self, py::object stack) {
    self.attr("__dict__")["_js_stack"] = stack;
  };
  py::setattr(py::handle(js_error_class), "js_stack",
              property(py::cpp_function(get_stack), py::cpp_function(set_stack)));
  module.add_object("JSError", py::handle(js_error_class));
  py::module_ js = module.def_submodule("js", "JavaScript in this process's Node.js.");
  js.def(
      "eval",
      [](const std::string& code) {
        return to_python(call_interop([&](detail::Context& js) { return js.eval(code); }));
      },
      py::arg("code"), "Evaluates JavaScript and converts its value.");
  js.def(
      "exec",
      [](const std::string& code) {
        call_interop([&](detail::Context& js) {
          js.exec(code, "<twinhost.js>");
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
        return to_python(call_interop([&](detail::Context& js) { return js.eval(code); }));
      },
      py::arg("name"), "require() of a module: node: built-ins, files, node_modules.");

  // Driving the guest environment's loop from asyncio (async_bridge.cc).
  js.def("_loop_fd", [] {
    return call_interop([](detail::Context& js) { return Value(js.event_loop_fd()); }, false)
        .as_int();
  });
  js.def("_loop_timeout", [] {
    return call_interop([](detail::Context& js) { return Value(js.event_loop_timeout()); }, false)
        .as_int();
  });
  js.def("_run_loop_once", [] { run_guest_loop(true); });
  // At exit of a Python-entry process: pending JS timers and I/O finish, as under node.
  js.def("_run_loop", [] { run_guest_loop(false); });
  add_async_bridge(module);

  // A JS iterator, advanced one item per __next__ (an endless generator stays endless).
  py::class_<JsIterator>(module, "JSIterator", "A JavaScript iterator, advanced lazily.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", [](JsIterator& self) {
        Value item;
        if (!call_js([&] { return Value(self.iterator->next(item)); }).as_bool())
          throw py::stop_iteration();
        return to_python(item);
      });
  // Helpers of JSMapping and the JS kinds (kProxyTypes above); None for anything else.
  module.def("_js_kind", [](py::handle object) -> py::object {
    auto target = js_proxy_target(object.ptr());
    return target ? py::object(py::str(target->kind())) : py::object(py::none());
  });
  module.def("_js_keys", [](JsProxy& self) {
    return to_python(call_js([&] { return Value(self.object->keys()); }));
  });
  module.def("_js_has_own", [](JsProxy& self, const std::string& key) {
    return call_js([&] { return Value(self.object->has_own(key)); }).as_bool();
  });
  module.def(
      "to_js",
      [](py::handle object, int depth) {
        Value value = to_value(object.ptr());
        return to_python(call_js([&] { return to_data(value, depth); }, false));
      },
      py::arg("object"), py::arg("depth") = -1,
      "What JS gets from proxy.toJs({depth}): `object` as data (dataclasses and mappings "
      "as dicts, sets and sequences as lists), down to `depth` levels of objects (-1: all).");
  py::class_<JsProxy> proxy(module, "JSProxy", "A JavaScript object or function, by reference.");
  // Calls take the type's own call slot rather than a pybind11 method: the most frequent
  // crossing is cheaper without pybind11's argument dispatch.
  auto* type = reinterpret_cast<PyTypeObject*>(proxy.ptr());
  type->tp_call = call_proxy;
  type->tp_getattro = getattr_proxy;
  // (Before any instance exists: pybind11 allocates them through tp_alloc, by tp_basicsize.)
  vectorcall_offset = type->tp_basicsize;
  type->tp_basicsize += static_cast<Py_ssize_t>(sizeof(vectorcallfunc));
  type->tp_vectorcall_offset = vectorcall_offset;
  type->tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
  PyType_Modified(type);
  proxy
      .def("__setattr__",
           [](JsProxy& self, const std::string& name, py::handle value) {
             Value v = to_value(value.ptr());
             call_js([&] {
               self.object->set(name, v);
               return Value();
             });
           })
      .def("__getitem__",
           [](JsProxy& self, py::handle key) {
             Value k = to_value(key.ptr());
             return to_python(call_js([&] { return self.object->item(k); }));
           })
      .def("__len__",
           [](JsProxy& self) {
             return call_js([&] { return Value(self.object->length()); }).as_int();
           })
      .def("__iter__",
           [](JsProxy& self) {
             return JsIterator{call_js([&] { return Value(self.object->iterate()); }).as_object()};
           })
      .def("__aiter__",
           [](JsProxy& self) {
             // As JS's `for await` takes the object: its async iterator, else its iterator
             // (whose items are awaited); async_bridge.cc walks either.
             std::shared_ptr<ForeignObject> iterator;
             call_js([&] {
               iterator = self.object->iterate_async();
               return Value();
             });
             if (iterator)
               return async_module().attr("JSAsyncIterator")(to_python(Value(iterator)));
             iterator = call_js([&] { return Value(self.object->iterate()); }).as_object();
             return async_module().attr("JSAsyncIterator")(to_python(Value(iterator)),
                                                           py::cast(JsIterator{iterator}));
           })
      .def("__str__",
           [](JsProxy& self) {
             return call_js([&] { return Value(self.object->str()); }).as_string();
           })
      .def("__contains__",
           [](JsProxy& self, py::handle item) {  // JS `in` (a Set's or Map's has())
             Value v = to_value(item.ptr());
             return call_js([&] { return Value(self.object->contains(v)); }).as_bool();
           })
      .def("__delattr__",
           [](JsProxy& self, const std::string& name) {  // JS `delete`
             call_js([&] {
               self.object->remove(name);
               return Value();
             });
           })
      .def("__delitem__",
           [](JsProxy& self, py::handle key) {
             Value k = to_value(key.ptr());
             call_js([&] {
               self.object->remove_item(k);
               return Value();
             });
           })
      .def("__setitem__",
           [](JsProxy& self, py::handle key, py::handle value) {
             // JS property keys are strings; an index is one too ("0").
             if (!PyUnicode_Check(key.ptr()) && !PyLong_Check(key.ptr()))
               throw py::type_error("JavaScript property keys are str or int, not " +
                                    std::string(Py_TYPE(key.ptr())->tp_name));
             std::string name = py::str(key);
             Value v = to_value(value.ptr());
             call_js([&] {
               self.object->set(name, v);
               return Value();
             });
           })
      .def("__bool__",
           [](JsProxy& self) {
             // JS truthiness (every object is true), except that an empty array, Map or
             // Set is false, as an empty container is in Python.
             std::string kind = self.object->kind();
             if (kind != "array" && kind != "map" && kind != "set") return true;
             return call_js([&] { return Value(self.object->length()); }).as_int() != 0;
           })
      .def(
          "__dir__",
          [](py::object self) {
            py::set names(py::module_::import("builtins").attr("object").attr("__dir__")(self));
            JsProxy& proxy = self.cast<JsProxy&>();
            for (py::handle name : to_python(call_js([&] { return Value(proxy.object->names()); })))
              names.add(name);
            return py::list(names);
          })
      .def(
          "to_py",
          [](JsProxy& self, int depth) {
            return to_python(call_js([&] { return to_data(Value(self.object), depth); }));
          },
          py::arg("depth") = -1,
          "Converts the JS object to Python data: objects to dicts (own enumerable "
          "properties), Sets to lists, down to `depth` levels of objects (-1: all).")
      .def("__await__", [](py::object self) { return async_module().attr("await_js")(self); })
      .def("__repr__", [](JsProxy& self) {
        // What util.inspect shows (the constructor's name, the first properties), cut short.
        std::string shown = call_js([&] { return Value(self.object->repr()); }).as_string();
        if (shown.size() > 200) shown = shown.substr(0, 197) + "...";
        return "<JSProxy " + shown + ">";
      });
  py::exec(kProxyTypes, module.attr("__dict__"));
  // vars(proxy): a JSMapping. (type.__setattr__ refuses '__dict__': set in the type's dict.)
  py::object mapping = module.attr("JSMapping");
  py::object vars =
      py::module_::import("builtins")
          .attr("property")(py::cpp_function([mapping](py::object self) { return mapping(self); }),
                            py::none(), py::none(),
                            "vars(proxy): the object's own enumerable properties as a JSMapping.");
  if (PyDict_SetItemString(type->tp_dict, "__dict__", vars.ptr()) != 0)
    throw py::error_already_set();
  PyType_Modified(type);
}

int exit_status(int status) { return status == 0 && guest_died_uncaught ? 1 : status; }

PyObject* make_js_proxy(const std::shared_ptr<ForeignObject>& object) {
  auto found = live_proxies.find(object.get());
  if (found != live_proxies.end()) return Py_NewRef(found->second);
  try {
    if (!py::detail::get_type_info(typeid(JsProxy))) py::module_::import("twinhost");
    py::object proxy = py::cast(JsProxy{object});
    proxy.cast<JsProxy&>().cached = true;
    if (vectorcall_offset > 0 && Py_TYPE(proxy.ptr())->tp_vectorcall_offset == vectorcall_offset)
      *reinterpret_cast<vectorcallfunc*>(reinterpret_cast<char*>(proxy.ptr()) + vectorcall_offset) =
          vectorcall_proxy;
    live_proxies.emplace(object.get(), proxy.ptr());
    return proxy.release().ptr();
  } catch (py::error_already_set& e) {
    e.restore();
    return nullptr;
  }
}

std::shared_ptr<ForeignObject> js_proxy_target(PyObject* object) {
  JsProxy* proxy = proxy_of(object);
  return proxy ? proxy->object : nullptr;
}

}  // namespace twinhost::python
