// The data of one `twinhost bench` run: tasks, their series and samples.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stats.h"

namespace twinhost::bench {

// A task folder: NAME/task.js, task.py and task.json.
struct Task {
  std::string name;
  std::filesystem::path dir;
  nlohmann::json spec;  // task.json
  std::string problem;  // why the task cannot run (missing file, malformed task.json)
};

// One task in one runtime, in the host or in the stock binary.
struct Series {
  std::string runtime;  // "node" | "python"
  bool stock = false;
  std::string status = "ok";  // ok | error | timeout | checksum
  std::string error;          // message (and stack) when status != ok
  long inner = 1;             // runs per sample after calibration
  std::vector<double> ns;     // per run, one value per sample
  Summary summary;

  std::string label() const { return stock ? runtime + " (stock)" : runtime; }
};

struct TaskResult {
  Task task;
  nlohmann::json size;
  std::vector<Series> series;
  nlohmann::json expected;  // the checksum of that size

  const Series* find(const std::string& runtime, bool stock) const {
    for (const auto& s : series)
      if (s.runtime == runtime && s.stock == stock) return &s;
    return nullptr;
  }
};

struct Settings {
  std::string size = "standard";
  std::vector<std::string> runtimes{"node", "python"};
  int samples = 15;
  int warmup = 2;
  double min_time_ms = 100;
  double timeout_s = 60;
  std::string isolation = "in-process";
  int processes = 1;  // fresh processes whose samples are pooled per series
  bool stock = false;
  std::string task_dir;
};

constexpr const char* kSchema = "twinhost-bench/1";

// report.cc
void print_table(const std::vector<TaskResult>& results, const Settings& settings, std::FILE* out);
std::string markdown(const std::vector<TaskResult>& results, const Settings& settings);
nlohmann::json to_json(const std::vector<TaskResult>& results, const Settings& settings);
int compare(const std::string& a, const std::string& b);

}  // namespace twinhost::bench
