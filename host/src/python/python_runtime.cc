// The CPython runtime module: Python as the CLI's entry runtime (CPython's own
// Py_RunMain, so `-c`, `-m`, files, stdin, tracebacks and exit codes are python's), and
// as a guest runtime holding one namespace per Host.
#include "python_face.h"
#include "python_main.h"
#include "python_object.h"
#include "python_support.h"
#include "python_values.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "../runtime.h"
#include "twinhost/errors.h"

namespace twinhost::detail {
namespace {

// The value model's conversion (bindings/python), with its errors as ConversionError.
Value to_value(PyObject* object) {
  try {
    return python::to_value(object);
  } catch (const api::Error& e) {
    throw api::conversion_error(e);
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw HostError("twinhost: can't open file '" + path + "'");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// What the C++ side of a Host asks of Python beyond running code, written in Python.
constexpr const char* kHostHelpers = R"py(
import asyncio, inspect, os, sys, types

def add_script_folder(path):
    """sys.path[0] is the script's folder under `python3 FILE`."""
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)

def exports(namespace):
    """A file's public names: __all__, or those not starting with an underscore."""
    names = namespace.get('__all__')
    if names is None:
        names = [name for name in namespace if not name.startswith('_')]
    return types.SimpleNamespace(**{name: namespace[name] for name in names if name in namespace})

class TimedOut(Exception):
    pass

NOT_AWAITABLE = object()

def settled(awaitable):
    if inspect.iscoroutine(awaitable):
        return inspect.getcoroutinestate(awaitable) == inspect.CORO_CLOSED
    done = getattr(awaitable, 'done', None)
    return done() if asyncio.isfuture(awaitable) and callable(done) else True

def settle(awaitable, timeout):
    """Runs `awaitable` on a fresh asyncio loop; TimedOut (it is cancelled) after `timeout`."""
    if not inspect.isawaitable(awaitable):
        return NOT_AWAITABLE
    async def main():
        task = asyncio.ensure_future(awaitable)
        done, _ = await asyncio.wait({task}, timeout=timeout)
        if not done:
            task.cancel()
            await asyncio.wait({task})
            raise TimedOut()
        return task.result()
    return asyncio.run(main())
)py";

// The helpers' namespace, made on first use and kept for the life of the interpreter.
PyObject* host_helper(const char* name) {
  static PyObject* helpers = nullptr;
  if (!helpers) {
    Ref namespace_(PyDict_New());
    PyDict_SetItemString(namespace_.p, "__builtins__", PyEval_GetBuiltins());
    Ref code(Py_CompileString(kHostHelpers, "<twinhost host helpers>", Py_file_input));
    Ref done(code ? PyEval_EvalCode(code.p, namespace_.p, namespace_.p) : nullptr);
    if (!done) throw take_error();
    helpers = namespace_.p;
    namespace_.p = nullptr;
  }
  PyObject* helper = PyDict_GetItemString(helpers, name);  // borrowed
  if (!helper) throw HostError(std::string("twinhost: missing Python helper ") + name);
  return helper;
}

class PythonContext final : public Context {
 public:
  // A fresh namespace named __main__ (a Host's), or the `__main__` module's own (interop).
  explicit PythonContext(bool main_module = false) {
    GilScope gil;
    owner_ = PyThread_get_thread_ident();
    if (main_module) {
      globals_ = PyModule_GetDict(PyImport_AddModule("__main__"));  // borrowed
      Py_XINCREF(globals_);
      if (!PyDict_GetItemString(globals_, "__builtins__"))
        PyDict_SetItemString(globals_, "__builtins__", PyEval_GetBuiltins());
      return;
    }
    globals_ = PyDict_New();
    PyDict_SetItemString(globals_, "__builtins__", PyEval_GetBuiltins());
    Ref name(PyUnicode_FromString("__main__"));
    PyDict_SetItemString(globals_, "__name__", name.p);
  }
  ~PythonContext() override {
    if (!Py_IsInitialized()) return;  // finalized at exit before a static Host went
    GilScope gil;
    Py_CLEAR(globals_);
  }

  void exec(std::string_view code, std::string_view filename) override {
    GilScope gil;
    Ref result(run(code, filename, Py_file_input));
  }

