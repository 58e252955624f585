// Every Node environment that JS objects come from, and how any thread reaches it.
//
// Two kinds (README, "Threads"):
// - Host environments (a twinhost::Host's, and the guest that Python reaches) hold their
//   isolate only while a call runs: any thread enters with v8::Locker, which serialises.
// - Loop-owned environments (the JS entry script's, and worker_threads) hold their isolate
//   for as long as their loop runs: other threads queue the call to the loop thread
//   (uv_async) and block until it ran. The loop must keep running for that to finish.
// Releasing a JS object never blocks: it is queued to the next entry into its environment,
// so that a thread holding Python's GIL never waits for an isolate (lock order: isolate,
// then GIL).
#pragma once

#include <uv.h>
#include <v8.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace node {
class Environment;
}

namespace twinhost {
class ForeignObject;
}

namespace twinhost::node_face {

// Before a v8::Locker on `isolate` by a thread that does not hold it. The first time on
// this thread, takes an outer Locker with an Unlocker inside and keeps both (never
// destroyed: the thread's state lives as long as the isolate). Each later Locker of the
// thread is then nested, and V8 keeps the thread's state archived lazily between calls
// instead of freeing it and setting the thread up again (ThreadManager::FreeThreadResources
// / InitThread): a fifth of a call from Python into JS. Another thread taking the isolate
// meanwhile makes V8 archive it eagerly, once.
void keep_thread_state(v8::Isolate* isolate);

// Taken before every v8::Locker on a Host environment's isolate, and held as long as the
// Locker (which has no try-lock): a thread that holds Python's GIL lent for its call
// (lent_lock.h) tries this gate and, if another thread is inside, lets go of the GIL before
// it waits, as that thread may be waiting for the GIL. Whoever holds the isolate holds the
// gate, so after the gate the Locker never waits. Recursive, as a Locker is. A try fails
// while a thread waits, so that threads looping on short calls do not starve it.
class EntryGate {
 public:
  bool try_enter() {
    const std::thread::id me = std::this_thread::get_id();
    if (owner_.load(std::memory_order_relaxed) == me) {
      ++depth_;
      return true;
    }
    std::thread::id none;
    if (waiting_.load() > 0 || !owner_.compare_exchange_strong(none, me)) return false;
    depth_ = 1;
    return true;
  }
  // Lets go of a lent lock of this thread before it waits.
  void enter();
  void leave() {
    if (--depth_ > 0) return;
    owner_.store(std::thread::id());
    // (seq_cst with enter(): either this sees the waiter, or the waiter sees the gate free.)
    if (waiting_.load() > 0) {
      std::lock_guard<std::mutex> lock(mutex_);
      free_.notify_all();
    }
  }

 private:
  std::atomic<std::thread::id> owner_{};
  int depth_ = 0;  // the owner's
  std::atomic<int> waiting_{0};
  std::mutex mutex_;
  std::condition_variable free_;
};

class Environment {
 public:
  Environment(v8::Isolate* isolate, bool loop_owned);
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  v8::Isolate* isolate() const { return isolate_; }
  // The context the environment started in (node's main context). Inside.
  v8::Local<v8::Context> main_context() const { return context_.Get(isolate_); }
  uv_loop_t* loop() const { return loop_; }
  bool alive() const { return alive_; }

  // The gate and the interrupt's turn, before a thread that does not hold the isolate
  // takes it (a thread that holds it is inside already). Loop-owned environments' loop
  // threads always hold theirs; no other thread enters those.
  class Entry {
   public:
    explicit Entry(Environment* environment)
        : gate_(environment && !v8::Locker::IsLocked(environment->isolate_) ? &environment->gate_
                                                                            : nullptr) {
      if (!gate_) return;
      environment->yield_to_interrupt();
      gate_->enter();
    }
    ~Entry() {
      if (gate_) gate_->leave();
    }
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;

   private:
    EntryGate* gate_;
  };

