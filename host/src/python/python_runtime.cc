// The CPython runtime module: Python as the CLI's entry runtime (CPython's own
// Py_RunMain, so `-c`, `-m`, files, stdin, tracebacks and exit codes are python's), and
// as a guest runtime holding one namespace per Host.
#include "python_face.h"
#include "python_main.h"
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

  void run_file(const std::string& path) override {
    std::string source = read_file(path);
    GilScope gil;
    Ref file(PyUnicode_DecodeFSDefault(path.c_str()));
    PyDict_SetItemString(globals_, "__file__", file.p);
    Ref result(run(source, path, Py_file_input));
  }

  bool run_event_loop(bool) override { return false; }

  void interrupt() override {
    GilScope gil;  // the running code yields the GIL within the switch interval
    interrupted_ = true;
    PyThreadState_SetAsyncExc(owner_, PyExc_TimeoutError);
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
    PyObject* result = PyEval_EvalCode(compiled.p, globals_, globals_);
    if (interrupted_.exchange(false)) PyThreadState_SetAsyncExc(owner_, nullptr);  // unfired
    if (!result) throw take_error();
    return result;
  }

  PyObject* globals_ = nullptr;
  unsigned long owner_ = 0;  // the Python thread id of the Host's thread
  std::atomic<bool> interrupted_{false};
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
    set_python_main_thread();
    std::atexit(finalize_at_exit);
    PyEval_SaveThread();  // every call takes the GIL through GilScope, from any thread
  }

  void shut_down_at_exit() override { finalize_at_exit(); }

  // Runs atexit handlers and flushes sys.stdout/sys.stderr, as python does at exit.
  static void finalize_at_exit() {
    if (!Py_IsInitialized() || std::this_thread::get_id() != instance().init_thread_) return;
    PyGILState_Ensure();
    Py_FinalizeEx();
  }

 public:
  static PythonRuntime& instance() {
    static auto* runtime = new PythonRuntime;  // never destroyed: used until exit ends
    return *runtime;
  }

 private:
  std::mutex mutex_;
  bool started_ = false;
  std::thread::id init_thread_;
};

}  // namespace
}  // namespace twinhost::detail

extern "C" __attribute__((visibility("default"))) twinhost::detail::Runtime*
twinhost_runtime_module() {
  return &twinhost::detail::PythonRuntime::instance();
}
