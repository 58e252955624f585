// The data of one `twinhost bench` run: tasks, their series and samples.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "machine_load.h"
#include "stats.h"

namespace twinhost::bench {

// One way to run a task: a file and the runtime that runs it (by its extension). A
// same-algorithm task has two, task.js and task.py; a mixed task (an interop experiment)
// names its own in task.json, e.g. a JS loop calling Python per element and one call for
// the whole array.
struct Variant {
  std::string name;  // "" for a same-algorithm task's task.js / task.py
  std::string file;
  std::string runtime;  // "node" | "python": the entry runtime
};

// A task folder: NAME/task.json with task.js and task.py, or (`"kind": "mixed"`) the files
// its `variants` name.
struct Task {
  std::string name;
  std::filesystem::path dir;
  nlohmann::json spec;  // task.json
  std::string problem;  // why the task cannot run (missing file, malformed task.json)
  std::vector<Variant> variants;
  bool mixed() const { return spec.is_object() && spec.value("kind", "") == "mixed"; }
  // What a mixed task's ratios are against: task.json's "baseline", else its first variant.
  std::string baseline() const {
    std::string first = variants.empty() ? "" : variants.front().name;
    return spec.is_object() ? spec.value("baseline", first) : first;
  }
};

// One task in one variant (for a same-algorithm task: one runtime), in the host or in the
// stock binary.
struct Series {
  std::string runtime;  // "node" | "python"
  std::string variant;  // a mixed task's variant name, else ""
  std::string file;     // what the worker loads
  bool stock = false;
  std::string status = "ok";  // ok | error | timeout | checksum
  std::string error;          // message (and stack) when status != ok
  long inner = 1;             // runs per sample after calibration
  std::vector<double> ns;     // per run, one value per sample
  std::vector<int> rounds;    // the round each sample came from (stats.h)
  Summary summary;

  std::string label() const {
    return variant.empty() ? (stock ? runtime + " (stock)" : runtime) : variant;
  }
};

struct TaskResult {
  Task task;
  nlohmann::json size;
  std::vector<Series> series;
  nlohmann::json expected;  // the checksum of that size

  const Series* find(const std::string& runtime, bool stock) const {
    for (const auto& s : series)
      if (s.variant.empty() && s.runtime == runtime && s.stock == stock) return &s;
    return nullptr;
  }
  const Series* find_variant(const std::string& variant) const {
    for (const auto& s : series)
      if (s.variant == variant) return &s;
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
  // Rounds over all tasks, each with fresh Hosts or fresh processes: the independent units
  // that intervals are computed over (stats.h).
  int rounds = 5;
  // Adaptive: after `rounds`, more rounds (of the tasks not yet precise) until every ratio's
  // 95% interval is within ±precision of it, or `budget_s` seconds have passed (0: off).
  double precision = 0;
  double budget_s = 600;
  // Filled in by the run: the rounds it ran, and why it stopped adding rounds.
  int rounds_run = 0;
  std::string stop_reason;
  bool stock = false;
  std::string task_dir;
};

constexpr const char* kSchema = "twinhost-bench/2";  // 2: samples carry their round

// report.cc
void print_table(const std::vector<TaskResult>& results, const Settings& settings,
                 const Conditions& conditions, std::FILE* out);
std::string markdown(const std::vector<TaskResult>& results, const Settings& settings,
                     const Conditions& conditions);
nlohmann::json to_json(const std::vector<TaskResult>& results, const Settings& settings,
                       const Conditions& conditions);
int compare(const std::string& a, const std::string& b);
// Whether every ratio of the task (py/node, host/stock, variant/baseline; else its series'
// times) has a 95% interval within ±precision of its value.
bool precise(const TaskResult& result, double precision);

}  // namespace twinhost::bench
