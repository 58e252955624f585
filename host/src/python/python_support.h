// CPython helpers shared by the Python runtime module: the GIL, owned references, and
// the pending exception as a ScriptError.
#pragma once

#include "python_main.h"
#include "twinhost/errors.h"

namespace twinhost::detail {

// Holds the GIL for a scope, from any thread.
class GilScope {
 public:
  GilScope() : state_(PyGILState_Ensure()) {}
  ~GilScope() { PyGILState_Release(state_); }
  GilScope(const GilScope&) = delete;
  GilScope& operator=(const GilScope&) = delete;

 private:
  PyGILState_STATE state_;
};

// Lets other Python threads run for a scope; takes the GIL back on any exit. While the
// interpreter finalizes, CPython ends a daemon thread that asks for the GIL with
// pthread_exit(), a forced unwind: the destructor lets it pass (a noexcept one would
// call std::terminate and abort the whole process at exit).
class GilRelease {
 public:
  GilRelease() : state_(PyEval_SaveThread()) {}
  ~GilRelease() noexcept(false) { PyEval_RestoreThread(state_); }
  GilRelease(const GilRelease&) = delete;
  GilRelease& operator=(const GilRelease&) = delete;

 private:
  PyThreadState* state_;
};

// An owned reference; nullptr-safe.
struct Ref {
  PyObject* p = nullptr;
  explicit Ref(PyObject* o = nullptr) : p(o) {}
  ~Ref() { Py_XDECREF(p); }
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
  explicit operator bool() const { return p != nullptr; }
};

// Turns the pending Python exception into a ScriptError and clears it. Needs the GIL.
ScriptError take_error();

}  // namespace twinhost::detail
