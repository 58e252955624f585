// `twinhost bench`: the identical-task suite. Each task runs in Node and in Python with
// one timing loop (scripts/bench/worker.*): calibrated samples, runtimes interleaved, every
// checksum verified, a time limit per call; then statistics with confidence intervals.
#include "bench.h"

#include <signal.h>
#include <sys/personality.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>

#include "runner.h"
#include "suite.h"

namespace twinhost::cli {
namespace {

namespace fs = std::filesystem;
constexpr int kMaxRounds = 100;  // --precision adds rounds up to this many
using bench::Series;
using bench::Settings;
using bench::Task;
using bench::TaskResult;

fs::path self_exe() {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  return n > 0 ? fs::path(std::string(exe, static_cast<size_t>(n))) : fs::path("twinhost");
}

// A mixed task's variants from task.json: [{"name", "file"}, ...], the runtime by the
// file's extension. Throws what is wrong with them.
std::vector<bench::Variant> mixed_variants(const Task& task) {
  const nlohmann::json& list = task.spec.value("variants", nlohmann::json());
  if (!list.is_array() || list.empty())
    throw std::runtime_error("a mixed task needs \"variants\": [{\"name\", \"file\"}, ...]");
  std::vector<bench::Variant> variants;
  for (const auto& v : list) {
    if (!v.is_object() || !v.value("name", nlohmann::json()).is_string() ||
        !v.value("file", nlohmann::json()).is_string())
      throw std::runtime_error("each variant is {\"name\": ..., \"file\": ...}, not " + v.dump());
    std::string file = v["file"], extension = fs::path(file).extension().string();
    if (extension != ".js" && extension != ".mjs" && extension != ".py")
      throw std::runtime_error("variant '" + v["name"].get<std::string>() + "': " + file +
                               " is not a .js or .py file (the extension names its runtime)");
    variants.push_back({v["name"], file, extension == ".py" ? "python" : "node"});
  }
  return variants;
}

Task load_task(const fs::path& dir) {
  Task task{dir.filename().string(), dir, {}, {}, {}};
  if (!fs::is_regular_file(dir / "task.json")) {
    task.problem = "missing " + (dir / "task.json").string();
    return task;
  }
  std::ifstream in(dir / "task.json");
  try {
    task.spec = nlohmann::json::parse(in);
    for (const char* key : {"sizes", "checksums"})
      if (!task.spec.contains(key) || !task.spec[key].is_object())
        throw std::runtime_error(std::string("no \"") + key + "\" object");
    if (task.mixed())
      task.variants = mixed_variants(task);
    else
      task.variants = {bench::Variant{"", "task.js", "node"},
                       bench::Variant{"", "task.py", "python"}};
    if (task.mixed() && std::none_of(task.variants.begin(), task.variants.end(),
                                     [&](const auto& v) { return v.name == task.baseline(); }))
      throw std::runtime_error("\"baseline\": no variant named '" + task.baseline() + "'");
  } catch (const std::exception& e) {
    task.problem = (dir / "task.json").string() + ": " + e.what();
    return task;
  }
  for (const auto& variant : task.variants)
    if (!fs::is_regular_file(dir / variant.file)) {
      task.problem = "missing " + (dir / variant.file).string();
      break;
    }
  return task;
}

std::vector<Task> discover(const Settings& settings, const std::vector<std::string>& only,
                           const std::vector<std::string>& categories) {
  std::error_code ec;
  fs::directory_iterator it(settings.task_dir, ec);
  if (ec)
    throw std::runtime_error("cannot read --task-dir " + settings.task_dir + ": " + ec.message());
  std::vector<fs::path> dirs;
  for (const auto& entry : it) {
    char first = entry.path().filename().string()[0];
    // Folders named _x or .x hold what tasks share (scripts/tasks/_lcg), not tasks.
    if (entry.is_directory() && first != '_' && first != '.') dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& name : only)
    if (std::none_of(dirs.begin(), dirs.end(),
                     [&](const fs::path& d) { return d.filename() == name; }))
      throw std::runtime_error("unknown task '" + name + "' (not a folder of " + settings.task_dir +
                               ")");
  std::vector<Task> tasks;
  for (const auto& dir : dirs) {
    std::string name = dir.filename().string();
    if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
    Task task = load_task(dir);
    if (!categories.empty() && task.problem.empty() &&
        std::find(categories.begin(), categories.end(), task.spec.value("category", "")) ==
            categories.end())
      continue;
    tasks.push_back(std::move(task));
  }
  if (tasks.empty()) throw std::runtime_error("no task matches in " + settings.task_dir);
  return tasks;
}

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)) {}
  ~Progress() { clear(); }
  void show(const std::string& text) {
    if (!enabled_) return;
    std::fprintf(stderr, "\r\033[K%s", text.c_str());
    std::fflush(stderr);
  }
  void clear() { show(""); }

 private:
  bool enabled_;
};