  // Whether Atomics.wait() here lets go of a lent lock: its callback is set (lent_calls.cc,
  // on the first lent call). Inside.
  bool& watches_atomics_wait() { return watches_atomics_wait_; }

  // Whether a call from this thread must be queued to the loop thread.
  bool must_queue() const { return loop_owned_ && std::this_thread::get_id() != loop_thread_; }

  // Runs `task` on the loop thread and waits for it; its exception is rethrown here.
  // Throws HostError if the environment stops before running it.
  void run_on_loop(const std::function<void()>& task);

  // Frees handles inside the environment: at once if this thread holds the isolate, else
  // at the next entry (or loop turn). Dropped if the environment has stopped.
  void release(std::function<void()> free);
  // Queues `free` for the next entry or loop turn, even when this thread holds the isolate:
  // for a V8 garbage-collection callback, where no JS may run (freeing a Python proxy's
  // object can run a __del__ that calls JS). Dropped (leaked) if the environment stopped.
  void defer(std::function<void()> free);
  // Frees the queued releases; this thread holds the isolate.
  void release_pending();

  // Thread-safe: stops the outermost call that thread `target` is making into this
  // environment now (Host::interrupt(), or Ctrl-C in a Python-entry process stopping the
  // main thread's call), and returns true; returns false if `target` is in no such call
  // (an aim never outlives the call). The environment stays usable. Another thread's JS
  // running meanwhile is not touched: V8 runs the interrupt on whichever thread executes
  // JS, and it terminates only on the target's (see .cc). The outermost call that sees
  // the termination ends it.
  bool interrupt_running_call(std::thread::id target);
  // An outermost call (one not nested in this environment's JS on the same thread), for
  // its whole length inside the isolate: it starts terminated if an interrupt is aimed at
  // this thread, and an interrupt aimed at this thread is over when it ends.
  class OutermostCall {
   public:
    explicit OutermostCall(Environment& environment) : environment_(environment) {
      previous_ = environment_.inside_.exchange(std::this_thread::get_id());
      if (environment_.interrupt_pending_here()) environment_.terminate();
    }
    ~OutermostCall() {
      // seq_cst on both sides (with interrupt_running_call): either this sees the aim, or
      // the interrupt sees that the call has ended, so no aim outlives the call.
      environment_.inside_.store(previous_);
      // A termination nobody observed is over too (written only then: this is a hot path).
      if (environment_.interrupt_hit_.load(std::memory_order_relaxed))
        environment_.interrupt_hit_ = false;
      if (environment_.interrupt_pending_here()) environment_.finish_interrupt();
    }
    OutermostCall(const OutermostCall&) = delete;
    OutermostCall& operator=(const OutermostCall&) = delete;

   private:
    Environment& environment_;
    std::thread::id previous_;
  };
  // Before a thread that does not hold the isolate takes it: while an interrupt waits for
  // another thread's call, that thread goes first (waits at most 100 ms: the target may
  // have left already), so that threads looping on calls cannot starve it of the isolate.
  void yield_to_interrupt() {
    if (call_interrupted_.load(std::memory_order_acquire) &&
        std::this_thread::get_id() != interrupt_target_)
      wait_for_interrupt();
  }
  // On termination, at the outermost call: whether interrupt_call() caused it (the
  // termination is then cancelled), or the environment is stopping.
  bool end_interrupt() {
    if (!call_interrupted_) return false;
    interrupt_hit_ = false;
    finish_interrupt();
    isolate_->CancelTerminateExecution();
    return true;
  }
  // After an outermost stretch that V8 may have left by itself (the event loop, where
  // node resumes after a terminated callback): whether an interrupt terminated JS in it.
  bool take_interrupt_hit() {
    if (!interrupt_hit_.exchange(false)) return false;
    end_interrupt();
    return true;
  }

