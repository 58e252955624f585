// Ctrl-C while Python's main thread waits for JavaScript (Python is the entry runtime and
// owns SIGINT): Python's handler only sets a flag that the waiting thread never reads, so
// twinhost chains its own handler after Python's, and a watchdog thread stops the running
// JS call (the environment stays usable); the caller then raises KeyboardInterrupt.
#pragma once

namespace twinhost::python {

// Marks one call from Python into JS; counted on the main thread of a process whose JS
// runs in the guest environment (`guest`), where it keeps the chained handler installed
// (Python code may have set a new SIGINT handler meanwhile).
class MainThreadJsCall {
 public:
  explicit MainThreadJsCall(bool guest);
  ~MainThreadJsCall();
  MainThreadJsCall(const MainThreadJsCall&) = delete;
  MainThreadJsCall& operator=(const MainThreadJsCall&) = delete;

 private:
  bool counted_;
};

// Called once on the main thread (the twinhost module's import).
void remember_main_thread();

}  // namespace twinhost::python
