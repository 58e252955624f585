// `twinhost bench`: each task of scripts/tasks run in Node and in Python inside one
// process, checksums checked, median wall time of a few samples printed per runtime.
// (A first cut: warm-up, calibration, confidence intervals, JSON output and stock
// comparisons are the identical-task suite's own issue.)
#include "bench.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "twinhost/host.h"

namespace twinhost::cli {
namespace {

namespace fs = std::filesystem;

struct Task {
  std::string name;
  fs::path dir;
  nlohmann::json spec;
};

// Installed: <prefix>/share/twinhost/tasks; in the build tree: the source's scripts/tasks.
fs::path default_task_dir() {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    fs::path installed = fs::path(std::string(exe, static_cast<size_t>(n))).parent_path() / ".." /
                         "share" / "twinhost" / "tasks";
    if (fs::is_directory(installed)) return installed;
  }
  return TWINHOST_SOURCE_TASK_DIR;
}

Task load_task(const fs::path& dir) {
  for (const char* file : {"task.js", "task.py", "task.json"})
    if (!fs::is_regular_file(dir / file))
      throw std::runtime_error("task '" + dir.filename().string() + "': missing " + file);
  std::ifstream in(dir / "task.json");
  nlohmann::json spec;
  try {
    spec = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("task '" + dir.filename().string() + "': task.json: " + e.what());
  }
  return {dir.filename().string(), dir, spec};
}

bool checksum_matches(const Value& got, const nlohmann::json& expected) {
  if (expected.is_number_integer())
    return got.is_int() && got.as_int() == expected.get<std::int64_t>();
  if (expected.is_string())
    return got.is_string() && got.as_string() == expected.get<std::string>();
  return false;
}

// Loads the task into `host` and returns the expression that runs it once.
std::string load_into(Host& host, Language language, const Task& task) {
  std::string path =
      fs::absolute(task.dir / (language == Language::JavaScript ? "task.js" : "task.py"));
  if (language == Language::JavaScript) {
    host.exec(language, "globalThis.__task = require(" + nlohmann::json(path).dump() + ");");
    return "__task.run";
  }
  // Imported as a module, not run as __main__: the file's standalone block stays out.
  host.exec(language,
            "import importlib.util as _util\n"
            "_spec = _util.spec_from_file_location('twinhost_task', " +
                nlohmann::json(path).dump() +
                ")\n"
                "__task = _util.module_from_spec(_spec)\n"
                "_spec.loader.exec_module(__task)\n");
  return "__task.run";
}

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  size_t n = samples.size();
  return n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

}  // namespace

int run_bench(const std::vector<std::string>& args) {
  CLI::App app{"twinhost bench: identical tasks in Node.js and Python, one process"};
  bool quick = false;
  std::string size_name = "standard";
  std::string task_dir = default_task_dir();
  std::vector<std::string> only;
  int samples = 5;
  app.add_flag("--quick", quick, "use each task's quick size");
  app.add_option("--size", size_name, "size name from task.json (quick, standard)");
  app.add_option("--task-dir", task_dir, "folder of tasks (NAME/task.js, task.py, task.json)");
  app.add_option("--tasks", only, "run only these tasks")->delimiter(',');
  app.add_option("--samples", samples, "timed runs per task and runtime")
      ->check(CLI::Range(1, 1000));
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (quick) size_name = "quick";

  std::vector<Task> tasks;
  try {
    if (!fs::is_directory(task_dir)) throw std::runtime_error("not a folder: " + task_dir);
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(task_dir))
      if (entry.is_directory()) dirs.push_back(entry.path());
    std::sort(dirs.begin(), dirs.end());
    for (const auto& name : only)
      if (std::none_of(dirs.begin(), dirs.end(), [&](auto& d) { return d.filename() == name; }))
        throw std::runtime_error("unknown task '" + name + "' in " + task_dir);
    for (const auto& dir : dirs)
      if (only.empty() || std::count(only.begin(), only.end(), dir.filename().string()))
        tasks.push_back(load_task(dir));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "twinhost bench: %s\n", e.what());
    return 2;
  }

  std::printf("%-16s %10s %14s %14s %8s\n", "task", "size", "node ms", "python ms", "py/node");
  int failures = 0;
  for (const auto& task : tasks) {
    const auto& size = task.spec.at("sizes").at(size_name);
    const auto& expected = task.spec.at("checksums").at(size_name);
    double medians[2] = {0, 0};
    try {
      Host host;  // a fresh Node environment and Python namespace per task
      Language languages[2] = {Language::JavaScript, Language::Python};
      std::string call[2];
      for (int l = 0; l < 2; ++l)
        call[l] = load_into(host, languages[l], task) + "(" + size.dump() + ")";
      std::vector<double> times[2];
      for (int s = 0; s <= samples; ++s) {  // sample 0 is a warm-up; runtimes interleave
        for (int l = 0; l < 2; ++l) {
          auto start = std::chrono::steady_clock::now();
          Value got = host.eval(languages[l], call[l]);
          double ms =
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count();
          if (!checksum_matches(got, expected))
            throw std::runtime_error(std::string(language_name(languages[l])) + " returned " +
                                     got.repr() + ", expected " + expected.dump());
          if (s > 0) times[l].push_back(ms);
        }
      }
      for (int l = 0; l < 2; ++l) medians[l] = median(times[l]);
    } catch (const ScriptError& e) {
      std::fprintf(stderr, "twinhost bench: task '%s': %s\n%s\n", task.name.c_str(), e.what(),
                   e.stack().c_str());
      ++failures;
      continue;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "twinhost bench: task '%s': %s\n", task.name.c_str(), e.what());
      ++failures;
      continue;
    }
    std::printf("%-16s %10s %14.3f %14.3f %8.2f\n", task.name.c_str(), size.dump().c_str(),
                medians[0], medians[1], medians[1] / medians[0]);
  }
  std::printf("(median of %d samples after one warm-up, both runtimes in this one process)\n",
              samples);
  return failures ? 1 : 0;
}

}  // namespace twinhost::cli