  // Termination skips the JS that pops node's async-context stack (node's check of that
  // stack is off in a guest start, node_runtime.cc): `repair` empties it afterwards.
  void set_async_stack_repair(v8::Local<v8::Function> repair);
  // After an interrupt's termination has ended (no JS of it on the stack): repairs node's
  // async-context stack. This thread holds the isolate.
  void recover_after_interrupt() {
    if (needs_repair_.load(std::memory_order_relaxed)) repair_async_stack();
  }

  // A Host environment's loop waits for events with the isolate released (so that other
  // threads may enter meanwhile); a call from another thread then wakes it, as the call
  // may have added a timer the wait does not know about.
  void set_loop_waiting(bool waiting) { loop_waiting_ = waiting; }
  void wake_if_waiting() {
    if (!loop_waiting_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (async_) uv_async_send(async_);
  }

  // Identity caches, so that one object gives one proxy while that proxy lives (`is` in
  // Python, `===` in JS). Used with the isolate held. The live wrappers of this
  // environment's JS objects, by V8 identity hash (js_object.cc), and the live JS proxies
  // of foreign objects, by ForeignObject::identity() (proxy.cc).
  struct Identities {
    std::unordered_multimap<int, std::weak_ptr<ForeignObject>> js_wrappers;
    std::size_t sweep_at = 1024;  // dead wrappers' entries are erased when it grows to this
    std::unordered_map<const void*, void*> proxies;
  };
  Identities& identities() { return identities_; }

  // The async resource of node::CallbackScope for calls from outside JS: one object for
  // all of them (a new one per call was a tenth of a call from Python). Inside.
  v8::Local<v8::Object> callback_resource() {
    if (callback_resource_.IsEmpty()) callback_resource_.Reset(isolate_, v8::Object::New(isolate_));
    return callback_resource_.Get(isolate_);
  }
  // node's Environment of this isolate, for node::CallbackScope: found once (node's
  // contexts of an isolate, vm's included, belong to its one Environment; looking it up
  // through the isolate's current context was a fortieth of a call from Python). Null if
  // `context` is not node's. Inside.
  node::Environment* node_environment(v8::Local<v8::Context> context) {
    if (!node_environment_) node_environment_ = find_node_environment(context);
    return node_environment_;
  }

  // A private symbol, an internalized name or an object template of this environment by
  // its C++ literal's address (node_values.h: private_key, property_name; proxy.cc), made
  // by `make` once. Inside.
  template <typename Handle, typename Make>
  v8::Local<Handle> kept(const char* name, Make make) {
    auto& entries = kept_entries<Handle>();
    for (const auto& [key, handle] : entries)
      if (key == name) return handle.Get(isolate_);
    v8::Local<Handle> made = make();
    entries.emplace_back(name, v8::Global<Handle>(isolate_, made));
    return made;
  }

  // Called on the loop thread, inside the environment: the queue (and wake-up handle)
  // starts / everything stops, waiting callers get an error.
  void start_queue(uv_loop_t* loop);
  void stop();

 private:
  struct Task {
    const std::function<void()>* run;
    std::exception_ptr error;
    bool done = false;
  };
  static void on_async(uv_async_t* async);
  static void on_interrupt(v8::Isolate* isolate, void* unused);
  // (Acquire: interrupt_target_ is written before the flag is set.)
  bool interrupt_pending_here() const {
    return call_interrupted_.load(std::memory_order_acquire) &&
           std::this_thread::get_id() == interrupt_target_;
  }
  void finish_interrupt();
  void wait_for_interrupt();
  void terminate() {
    interrupt_hit_ = true;
    if (!repair_.IsEmpty()) needs_repair_ = true;
    isolate_->TerminateExecution();
  }
  void repair_async_stack();
  static node::Environment* find_node_environment(v8::Local<v8::Context> context);
  template <typename Handle>
  std::vector<std::pair<const char*, v8::Global<Handle>>>& kept_entries() {
    if constexpr (std::is_same_v<Handle, v8::Private>)
      return kept_privates_;
    else if constexpr (std::is_same_v<Handle, v8::ObjectTemplate>)
      return kept_templates_;
    else
      return kept_names_;
  }

  v8::Isolate* isolate_;
  bool loop_owned_;
  std::thread::id loop_thread_;
  std::atomic<bool> alive_{true};
  std::atomic<bool> call_interrupted_{false};
  std::thread::id interrupt_target_;        // written before call_interrupted_ is set
  std::atomic<bool> interrupt_hit_{false};  // an interrupt terminated JS
  std::atomic<std::thread::id> inside_{};   // the thread in an outermost call, if any
  v8::Global<v8::Function> repair_;
  std::atomic<bool> needs_repair_{false};
  std::atomic<bool> loop_waiting_{false};
  const std::atomic<int>* loop_calls_out_;  // CallIntoPython's count of the loop thread
  v8::Global<v8::Context> context_;
  v8::Global<v8::Object> callback_resource_;
  node::Environment* node_environment_ = nullptr;
  std::vector<std::pair<const char*, v8::Global<v8::Private>>> kept_privates_;
  std::vector<std::pair<const char*, v8::Global<v8::String>>> kept_names_;
  std::vector<std::pair<const char*, v8::Global<v8::ObjectTemplate>>> kept_templates_;
  Identities identities_;
  EntryGate gate_;
  bool watches_atomics_wait_ = false;

  std::mutex interrupting_;  // one interrupt_running_call at a time
  std::mutex mutex_;         // guards everything below
  std::condition_variable done_;
  std::condition_variable interrupt_over_;
  std::deque<Task*> queue_;
  uv_async_t* async_ = nullptr;
  uv_loop_t* loop_ = nullptr;  // set by start_queue, on the loop thread
  std::vector<std::function<void()>> releases_;
  std::atomic<bool> has_releases_{false};  // releases_ is not empty (read without the lock)
};

// The environment of `isolate`, registered on first use: call on its thread, inside it.
// Environments that twinhost did not create (worker_threads) are loop-owned.
std::shared_ptr<Environment> environment_of(v8::Isolate* isolate);
// The environment of `isolate` as a plain pointer, for lookups on hot paths: valid until
// this thread asks for another isolate's environment.
Environment* environment_here(v8::Isolate* isolate);

// The same, or null where `isolate` has no live environment yet (or any more): registers
// nothing.
Environment* registered_environment_here(v8::Isolate* isolate);

// This thread's count of calls from JS into Python under way.
std::atomic<int>& calls_into_python_here();

// A call from JS into Python, for its length: counted on this thread, so that another
// thread waiting for this loop thread can tell it is inside Python (run_on_loop). Only
// this thread writes its count: no atomic read-modify-write on the hot path.
class CallIntoPython {
 public:
  CallIntoPython() : count_(calls_into_python_here()) {
    count_.store(count_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  ~CallIntoPython() {
    count_.store(count_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  }
  CallIntoPython(const CallIntoPython&) = delete;
  CallIntoPython& operator=(const CallIntoPython&) = delete;

 private:
  std::atomic<int>& count_;
};

// Registered and alive, or null; any thread.
std::shared_ptr<Environment> find_environment(v8::Isolate* isolate);

// An environment's isolate is usable from here on / no longer (its JS objects go dead).
// Called on its thread, inside it. `loop_owned`: see above; its queue runs on `loop`.
void environment_started(v8::Isolate* isolate, bool loop_owned, uv_loop_t* loop);
// `exit_code`: the status process.exit() asked for, or -1 (an uncaught error, a teardown).
void environment_stopping(v8::Isolate* isolate, int exit_code = -1);

// For a call that found JS terminated because the environment of `isolate` stops: throws
// EnvironmentExited with process.exit()'s status, else HostError.
[[noreturn]] void throw_stopped(v8::Isolate* isolate);

}  // namespace twinhost::node_face
