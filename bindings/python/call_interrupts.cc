#include "call_interrupts.h"

#include <semaphore.h>
#include <signal.h>

#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "runtime.h"

namespace twinhost::python {
namespace {

std::thread::id main_thread;
std::atomic<int> calls_in_progress{0};
struct sigaction python_handler;
sem_t wake;

void on_sigint(int signal, siginfo_t* info, void* context) {
  // Python's handler first: it records the signal for KeyboardInterrupt.
  if (python_handler.sa_flags & SA_SIGINFO)
    python_handler.sa_sigaction(signal, info, context);
  else if (python_handler.sa_handler != SIG_DFL && python_handler.sa_handler != SIG_IGN)
    python_handler.sa_handler(signal);
  if (calls_in_progress > 0) sem_post(&wake);  // async-signal-safe
}

void watchdog() {
  for (;;) {
    while (sem_wait(&wake) != 0) {
    }
    // Aimed only at a call under way (an aim must not outlive it and stop a later call,
    // such as the loop that Python's exit runs): retried while the main thread waits for
    // the isolate that another thread holds, until the call ends.
    while (calls_in_progress > 0) {
      bool hit = false;
      try {
        hit = detail::runtime(Language::JavaScript).interop_context().interrupt_call(main_thread);
      } catch (...) {
        break;
      }
      if (hit) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

// Installs on_sigint after the current handler unless it is already there, or SIGINT is
// not Python's (default or ignored: nothing to add).
void chain_handler() {
  struct sigaction current;
  if (sigaction(SIGINT, nullptr, &current) != 0) return;
  if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_sigint) return;
  if (!(current.sa_flags & SA_SIGINFO) &&
      (current.sa_handler == SIG_DFL || current.sa_handler == SIG_IGN))
    return;
  static bool started = [] {
    sem_init(&wake, 0, 0);
    std::thread(watchdog).detach();
    return true;
  }();
  (void)started;
  python_handler = current;
  struct sigaction chained = current;
  chained.sa_flags |= SA_SIGINFO;
  chained.sa_sigaction = on_sigint;
  sigaction(SIGINT, &chained, nullptr);
}

}  // namespace

void remember_main_thread() { main_thread = std::this_thread::get_id(); }

MainThreadJsCall::MainThreadJsCall(bool guest)
    : counted_(guest && std::this_thread::get_id() == main_thread) {
  if (!counted_) return;
  if (calls_in_progress++ != 0) return;
  // Whether Python code replaced the handler costs a system call: ask at most every 20 ms
  // (asyncio.run() sets its own on entry; a Ctrl-C within 20 ms of that waits for the call).
  static std::int64_t last_check = -1;
  timespec now;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
  std::int64_t ms = static_cast<std::int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
  if (last_check >= 0 && ms - last_check < 20) return;
  last_check = ms;
  chain_handler();
}

MainThreadJsCall::~MainThreadJsCall() {
  if (counted_) --calls_in_progress;
}

}  // namespace twinhost::python
