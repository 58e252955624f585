// twinhost::Host — run JavaScript (Node.js) and Python (CPython) in one process.
//
// Both runtimes are process-wide and start lazily, the first time a Host touches them:
// a program that only runs Python never loads Node, and the reverse. Each Host owns one
// Node environment (its own isolate, globals and event loop) and one Python namespace
// (a fresh `__main__` dictionary in the process's single interpreter).
//
// Threads: a Host is used from the thread that created it; a call from another thread
// throws WrongThread (interrupt() alone may come from any thread). Objects of a Host that
// C++ holds (Value::as_object(), ScriptError::exception()) follow the same rule. Several
// Hosts may live at once, on one thread or on several.
//
// Inside a Host call, each language reaches the other's state of the same Host: Python's
// `twinhost.js` is the Host's Node environment, JS's `twinhost.python` its namespace.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "twinhost/errors.h"
#include "twinhost/language.h"
#include "twinhost/value.h"
#include "twinhost/version.h"

namespace twinhost {

class Host {
 public:
  Host();
  ~Host();
  // Neither copyable nor movable (the runtimes keep its address): hold it in a
  // std::unique_ptr to move it around.
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;
  Host(Host&&) = delete;
  Host& operator=(Host&&) = delete;

  // Runs `code` as a script in this Host's global scope: JS top-level `var`, function
  // and `globalThis` assignments, and Python top-level names, persist between calls.
  // Microtasks and process.nextTick callbacks run before it returns; timers and I/O
  // wait for run_event_loop(). Throws ScriptError.
  void exec(Language language, std::string_view code, std::string_view filename = "<string>");

  // Evaluates one expression and converts its value. Throws ScriptError, ConversionError.
  Value eval(Language language, std::string_view expression);

  // Runs a file the way its runtime runs a script: JS as a CommonJS module (its own
  // `require`, `module`, `__dirname`) or, for .mjs, as an ES module; Python executed in
  // this Host's namespace with `__file__` set and the file's folder first on sys.path, as
  // `python3 FILE` has it. The language comes from the extension unless given. Returns what
  // the file exports, by reference: JS `module.exports` (an ES module's namespace), Python
  // a namespace of its public top-level names (`__all__` if it sets one, else those not
  // starting with `_`). Throws ScriptError, or HostError for an unknown extension.
  Value run_file(const std::string& path);
  Value run_file(Language language, const std::string& path);

  // This Host's globals: JS `globalThis[name]` (reading also finds a top-level `let` or
  // `const`), Python its namespace's `name` (reading also finds builtins). get_global
  // throws ScriptError (ReferenceError / NameError) for a name that is not defined.
  Value get_global(Language language, std::string_view name);
  void set_global(Language language, std::string_view name, const Value& value);

  // Calls the global function `name` with positional and (Python only: JS functions take
  // none, ConversionError) keyword arguments. Throws ScriptError, ConversionError.
  Value call(Language language, std::string_view name, const List& args = {},
             const Map& kwargs = {});

  // A C++ function under `name` in both languages of this Host (a JS global, a Python
  // name), defined in each when this Host first uses it. It holds what it captures for the
  // Host's life, and runs on the thread that calls it: the Host's, or a thread that the
  // Host's Python code started (guard shared state then). Throwing ConversionError raises
  // TypeError (Kind::Range: RangeError / ValueError); any other std::exception raises Error
  // (JS) / RuntimeError (Python) with its what(); ScriptError raises the original error.
  using Function = std::function<Value(const List& args, const Map& kwargs)>;
  void define(const std::string& name, Function function);

  // Runs this Host's loops until `awaitable` settles and returns its value, or throws its
  // error as ScriptError: a JS promise (awaited on the Node event loop, which keeps
  // running), or a Python coroutine, Task or awaitable (run on a fresh asyncio loop, which
  // drives this Host's Node loop meanwhile). Anything else is returned as it is. Throws
  // TimedOut after `timeout` (a Python awaitable is then cancelled), and HostError for a
  // JS promise that nothing left in the event loop can settle.
  Value await(const Value& awaitable,
              std::chrono::milliseconds timeout = std::chrono::milliseconds::max());

  // Whether `awaitable` has settled, without running anything: a JS promise that is no
  // longer pending, a Python Future or Task that is done(), a coroutine that has finished.
  // Anything else counts as settled.
  bool settled(const Value& awaitable);

  // sys.argv (process-wide: all Hosts share Python's `sys`) or process.argv (this Host's:
  // `[process.execPath, ...argv]`).
  void set_argv(Language language, const std::vector<std::string>& argv);

  // Node: runs the event loop until no timers, I/O or handles remain, as `node` does
  // before it exits. Does nothing if Node was never used by this Host.
  void run_event_loop();
  // Node: runs what is ready without blocking; returns true while work remains.
  bool run_event_loop_once();

  // From any thread: stops the call that this Host's thread is making in `language` now
  // (exec, eval, run_file, run_event_loop, a call on one of its objects) and returns true;
  // returns false, and does nothing, if no such call is running. The call throws
  // Interrupted, and the runtime stays usable: JavaScript's execution is terminated, then
  // the termination is cancelled (in the event loop only the running callback ends);
  // Python raises twinhost.Interrupted, a BaseException that `except Exception` does not
  // catch, at the next bytecode (not inside a long native call such as time.sleep).
  bool interrupt(Language language);

  // Whether this Host has started the runtime for `language`.
  bool uses(Language language) const;

  struct Impl;  // opaque

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace twinhost
