// twinhost::Host — run JavaScript (Node.js) and Python (CPython) in one process.
//
// Both runtimes are process-wide and start lazily, the first time a Host touches them:
// a program that only runs Python never loads Node, and the reverse. Each Host owns one
// Node environment (its own isolate, globals and event loop) and one Python namespace
// (a fresh `__main__` dictionary in the process's single interpreter).
//
// Threads: a Host is used from the thread that created it; a call from another thread
// throws HostError. Several Hosts may live at once, on one thread or on several.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "twinhost/errors.h"
#include "twinhost/language.h"
#include "twinhost/value.h"
#include "twinhost/version.h"

namespace twinhost {

class Host {
 public:
  Host();
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // Runs `code` as a script in this Host's global scope: JS top-level `var`, function
  // and `globalThis` assignments, and Python top-level names, persist between calls.
  // Microtasks and process.nextTick callbacks run before it returns; timers and I/O
  // wait for run_event_loop(). Throws ScriptError.
  void exec(Language language, std::string_view code, std::string_view filename = "<string>");

  // Evaluates one expression and converts its value. Throws ScriptError, ConversionError.
  Value eval(Language language, std::string_view expression);

  // Runs a file the way its runtime runs a script: JS as a CommonJS module (its own
  // `require`, `module`, `__dirname`) or, for .mjs, as an ES module; Python executed in
  // this Host's namespace with `__file__` set. The language comes from the extension
  // unless given. Throws ScriptError, or HostError for an unknown extension.
  void run_file(const std::string& path);
  void run_file(Language language, const std::string& path);

  // Node: runs the event loop until no timers, I/O or handles remain, as `node` does
  // before it exits. Does nothing if Node was never used by this Host.
  void run_event_loop();
  // Node: runs what is ready without blocking; returns true while work remains.
  bool run_event_loop_once();

  // From any thread: stops the call this Host is running in `language`. JavaScript: the
  // environment is terminated and finished for good (later calls throw HostError).
  // Python: TimeoutError is raised at the next bytecode (not inside a long native call).
  // Does nothing if the Host never used `language`.
  void interrupt(Language language);

  // Whether this Host has started the runtime for `language`.
  bool uses(Language language) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace twinhost
