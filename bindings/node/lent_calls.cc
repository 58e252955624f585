#include "lent_calls.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "environments.h"
#include "lent_lock.h"

namespace twinhost::node_face {
namespace {

// Python's default switch interval (sys.getswitchinterval()).
constexpr std::chrono::microseconds kSwitchInterval{5000};
// Idle ticks before the watchdog sleeps until the next watched call.
constexpr int kIdleTicks = 200;

// One thread's watched call. `state` changes hands: the owner sets it running and takes it
// back to idle; the watchdog holds it inspected while it interrupts the isolate, which the
// running call keeps alive (it holds the isolate) until the owner takes the state back.
struct Watched {
  enum State { kIdle, kRunning, kInspected };
  std::atomic<int> state{kIdle};
  v8::Isolate* isolate = nullptr;       // written by the owner while idle
  std::atomic<std::uint64_t> calls{0};  // watched calls begun: a new one restarts the clock
  std::uint64_t seen = 0;               // the watchdog's
};

// Never destroyed: the watchdog and other threads outlive static destructors.
std::mutex& watched_mutex = *new std::mutex;  // the list (and the watchdog's sleep)
std::vector<Watched*>& watched_list() {
  static auto* list = new std::vector<Watched*>();
  return *list;
}
std::condition_variable& wake_watchdog = *new std::condition_variable;
std::atomic<bool> watchdog_sleeping{true};
std::once_flag watchdog_started;

void let_go_interrupt(v8::Isolate*, void*) { detail::LentLock::let_go_here(); }

// Runs on the thread that executes JS in the isolate: whichever holds a lent lock lets go.
void on_atomics_wait(v8::Isolate::AtomicsWaitEvent event, v8::Local<v8::SharedArrayBuffer>, size_t,
                     int64_t, double, v8::Isolate::AtomicsWaitWakeHandle*, void*) {
  if (event == v8::Isolate::AtomicsWaitEvent::kStartWait) detail::LentLock::let_go_here();
}

void watchdog() {
  int idle = 0;
  std::unique_lock<std::mutex> lock(watched_mutex);
  for (;;) {
    lock.unlock();
    std::this_thread::sleep_for(kSwitchInterval);
    lock.lock();
    bool any = false;
    for (Watched* call : watched_list()) {
      if (call->state.load() != Watched::kRunning) continue;
      any = true;
      const std::uint64_t calls = call->calls.load();
      if (calls != call->seen) {  // begun since the last tick
        call->seen = calls;
        continue;
      }
      int running = Watched::kRunning;
      if (!call->state.compare_exchange_strong(running, Watched::kInspected)) continue;
      call->isolate->RequestInterrupt(let_go_interrupt, nullptr);
      call->state.store(Watched::kRunning);
    }
    idle = any ? 0 : idle + 1;
    if (idle < kIdleTicks) continue;
    // (seq_cst with LentCall: either a call begun now sees the flag and wakes this, or
    // this sees it running.)
    watchdog_sleeping = true;
    if (std::any_of(watched_list().begin(), watched_list().end(),
                    [](Watched* call) { return call->state.load() != Watched::kIdle; })) {
      watchdog_sleeping = false;
      continue;
    }
    wake_watchdog.wait(lock, [] { return !watchdog_sleeping.load(); });
    idle = 0;
  }
}

// This thread's record, in the list while the thread lives.
struct ThreadWatched {
  Watched* call = nullptr;
  Watched& get() {
    if (!call) {
      call = new Watched;
      std::lock_guard<std::mutex> lock(watched_mutex);
      watched_list().push_back(call);
    }
    return *call;
  }
  ~ThreadWatched() {
    if (!call) return;
    std::lock_guard<std::mutex> lock(watched_mutex);
    auto& list = watched_list();
    list.erase(std::find(list.begin(), list.end(), call));
    delete call;
  }
};
thread_local ThreadWatched this_thread_watched;

void begin(Watched& call, v8::Isolate* isolate) {
  call.isolate = isolate;
  call.calls.store(call.calls.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  call.state.store(Watched::kRunning);
  if (watchdog_sleeping.load()) {
    std::call_once(watchdog_started, [] { std::thread(watchdog).detach(); });
    std::lock_guard<std::mutex> lock(watched_mutex);
    watchdog_sleeping = false;
    wake_watchdog.notify_one();
  }
}

void end(Watched& call) {
  for (int running = Watched::kRunning; !call.state.compare_exchange_weak(running, Watched::kIdle);
       running = Watched::kRunning) {
  }
}

}  // namespace

LentCall::LentCall(v8::Isolate* isolate, Environment& environment) {
  if (!detail::LentLock::lent_here()) return;
  if (!environment.watches_atomics_wait()) {
    // Set on first need, not at start: node sets its own for --trace-atomics-wait.
    isolate->SetAtomicsWaitCallback(on_atomics_wait, nullptr);
    environment.watches_atomics_wait() = true;
  }
  Watched& call = this_thread_watched.get();
  if (call.state.load(std::memory_order_relaxed) == Watched::kIdle) {
    begin(call, isolate);
    watched_ = true;
  } else if (call.isolate != isolate) {  // nested in another isolate's watched call
    outer_ = call.isolate;
    end(call);
    begin(call, isolate);
  }
}

LentCall::~LentCall() {
  if (!watched_ && !outer_) return;
  Watched& call = this_thread_watched.get();
  end(call);
  if (outer_) begin(call, outer_);
}

}  // namespace twinhost::node_face
