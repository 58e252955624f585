// The seam between the twinhost core and the two runtime modules.
//
// Each runtime lives in its own shared module (twinhost-node.so, twinhost-python.so)
// that the core loads with dlopen the first time that runtime is needed: linking libnode
// into the binary would cost every Python script ~14 ms of start-up (measured), and the
// same rule keeps libpython out of JS-only processes.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "twinhost/language.h"
#include "twinhost/value.h"
#include "twinhost/version.h"

namespace twinhost::detail {

// What the CLI asks of the runtime that runs its script (the "entry" runtime).
struct MainOptions {
  // Runtime-native argv: node's (`twinhost -e CODE a b`, `twinhost x.js a`) or
  // python's (`python -c CODE a`, `python -m mod a`, `python x.py a`, `python - a`).
  std::vector<std::string> argv;
  // The script as the command line names it (empty for -e/-p/-c/-m and the REPL).
  std::string script;
  // The process's own argv memory, if the runtime may take it over: Node writes
  // process.title there (libuv's uv_setup_args), as `node` does.
  int process_argc = 0;
  char** process_argv = nullptr;
};

// One Host's execution state inside one runtime. Used only on the thread that created it.
class Context {
 public:
  virtual ~Context() = default;
  virtual void exec(std::string_view code, std::string_view filename) = 0;
  virtual Value eval(std::string_view expression) = 0;
  // Returns what the file exports (see Host::run_file).
  virtual Value run_file(const std::string& path) = 0;
  // The global `name` (JS: globalThis's, then a top-level `let`/`const`; Python: the
  // namespace's, then a builtin): ScriptError (ReferenceError / NameError) if none.
  virtual Value get_global(std::string_view name) = 0;
  virtual void set_global(std::string_view name, const Value& value) = 0;
  // Runs the loops until `awaitable` (an object of this runtime) settles, for at most
  // `timeout_seconds` (negative: no limit); see Host::await.
  virtual Value await(const Value& awaitable, double timeout_seconds) = 0;
  // Whether `awaitable` (an object of this runtime) has settled; see Host::settled.
  virtual bool settled(const Value& awaitable) = 0;
  // Runs the runtime's event loop: to completion, or (once) without blocking.
  // Returns true while work remains.
  virtual bool run_event_loop(bool once) = 0;
  // Thread-safe: stops the call that the context's thread is making now, if any; returns
  // whether there was one (see Host::interrupt).
  virtual bool interrupt() = 0;
  // Thread-safe: stops the call that thread `target` is making now, if it is making one
  // (Ctrl-C stops the main thread's call); returns whether it was. The context stays usable.
  virtual bool interrupt_call(std::thread::id /*target*/) { return false; }
  // For driving this context's event loop from another runtime's loop: a descriptor
  // that becomes readable when the loop has work, and the milliseconds until its next
  // timer (-1: none, or nothing keeps the loop alive). The descriptor is -1 when the
  // loop cannot be driven from outside (it is already running on this thread).
  virtual int event_loop_fd() { return -1; }
  virtual int event_loop_timeout() { return -1; }
};

class Runtime {
 public:
  virtual ~Runtime() = default;

  // Runs a script as the runtime's own binary would, with this runtime as the entry
  // runtime: it owns SIGINT and stdio. Returns the process exit status. Only as the
  // first use of the runtime in the process.
  virtual int run_main(const MainOptions& options) = 0;

  // A fresh context for a Host; starts the runtime (as a guest: no signal handlers, no
  // stdio changes) if nothing has started it yet.
  virtual std::unique_ptr<Context> new_context() = 0;

  // Where the other runtime's code reaches this one (`twinhost.python` in JS,
  // `twinhost.js` in Python); starts the runtime as a guest if needed. Inside a Host's call,
  // that Host's context (Node: unless JS of an environment runs on this thread's stack: it).
  // Else Python: the `__main__` namespace. Node: the environment whose JS is running on this
  // thread (a nested call), else one guest environment bound to the thread that first asked.
  // Only exec and eval are meaningful on it.
  virtual Context& interop_context() = 0;

  // Fills this runtime's fields of `versions` without starting the runtime.
  virtual void versions(Versions& versions) = 0;

  // At process exit, before the other runtime's library is torn down: ends this runtime
  // as its own exit handler would (Python: finalizes, running its atexit hooks). Idempotent.
  virtual void shut_down_at_exit() {}
};

// Inside a Host's call on this thread (exec, eval, run_file, its event loop): that Host's
// context for `language`, made on first use, so that each language reaches the other's state
// of the same Host (`twinhost.js` in its Python, `twinhost.python` in its JS). Null outside.
Context* current_host_context(Language language);
bool in_host_call();

// The process-wide runtime for `language`, its module loaded on first use (thread-safe).
// Throws HostError if the module or the runtime's library cannot be loaded.
Runtime& runtime(Language language);
// The runtime for `language` if its module is loaded already, else null (never loads).
Runtime* loaded_runtime(Language language);

}  // namespace twinhost::detail

// Every runtime module exports this one symbol.
extern "C" twinhost::detail::Runtime* twinhost_runtime_module();
