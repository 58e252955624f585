// Where a series runs: a worker script (scripts/bench/worker.js|py) loaded into a Host
// (in-process), or running as its own process under twinhost or a stock binary. Every
// backend speaks the worker's JSON messages, so the timing loop is the same everywhere.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "twinhost/host.h"

namespace twinhost::bench {

// The call did not answer within its time limit; the runner is unusable afterwards.
struct Timeout : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Runner {
 public:
  virtual ~Runner() = default;
  // Sends one message ({"cmd": "load" | "sample", ...}) and returns the worker's reply.
  // Throws Timeout, or std::runtime_error when the worker itself broke.
  virtual nlohmann::json call(const nlohmann::json& message, double timeout_seconds) = 0;
};

// `worker` is worker.js or worker.py, loaded into `host` (which must outlive the runner).
std::unique_ptr<Runner> in_process_runner(Host& host, Language language, const std::string& worker);

// Runs `argv` (a binary and the worker script) with JSON lines on its stdin and stdout.
std::unique_ptr<Runner> process_runner(const std::vector<std::string>& argv);

}  // namespace twinhost::bench