// One series' worker, and the task file it loaded.
struct Live {
  Series* series;
  std::unique_ptr<bench::Runner> runner;
  std::string file;
};

void fail(Series& series, const char* status, std::string error) {
  series.status = status;
  series.error = std::move(error);
}

std::string error_text(const nlohmann::json& reply) {
  std::string text = reply.value("error", "Error") + ": " + reply.value("message", "");
  std::string stack = reply.value("stack", "");
  return stack.empty() ? text : text + "\n" + stack;
}

// Sends a sample request; checks the checksum. Returns false (and marks the series) on failure.
bool sample(Live& live, long inner, const nlohmann::json& expected, const Settings& settings,
            double* ns) {
  try {
    nlohmann::json reply =
        live.runner->call({{"cmd", "sample"}, {"inner", inner}}, settings.timeout_s);
    if (reply.contains("error")) {
      fail(*live.series, "error", error_text(reply));
      return false;
    }
    if (reply.value("file", "") != live.file) {  // a worker answering for another series
      fail(*live.series, "error",
           "the worker answered for " + reply.value("file", "?") + ", not " + live.file);
      return false;
    }
    if (reply["checksum"] != expected) {
      fail(*live.series, "checksum",
           "returned " + reply["checksum"].dump() + ", task.json expects " + expected.dump());
      return false;
    }
    *ns = reply["ns"].get<double>();
    return true;
  } catch (const bench::Timeout& e) {
    fail(*live.series, "timeout", e.what());
  } catch (const std::exception& e) {
    fail(*live.series, "error", e.what());
  }
  return false;
}

// A worker process: under the stock binary for --stock series, else under twinhost.
std::vector<std::string> worker_argv(const Series& series, const std::string& node,
                                     const std::string& python) {
  bool js = series.runtime == "node";
  std::string worker = (data_dir("bench") / (js ? "worker.js" : "worker.py")).string();
  if (!series.stock) return {self_exe().string(), worker};  // reads TWINHOST_NODE_FLAGS itself
  if (!js) return {python, worker};
  std::vector<std::string> argv{node};
  if (const char* extra = std::getenv("TWINHOST_NODE_FLAGS")) {  // the same flags as the host's
    std::istringstream words(extra);
    argv.insert(argv.end(), std::istream_iterator<std::string>(words), {});
  }
  argv.push_back(worker);
  return argv;
}

// A task's series, not run yet; failed at once if task.json lacks the size. A mixed
// task has no stock series: a stock binary has no twinhost to cross with.
TaskResult new_task_result(const Task& task, const Settings& settings) {
  TaskResult result{task, task.spec["sizes"].value(settings.size, nlohmann::json()), {}, {}};
  for (bool stock : {false, true}) {
    if (stock && (!settings.stock || task.mixed())) continue;
    for (const auto& runtime : settings.runtimes)
      for (const auto& variant : task.variants) {
        if (variant.runtime != runtime) continue;
        Series s;
        s.runtime = runtime;
        s.variant = variant.name;
        s.file = variant.file;
        s.stock = stock;
        result.series.push_back(s);
      }
  }
  result.expected = task.spec["checksums"].value(settings.size, nlohmann::json());
  if (result.size.is_null() || result.expected.is_null())
    for (auto& s : result.series)
      fail(s, "error", "task.json has no size or checksum named '" + settings.size + "'");
  return result;
}

