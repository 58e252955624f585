#include "runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

extern char** environ;

namespace twinhost::bench {
namespace {

// Runs `body`; if it has not returned within `seconds`, interrupts the Host's call in
// `language` from another thread (again every 50 ms until one lands: a call inside a long
// native function is stopped when it is back). Returns whether the time ran out.
template <typename Body>
bool with_watchdog(Host& host, Language language, double seconds, Body&& body) {
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false, fired = false;
  std::thread watchdog([&] {
    std::unique_lock<std::mutex> lock(mutex);
    if (cv.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return done; })) return;
    fired = true;
    do {
      lock.unlock();
      bool hit = host.interrupt(language);
      lock.lock();
      if (hit) return;
    } while (!cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; }));
  });
  try {
    body();
  } catch (...) {
    // Ends the watchdog before the exception travels on.
    {
      std::lock_guard<std::mutex> lock(mutex);
      done = true;
    }
    cv.notify_all();
    watchdog.join();
    if (fired) return true;
    throw;
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
  }
  cv.notify_all();
  watchdog.join();
  return fired;
}

[[noreturn]] void throw_timeout(double seconds) {
  throw Timeout("no result within " + std::to_string(seconds).substr(0, 5) + " s");
}

class InProcessRunner final : public Runner {
 public:
  // Each runner has its own instance of the worker (its own loaded task), under its own
  // name: a mixed task has several variants of one runtime in the same Host.
  InProcessRunner(Host& host, Language language, const std::string& worker)
      : host_(host), language_(language), name_("__bench_worker_" + std::to_string(++count_)) {
    std::string path = nlohmann::json(worker).dump();
    if (language == Language::JavaScript) {
      host.exec(language, "delete require.cache[require.resolve(" + path + ")];\nglobalThis." +
                              name_ + " = require(" + path + ");");
    } else {
      host.exec(language,
                "import importlib.util as _u, json as _json\n"
                "_s = _u.spec_from_file_location('twinhost_bench_worker', " +
                    path + ")\n" + name_ + " = _u.module_from_spec(_s)\n_s.loader.exec_module(" +
                    name_ + ")\n");
    }
  }

  nlohmann::json call(const nlohmann::json& message, double timeout_seconds) override {
    // A JSON text is also a valid JS and Python string literal of itself.
    std::string text = nlohmann::json(message.dump()).dump();
    std::string expression = language_ == Language::JavaScript
                                 ? name_ + ".handleText(JSON.parse(" + text + "))"
                                 : "_json.dumps(" + name_ + ".handle(_json.loads(" + text + ")))";
    Value reply;
    // A result that raced the watchdog still counts as a timeout: the Host was interrupted.
    // An async sample (a promise of the text) is awaited on the Host's loop within the limit.
    const auto limit = std::chrono::milliseconds(static_cast<long long>(timeout_seconds * 1000));
    try {
      if (with_watchdog(host_, language_, timeout_seconds, [&] {
            reply = host_.eval(language_, expression);
            if (!reply.is_string()) reply = host_.await(reply, limit);
          }))
        throw_timeout(timeout_seconds);
    } catch (const TimedOut&) {
      throw_timeout(timeout_seconds);
    }
    return nlohmann::json::parse(reply.as_string());
  }

 private:
  Host& host_;
  Language language_;
  std::string name_;
  static inline int count_ = 0;  // runners are made on the harness's one thread
};

class ProcessRunner final : public Runner {
 public:
  explicit ProcessRunner(const std::vector<std::string>& argv) {
    int to_child[2], from_child[2];
    if (pipe2(to_child, O_CLOEXEC) != 0 || pipe2(from_child, O_CLOEXEC) != 0)
      throw std::runtime_error("cannot create pipes for a worker process");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(to_child[0]);
    close(from_child[1]);
    in_ = to_child[1];
    out_ = from_child[0];
    if (rc != 0) {
      pid_ = -1;
      throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    }
  }

  ~ProcessRunner() override {
    close(in_);  // the worker exits at end of input
    close(out_);
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  nlohmann::json call(const nlohmann::json& message, double timeout_seconds) override {
    std::string line = message.dump() + "\n";
    if (write(in_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
      throw std::runtime_error("the worker process is gone");
    auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
    for (;;) {
      auto newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        std::string reply = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return nlohmann::json::parse(reply);
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        kill(pid_, SIGKILL);
        throw_timeout(timeout_seconds);
      }
      pollfd fd{out_, POLLIN, 0};
      if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[65536];
      ssize_t n = read(out_, chunk, sizeof chunk);
      if (n <= 0) throw std::runtime_error("the worker process exited without answering");
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buffer_;
};

}  // namespace
}  // namespace twinhost::bench

namespace twinhost::bench {

std::unique_ptr<Runner> in_process_runner(Host& host, Language language,
                                          const std::string& worker) {
  return std::make_unique<InProcessRunner>(host, language, worker);
}

std::unique_ptr<Runner> process_runner(const std::vector<std::string>& argv) {
  return std::make_unique<ProcessRunner>(argv);
}

}  // namespace twinhost::bench