  Value eval(std::string_view expression) override {
    GilScope gil;
    Ref result(run(expression, "<eval>", Py_eval_input));
    return to_value(result.p);
  }

  Value run_file(const std::string& path) override {
    std::string source = read_file(path);
    GilScope gil;
    Ref file(PyUnicode_DecodeFSDefault(path.c_str()));
    PyDict_SetItemString(globals_, "__file__", file.p);
    Ref added(PyObject_CallOneArg(host_helper("add_script_folder"), file.p));
    if (!added) throw take_error();
    Ref result(run(source, path, Py_file_input));
    Ref exports(PyObject_CallOneArg(host_helper("exports"), globals_));
    if (!exports) throw take_error();
    return to_value(exports.p);
  }

  Value get_global(std::string_view name) override {
    GilScope gil;
    Ref key(PyUnicode_FromStringAndSize(name.data(), static_cast<Py_ssize_t>(name.size())));
    if (!key) throw take_error();
    PyObject* value = PyDict_GetItemWithError(globals_, key.p);  // borrowed
    if (!value && !PyErr_Occurred()) value = PyDict_GetItemWithError(PyEval_GetBuiltins(), key.p);
    if (!value && !PyErr_Occurred())
      PyErr_Format(PyExc_NameError, "name '%U' is not defined", key.p);
    if (!value) throw take_error();
    return to_value(value);
  }

  void set_global(std::string_view name, const Value& value) override {
    GilScope gil;
    Ref object(python_of(value));
    Ref key(PyUnicode_FromStringAndSize(name.data(), static_cast<Py_ssize_t>(name.size())));
    if (!key || PyDict_SetItem(globals_, key.p, object.p) != 0) throw take_error();
  }

  bool settled(const Value& awaitable) override {
    GilScope gil;
    PyObject* object = unwrap_python_object(*awaitable.as_object());  // borrowed
    if (!object) return true;
    Ref result(PyObject_CallOneArg(host_helper("settled"), object));
    if (!result) throw take_error();
    return PyObject_IsTrue(result.p) == 1;
  }

  Value await(const Value& awaitable, double timeout_seconds) override {
    GilScope gil;
    PyObject* object = unwrap_python_object(*awaitable.as_object());  // borrowed
    if (!object) return awaitable;
    Ref timeout(timeout_seconds < 0 ? Py_NewRef(Py_None) : PyFloat_FromDouble(timeout_seconds));
    PyObject* settle = host_helper("settle");
    PyObject* timed_out = host_helper("TimedOut");
    PyObject* not_awaitable = host_helper("NOT_AWAITABLE");
    Ref result(
        call([&] { return PyObject_CallFunctionObjArgs(settle, object, timeout.p, nullptr); },
             timed_out));
    if (result.p == not_awaitable) return awaitable;
    return to_value(result.p);
  }

  bool run_event_loop(bool) override { return false; }

  // Raises twinhost.Interrupted in the call that the Host's thread makes now, if any. The
  // GIL orders this with the call's start and end: no exception outlives the call.
  bool interrupt() override {
    GilScope gil;  // the running code yields the GIL within the switch interval
    PyObject* type = python::interrupted_type();
    if (running_ == 0 || !type) return false;
    interrupted_ = true;
    PyThreadState_SetAsyncExc(owner_, type);
    return true;
  }

 private:
  // Compiles and runs; returns a new reference or throws ScriptError. Needs the GIL.
  PyObject* run(std::string_view code, std::string_view filename, int start) {
    // Python compiles NUL-terminated text: a NUL inside would silently end the source
    // there. CPython's compile() refuses it, and so does this.
    if (code.find('\0') != std::string_view::npos) {
      PyErr_SetString(PyExc_ValueError, "source code string cannot contain null bytes");
      throw take_error();
    }
    std::string source(code), name(filename);
    Ref compiled(Py_CompileStringExFlags(source.c_str(), name.c_str(), start, nullptr, -1));
    if (!compiled) throw take_error();
    return call([&] { return PyEval_EvalCode(compiled.p, globals_, globals_); });
  }