// One round of a task: fresh runners (a fresh Node environment and Python namespace, or
// fresh processes), calibration in the first round only, warm-up, then `samples` each.
void run_round(TaskResult& result, const Settings& settings, const std::string& node,
               const std::string& python, Progress& progress, int round, int samples) {
  const bool first = round == 0;
  const Task& task = result.task;
  const nlohmann::json& expected = result.expected;
  {
    std::unique_ptr<Host> host =
        settings.isolation == "in-process" ? std::make_unique<Host>() : nullptr;
    std::vector<Live> live;
    for (auto& s : result.series) {
      if (s.status != "ok") continue;
      try {
        bool js = s.runtime == "node";
        std::string file = fs::absolute(task.dir / s.file).string();
        Live l{&s, nullptr, file};
        if (host && !s.stock) {
          std::string worker = (data_dir("bench") / (js ? "worker.js" : "worker.py")).string();
          l.runner =
              bench::in_process_runner(*host, js ? Language::JavaScript : Language::Python, worker);
        } else {
          l.runner = bench::process_runner(worker_argv(s, node, python));
        }
        nlohmann::json reply = l.runner->call(
            {{"cmd", "load"}, {"file", file}, {"size", result.size}}, settings.timeout_s);
        if (reply.contains("error")) {
          fail(s, "error", error_text(reply));
          continue;
        }
        live.push_back(std::move(l));
      } catch (const bench::Timeout& e) {
        fail(s, "timeout", e.what());
      } catch (const std::exception& e) {
        fail(s, "error", e.what());
      }
    }

    // Calibrate: grow the runs per sample until a sample lasts min_time_ms.
    const double min_ns = settings.min_time_ms * 1e6;
    for (auto& l : live) {
      if (!first) break;
      progress.show(task.name + ": calibrating " + l.series->label());
      double ns = 0;
      for (long inner = 1;;) {
        if (!sample(l, inner, expected, settings, &ns)) break;
        l.series->inner = inner;
        if (ns >= min_ns || inner >= (1L << 30)) break;
        inner = std::max(inner * 2,
                         static_cast<long>(std::ceil(inner * min_ns / std::max(ns, 1.0) * 1.1)));
      }
    }
    // Warm-up, then samples; the series take turns so drift hits all of them alike.
    for (int turn = 0; turn < settings.warmup + samples; ++turn) {
      for (auto& l : live) {
        if (l.series->status != "ok") continue;
        progress.show(task.name + ": " + l.series->label() + " sample " +
                      std::to_string(l.series->ns.size() + 1));
        double ns = 0;
        if (sample(l, l.series->inner, expected, settings, &ns) && turn >= settings.warmup) {
          l.series->ns.push_back(ns / l.series->inner);
          l.series->rounds.push_back(round);
        }
      }
    }
    live.clear();  // workers end before the Host
  }
}

}  // namespace

fs::path data_dir(const char* what) {
  fs::path installed = self_exe().parent_path() / ".." / "share" / "twinhost" / what;
  if (fs::is_directory(installed)) return fs::canonical(installed);
  return fs::path(TWINHOST_SOURCE_DIR) / "scripts" / what;
}

