#include "python_support.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "api.h"
#include "python_object.h"

namespace twinhost::detail {
namespace {

std::string utf8_or(PyObject* text, const char* fallback) {
  if (!text || !PyUnicode_Check(text)) return fallback;
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(text, &size);
  if (!data) {
    PyErr_Clear();
    return fallback;
  }
  return std::string(data, static_cast<size_t>(size));
}

// `module.QualName` as Python's traceback prints it (builtins and __main__ unqualified).
std::string type_display_name(PyObject* type) {
  Ref qualname(PyObject_GetAttrString(type, "__qualname__"));
  Ref module(PyObject_GetAttrString(type, "__module__"));
  PyErr_Clear();
  std::string name = utf8_or(qualname.p, reinterpret_cast<PyTypeObject*>(type)->tp_name);
  std::string mod = utf8_or(module.p, "builtins");
  return (mod == "builtins" || mod == "__main__") ? name : mod + "." + name;
}

std::atomic<bool> main_thread_set{false};
std::thread::id main_thread;

bool on_python_main_thread() {
  if (main_thread_set) return std::this_thread::get_id() == main_thread;
  return getpid() == static_cast<pid_t>(syscall(SYS_gettid));  // a script: the process's
}

}  // namespace

void set_python_main_thread() {
  main_thread = std::this_thread::get_id();
  main_thread_set = true;
}

void park_if_finalizing() {
  if ((!_Py_IsFinalizing() && Py_IsInitialized()) || on_python_main_thread()) return;
  api::park_forever();
}

bool let_go_of_gil(LentLock& lock) {
  // Code of this thread may have released it meanwhile (without_gil), and takes it back.
  if (!PyGILState_Check()) return false;
  lock.saved = PyEval_SaveThread();
  return true;
}

void take_back_gil(LentLock& lock) {
  park_if_finalizing();
  PyEval_RestoreThread(static_cast<PyThreadState*>(lock.saved));
}

namespace {

// Python's own rendering of an exception (traceback.format_exception). Needs the GIL.
std::string format_exception(PyObject* value, const std::string& fallback) {
  std::string stack;
  Ref traceback_module(PyImport_ImportModule("traceback"));
  Ref lines(traceback_module
                ? PyObject_CallMethod(traceback_module.p, "format_exception", "O", value)
                : nullptr);
  if (lines) {
    Ref empty(PyUnicode_FromString(""));
    Ref joined(PyUnicode_Join(empty.p, lines.p));
    stack = utf8_or(joined.p, "");
  }
  PyErr_Clear();
  return stack.empty() ? fallback : stack;
}

}  // namespace

ScriptError take_error() {
  PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  Ref type_ref(type), value_ref(value), traceback_ref(traceback);
  if (!value) return ScriptError(Language::Python, "SystemError", "error without exception", "");
  if (traceback) PyException_SetTraceback(value, traceback);

  std::string name = type_display_name(type);
  Ref text(PyObject_Str(value));
  std::string message = utf8_or(text.p, "<exception str() failed>");
  PyErr_Clear();

  // The traceback is formatted when first read, from the exception (which holds it): most
  // caught exceptions are never printed, and formatting costs ten times the crossing.
  std::shared_ptr<ForeignObject> exception = wrap_python_object(value);
  std::string fallback = name + ": " + message + "\n";
  auto format = [exception, fallback]() -> std::string {
    if (_Py_IsFinalizing() || !Py_IsInitialized()) return fallback;
    GilScope gil;
    return format_exception(unwrap_python_object(*exception), fallback);
  };
  return ScriptError(Language::Python, std::move(name), std::move(message), std::move(format),
                     std::move(exception));
}

}  // namespace twinhost::detail
