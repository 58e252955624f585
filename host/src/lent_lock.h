// A lock that the caller of a cross-runtime call lends to the callee: Python's GIL, for a
// call from Python into JS. Releasing the GIL before every call and taking it back after
// costs a fifth of a short call, and under a busy Python thread each re-take waits for
// that thread's switch interval (milliseconds per call). So the callee keeps the lock while
// it runs without waiting, and lets go of it for the rest of the call:
// - before it waits for anything another thread may hold (another thread's isolate, a
//   loop thread's queue, Atomics.wait): that thread may be waiting for the GIL;
// - once the call has run for a switch interval (a watchdog interrupts JS for it), so that
//   other Python threads run during long JS as they did when every call released the GIL.
// JS calling Python again takes it back for the rest of the call (until the next switch
// interval), as a Python thread keeps the GIL between its switches: a long JS loop of
// calls into Python does not queue for the GIL on each. The caller takes the lock back
// after the call if it was let go. Lives in the core
// library: the lender (the Python module) and the callee (the Node module) are two shared
// modules that must see one per-thread record.
#pragma once

namespace twinhost::detail {

class LentLock {
 public:
  // Lets go of the lock for the lender; returns false if this thread does not hold it
  // (code of the lender released it meanwhile, and takes it back itself).
  using LetGo = bool (*)(LentLock& lock);
  // Takes it back (waits for it) after it was let go.
  using TakeBack = void (*)(LentLock& lock);

  // Becomes this thread's current lent lock, held, until destroyed.
  LentLock(LetGo let_go, TakeBack take_back);
  ~LentLock();
  LentLock(const LentLock&) = delete;
  LentLock& operator=(const LentLock&) = delete;

  // Whether the lock is still held by this thread for the call (not let go).
  bool held() const { return held_; }

  // Before this thread waits for another thread: lets go of its current lent lock if
  // that is still held. Cheap when there is none.
  static void let_go_here();
  // Before this thread enters the lender's runtime again within the call (JS calling
  // Python): takes back its current lent lock if that was let go.
  static void take_back_here();
  // Whether this thread runs a call with a lent lock, held or let go (it may be taken
  // back).
  static bool lent_here();

  // The lender's state while the lock is let go (Python: the thread state to restore).
  void* saved = nullptr;

 private:
  LetGo let_go_;
  TakeBack take_back_;
  bool held_ = true;
  LentLock* previous_;
};

}  // namespace twinhost::detail