int run_bench(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "compare") {
    if (args.size() != 3) {
      std::fprintf(stderr, "twinhost bench compare: usage: twinhost bench compare A.json B.json\n");
      return 2;
    }
    return bench::compare(args[1], args[2]);
  }
  Settings settings;
  settings.task_dir = data_dir("tasks").string();
  CLI::App app{
      "twinhost bench: identical tasks in Node.js and Python, one process, with statistics"};
  bool quick = false, no_progress = false, markdown = false;
  std::vector<std::string> only, categories;
  std::string json_path, node = "/usr/bin/node", python = TWINHOST_PYTHON_EXECUTABLE;
  app.add_flag("--quick", quick, "each task's quick size, fewer samples (the README's main job)");
  app.add_option("--size", settings.size, "size name from task.json")->capture_default_str();
  app.add_option("--tasks", only, "only these tasks (comma-separated)")->delimiter(',');
  app.add_option("--category", categories, "only tasks of these categories")->delimiter(',');
  app.add_option("--runtimes", settings.runtimes, "node, python or both")
      ->delimiter(',')
      ->check(CLI::IsMember({"node", "python"}))
      ->capture_default_str();
  app.add_option("--task-dir", settings.task_dir,
                 "folder of tasks: NAME/task.js, task.py, task.json")
      ->capture_default_str();
  auto* samples = app.add_option("--samples", settings.samples, "timed samples per series")
                      ->check(CLI::Range(2, 10000))
                      ->capture_default_str();
  auto* warmup = app.add_option("--warmup", settings.warmup, "samples run and discarded first")
                     ->check(CLI::Range(0, 1000))
                     ->capture_default_str();
  auto* min_time = app.add_option("--min-time", settings.min_time_ms, "ms a sample lasts at least")
                       ->check(CLI::PositiveNumber)
                       ->capture_default_str();
  app.add_option("--timeout", settings.timeout_s,
                 "seconds one sample may take before the task is stopped")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  auto* isolation =
      app.add_option(
             "--isolation", settings.isolation,
             "in-process (one host process, a fresh environment per task) or process (a fresh "
             "host process per series)")
          ->check(CLI::IsMember({"in-process", "process"}))
          ->capture_default_str();
  app.add_flag("--stock", settings.stock,
               "also run each task in stock node and python3 (host/stock ratios)");
  app.add_option("--node", node, "the stock node for --stock")->capture_default_str();
  app.add_option("--python", python, "the stock python for --stock")->capture_default_str();
  app.add_option("--json", json_path, "write the run (settings, machine, every sample) as JSON");
  app.add_flag("--markdown", markdown, "print a Markdown table instead of the text table");
  app.add_flag("--no-progress", no_progress, "no progress line on stderr");
  auto* rounds =
      app.add_option("--rounds", settings.rounds,
                     "independent rounds over all tasks, each with fresh Hosts (or fresh "
                     "processes): intervals are over rounds, none from fewer than 2 (--quick: 4)")
          ->check(CLI::Range(1, 100))
          ->capture_default_str();
  int processes = 0;
  auto* processes_option =
      app.add_option("--processes", processes,
                     "shorthand for --isolation process --rounds N: each round in fresh host "
                     "processes")
          ->check(CLI::Range(1, 100));
  app.add_option("--precision", settings.precision,
                 "adaptive: after --rounds, add rounds (of the tasks not yet precise) until every "
                 "ratio's 95% interval is within this fraction of it (0.02: +-2%), or --budget "
                 "runs out")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--budget", settings.budget_s, "seconds the adaptive rounds may take in all")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  bool fixed_layout = false;
  app.add_flag("--fixed-layout", fixed_layout,
               "repeatable runs: no address-space randomisation, PYTHONHASHSEED=0, and V8 "
               "without concurrent recompilation (TWINHOST_NODE_FLAGS)");
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line and status 2, as for every other usage error of twinhost.
    std::fprintf(stderr, "twinhost: bench: %s (see 'twinhost bench --help')\n", e.what());
    return 2;
  }
  if (fixed_layout && !std::getenv("TWINHOST_BENCH_FIXED_LAYOUT")) {
    // Re-executes this process (and so its workers) with a fixed layout.
    setenv("TWINHOST_BENCH_FIXED_LAYOUT", "1", 1);
    setenv("PYTHONHASHSEED", "0", 0);
    // V8 compiles optimised code on a background thread by default; when it lands depends
    // on thread timing, which made some JS series bimodal from one run to the next.
    setenv("TWINHOST_NODE_FLAGS", "--no-concurrent-recompilation", 0);
    personality(ADDR_NO_RANDOMIZE);
    std::string exe = self_exe().string();
    std::vector<std::string> argv{exe, "bench"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> raw;
    for (auto& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    execv(exe.c_str(), raw.data());
    std::fprintf(stderr, "twinhost bench: cannot re-execute %s: %s\n", exe.c_str(),
                 std::strerror(errno));
    return 2;
  }
  if (processes_option->count() > 0) {
    if (rounds->count() > 0 || (isolation->count() > 0 && settings.isolation != "process")) {
      std::fprintf(stderr,
                   "twinhost: bench: --processes N means --isolation process --rounds N: give "
                   "one or the other (see 'twinhost bench --help')\n");
      return 2;
    }
    settings.isolation = "process";
    settings.rounds = processes;
  }
  if (quick) {
    settings.size = "quick";
    if (samples->count() == 0) settings.samples = 12;
    if (warmup->count() == 0) settings.warmup = 3;
    if (min_time->count() == 0) settings.min_time_ms = 40;
    if (rounds->count() == 0 && processes_option->count() == 0) settings.rounds = 4;
    if (isolation->count() == 0) settings.isolation = "process";
  }
  settings.rounds = std::min(settings.rounds, settings.samples);
  signal(SIGPIPE, SIG_IGN);  // a worker that dies is an error, not the end of the harness

  std::vector<Task> tasks;
  try {
    tasks = discover(settings, only, categories);
    if (!json_path.empty()) {  // fail now, not after the whole run
      std::ofstream probe(json_path, std::ios::app);
      if (!probe)
        throw std::runtime_error("cannot write --json " + json_path + ": " + std::strerror(errno));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "twinhost bench: %s\n", e.what());
    return 2;
  }

  std::vector<TaskResult> results;
  int failures = 0;
  for (const auto& task : tasks) {
    if (!task.problem.empty()) {
      TaskResult broken{task, {}, {}, {}};
      Series s;
      s.runtime = "-";
      fail(s, "error", task.problem);
      broken.series.push_back(s);
      results.push_back(broken);
      continue;
    }
    results.push_back(new_task_result(task, settings));
  }
  // How quiet the machine is before the run (half a second idle), then during each round.
  bench::Conditions conditions = bench::quiet_period(0.5);
  {
    // The samples come from K rounds, each over all tasks with fresh Hosts or processes:
    // what a round settles in (hash seed, memory layout, JIT timing) and slow drift of the
    // machine vary between rounds, and the intervals are over rounds (stats.h), as with
    // pyperf's worker processes.
    Progress progress(!no_progress);
    const int rounds = settings.rounds;
    // Each round's processes get fixed hash seeds (1, 2, ... K) unless the user (or
    // --fixed-layout) chose one: a dict- or Map-heavy task's time depends on the seed by
    // up to 15% here, so random seeds made two runs disagree; fixed ones make them
    // repeatable, and K of them keep one seed's layout from standing for all.
    const char* python_seed = std::getenv("PYTHONHASHSEED");
    const bool seed_python = rounds > 1 && !python_seed;
    const std::string node_flags =
        std::getenv("TWINHOST_NODE_FLAGS") ? std::getenv("TWINHOST_NODE_FLAGS") : "";
    const bool seed_node = rounds > 1 && node_flags.find("hash-seed") == std::string::npos;
    const auto started = std::chrono::steady_clock::now();
    const int per_round = (settings.samples + rounds - 1) / rounds;
    for (int r = 0;; ++r) {
      // After the fixed rounds, --precision adds rounds until the ratios are precise.
      const bool extra = r >= rounds;
      if (extra) {
        if (settings.precision <= 0) break;
        if (std::all_of(results.begin(), results.end(), [&](const TaskResult& result) {
              return !result.task.problem.empty() || bench::precise(result, settings.precision);
            })) {
          settings.stop_reason = "every ratio is within the precision";
          break;
        }
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() >=
            settings.budget_s) {
          settings.stop_reason = "the budget ran out before every ratio was within the precision";
          break;
        }
        if (r >= kMaxRounds) {
          settings.stop_reason = "stopped at " + std::to_string(kMaxRounds) + " rounds";
          break;
        }
      }
      if (seed_python) setenv("PYTHONHASHSEED", std::to_string(r + 1).c_str(), 1);
      if (seed_node)
        setenv("TWINHOST_NODE_FLAGS",
               (node_flags + " --hash-seed=" + std::to_string(r + 1)).c_str(), 1);
      int samples =
          extra ? per_round : settings.samples / rounds + (r < settings.samples % rounds ? 1 : 0);
      bench::CpuTimes start = bench::cpu_times();
      for (auto& result : results)
        if (result.task.problem.empty() && !(extra && bench::precise(result, settings.precision)))
          run_round(result, settings, node, python, progress, r, samples);
      conditions.rounds.push_back(bench::load_between(start, bench::cpu_times()));
      settings.rounds_run = r + 1;
    }
  }
  for (auto& result : results)
    for (auto& s : result.series)
      if (s.status == "ok" && !s.ns.empty()) s.summary = bench::summarize(s.ns, s.rounds);
  if (markdown)
    std::fputs(bench::markdown(results, settings, conditions).c_str(), stdout);
  else
    bench::print_table(results, settings, conditions, stdout);
  std::fflush(stdout);
  for (const auto& r : results) {
    for (const auto& s : r.series) {
      if (s.status == "ok") continue;
      ++failures;
      std::fprintf(stderr, "twinhost bench: task '%s' (%s): %s: %s\n", r.task.name.c_str(),
                   s.label().c_str(), s.status.c_str(), s.error.c_str());
    }
  }
  if (!json_path.empty()) {
    std::ofstream out(json_path, std::ios::trunc);
    out << bench::to_json(results, settings, conditions).dump(1) << "\n";
    if (!out) {
      std::fprintf(stderr, "twinhost bench: cannot write %s\n", json_path.c_str());
      return 2;
    }
  }
  return failures ? 1 : 0;
}

}  // namespace twinhost::cli