  // Runs Python code of this Host (`body` returns a new reference or null with an error
  // set), as a call that interrupt() can stop. Throws Interrupted, TimedOut (for an
  // exception of class `timed_out`), or ScriptError. Needs the GIL.
  template <typename Body>
  PyObject* call(Body&& body, PyObject* timed_out = nullptr) {
    ++running_;
    PyObject* result = body();
    if (--running_ == 0 && interrupted_) {
      interrupted_ = false;
      PyThreadState_SetAsyncExc(owner_, nullptr);  // if it has not fired yet
    }
    if (result) return result;
    if (python::interrupted_class && PyErr_ExceptionMatches(python::interrupted_class)) {
      PyErr_Clear();
      throw Interrupted(Language::Python);
    }
    if (timed_out && PyErr_ExceptionMatches(timed_out)) {
      PyErr_Clear();
      throw TimedOut("twinhost: the Python awaitable did not finish in time");
    }
    throw take_error();
  }

  PyObject* globals_ = nullptr;
  unsigned long owner_ = 0;  // the Python thread id of the Host's thread
  // Read and written with the GIL held.
  int running_ = 0;  // calls of this context under way (nested ones too)
  bool interrupted_ = false;
};

class PythonRuntime final : public Runtime {
 public:
  int run_main(const MainOptions& options) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (started_) throw HostError("twinhost: Python is already running in this process");
    started_ = true;

    return twinhost_python_exit_status(run_python_main(options.argv, PyInit_twinhost));
  }

  std::unique_ptr<Context> new_context() override {
    start_guest();
    return std::make_unique<PythonContext>();
  }

  Context& interop_context() override {
    if (Context* host = current_host_context(Language::Python)) return *host;
    start_guest();
    static PythonContext* context = new PythonContext(true);  // lives with the interpreter
    return *context;
  }

  void versions(Versions& versions) override {
    std::string full = Py_GetVersion();  // "3.11.2 (main, ...) [GCC ...]"
    versions.python = full.substr(0, full.find(' '));
  }

 private:
  void start_guest() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (started_) {
      if (!Py_IsInitialized()) throw HostError("twinhost: Python has already shut down");
      return;
    }
    if (Py_IsInitialized()) {  // the twinhost binary runs a Python script: it is the entry
      started_ = true;
      return;
    }
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.parse_argv = 0;
    config.install_signal_handlers = 0;  // the embedding program owns its signals
    configure_python(config);
    PyImport_AppendInittab("twinhost", PyInit_twinhost);
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
      throw HostError(std::string("twinhost: Python failed to start: ") +
                      (status.err_msg ? status.err_msg : "unknown error"));
    }
    started_ = true;
    init_thread_ = std::this_thread::get_id();
    static thread_local InitThreadEnd watch_the_end;
    set_python_main_thread();
    std::atexit(finalize_at_exit);
    PyEval_SaveThread();  // every call takes the GIL through GilScope, from any thread
  }

  void shut_down_at_exit() override { finalize_at_exit(); }

  // Runs atexit handlers and flushes sys.stdout/sys.stderr, as python does at exit. On the
  // thread that started Python, or on any once that thread has ended (Python first used on
  // a worker thread); not while it still runs: it may be inside Python.
  static void finalize_at_exit() {
    if (!Py_IsInitialized()) return;
    if (std::this_thread::get_id() != instance().init_thread_ && !instance().init_thread_ended_)
      return;
    PyGILState_Ensure();
    Py_FinalizeEx();
  }

 public:
  static PythonRuntime& instance() {
    static auto* runtime = new PythonRuntime;  // never destroyed: used until exit ends
    return *runtime;
  }

 private:
  // Marks the end of the thread that started Python (its thread-local destructor).
  struct InitThreadEnd {
    ~InitThreadEnd() { instance().init_thread_ended_ = true; }
  };

  std::mutex mutex_;
  bool started_ = false;
  std::thread::id init_thread_;
  std::atomic<bool> init_thread_ended_{false};
};

}  // namespace
}  // namespace twinhost::detail

extern "C" __attribute__((visibility("default"))) twinhost::detail::Runtime*
twinhost_runtime_module() {
  return &twinhost::detail::PythonRuntime::instance();
}
