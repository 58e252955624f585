// CPython helpers shared by the Python runtime module: the GIL, owned references, and
// the pending exception as a ScriptError.
#pragma once

#include <cxxabi.h>

#include <exception>
#include <optional>
#include <type_traits>

#include "lent_lock.h"
#include "python_main.h"
#include "twinhost/errors.h"

namespace twinhost::detail {

// While Python finalizes, CPython ends every other thread that asks for the GIL with
// pthread_exit(), a forced unwind. Through twinhost's frames that is fatal: through V8's
// (no unwind information) it skips the release of the isolate's lock, and from a destructor
// that already runs during an unwind it calls std::terminate. So a thread other than
// Python's main thread that would take the GIL then is parked for good instead (the process
// is ending): see README, "Threads".
void park_if_finalizing();
// The thread that initialised Python, which also finalizes it (the process's main thread
// for a script; a Host's first Python thread in the library).
void set_python_main_thread();

// Holds the GIL for a scope, from any thread. Within a call from Python into JS on this
// thread, a GIL lent to the call and let go is taken back for the call (lent_lock.h).
class GilScope {
 public:
  GilScope() : state_((park_if_finalizing(), LentLock::take_back_here(), PyGILState_Ensure())) {}
  // A thread that wants the GIL back inside the scope (Python code of this thread running
  // when another thread began finalizing) is ended by CPython with pthread_exit(), whose
  // unwind runs this without the GIL: releasing then was a fatal error (abort on Ctrl-C
  // with daemon threads calling across).
  ~GilScope() {
    if (_PyThreadState_UncheckedGet() == PyGILState_GetThisThreadState())
      PyGILState_Release(state_);
  }
  GilScope(const GilScope&) = delete;
  GilScope& operator=(const GilScope&) = delete;

 private:
  PyGILState_STATE state_;
};

// Lets other Python threads run for a scope; takes the GIL back on any exit (parked if
// Python finalizes meanwhile, above). Finalization can still begin while this thread waits
// for the GIL: CPython's pthread_exit() then unwinds from here, which a noexcept destructor
// would turn into std::terminate.
class GilRelease {
 public:
  GilRelease() : state_(PyEval_SaveThread()) {}
  ~GilRelease() noexcept(false) {
    park_if_finalizing();
    PyEval_RestoreThread(state_);
  }
  GilRelease(const GilRelease&) = delete;
  GilRelease& operator=(const GilRelease&) = delete;

 private:
  PyThreadState* state_;
};

// The GIL as a LentLock lets go of it (keeping the thread state), and takes it back.
bool let_go_of_gil(LentLock& lock);
void take_back_gil(LentLock& lock);

// Lends the GIL to a scope (lent_lock.h): kept unless code in the scope lets go of it,
// taken back on any exit if it did (parked if Python finalizes meanwhile, as GilRelease).
class GilLent {
 public:
  GilLent() : lock_(let_go_of_gil, take_back_gil) {}
  ~GilLent() noexcept(false) {
    if (!lock_.held()) take_back_gil(lock_);
  }
  GilLent(const GilLent&) = delete;
  GilLent& operator=(const GilLent&) = delete;

 private:
  LentLock lock_;
};

// Runs `work` inside a `Gil` scope (GilRelease: without the GIL; GilLent: with it lent)
// and returns its result; an exception it throws is rethrown after the scope, with the GIL
// back. The GIL is never taken back while an exception unwinds the stack: if Python began
// finalizing meanwhile, CPython would pthread_exit() from there, a second unwind during
// the first, which is std::terminate.
// (A `work` that returns nothing skips the result's two moves: calls into JS write theirs
// in place.)
template <typename Gil, typename Work>
auto run_in(Work&& work) -> decltype(work()) {
  constexpr bool kVoid = std::is_void_v<decltype(work())>;
  std::exception_ptr error;
  std::optional<std::conditional_t<kVoid, bool, decltype(work())>> result;
  {
    Gil scope;
    try {
      if constexpr (kVoid)
        work();
      else
        result.emplace(work());
    } catch (abi::__forced_unwind&) {
      throw;  // a thread being ended: let it go
    } catch (...) {
      error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
  if constexpr (!kVoid) return std::move(*result);
}

template <typename Work>
auto without_gil(Work&& work) -> decltype(work()) {
  return run_in<GilRelease>(std::forward<Work>(work));
}

template <typename Work>
auto with_gil_lent(Work&& work) -> decltype(work()) {
  return run_in<GilLent>(std::forward<Work>(work));
}

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
