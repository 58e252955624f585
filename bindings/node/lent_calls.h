// Calls into JS made while the caller's lock is lent to them (lent_lock.h: Python's GIL,
// kept through a call from Python). JS cannot see a thread waiting for that lock, so a
// watchdog does: JS that has run for a switch interval is interrupted (V8's
// RequestInterrupt) to let go of the lock for the rest of its call, and so is Atomics.wait(),
// which may wait for a thread that needs the lock. Native code that blocks inside such a
// call (a synchronous child process, a blocking read) keeps it: README, "Threads".
#pragma once

#include <v8.h>

namespace twinhost::node_face {

class Environment;

// For the length of a call into `environment`'s JS by a thread inside its isolate: watched
// if the thread has a lent lock, held or let go (JS calling the lender takes it back); an
// outer watched call of this thread is switched to this isolate meanwhile. Nothing
// otherwise.
class LentCall {
 public:
  LentCall(v8::Isolate* isolate, Environment& environment);
  ~LentCall();
  LentCall(const LentCall&) = delete;
  LentCall& operator=(const LentCall&) = delete;

 private:
  bool watched_ = false;
  v8::Isolate* outer_ = nullptr;  // the isolate the outer watched call was in, if switched
};

}  // namespace twinhost::node_face
