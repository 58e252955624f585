// What `twinhost bench` prints and writes: the table, Markdown, JSON, and `compare`.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>

#include "suite.h"
#include "twinhost/version.h"

namespace twinhost::bench {
namespace {

std::string format(const char* pattern, double a, double b = 0, double c = 0) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, pattern, a, b, c);
  return buffer;
}

// "12.345 ±0.021": the series' time in ms and the larger half of its 95% interval ("±?"
// from a single round: no interval).
std::string time_cell(const Series* s) {
  if (!s) return "-";
  if (s->status != "ok") return s->status;
  const Estimate& c = s->summary.center;
  if (!c.has_ci()) return format("%.4g ±?", c.value / 1e6);
  double half = std::max(c.value - c.ci.low, c.ci.high - c.value);
  return format("%.4g ±%.2g", c.value / 1e6, half / 1e6);
}

Estimate ratio_of(const Series* num, const Series* den) {
  if (!num || !den || num->status != "ok" || den->status != "ok") return {};
  return paired_ratio(num->ns, num->rounds, den->ns, den->rounds);
}

// "1.23 [1.20-1.26]"; a trailing "~" marks a ratio that is not decision-grade (stats.h).
std::string ratio_cell(const Series* num, const Series* den) {
  Estimate r = ratio_of(num, den);
  if (std::isnan(r.value)) return "-";
  if (!r.has_ci()) return format("%.2f [?] ~", r.value);
  return format("%.2f [%.2f-%.2f]", r.value, r.ci.low, r.ci.high) +
         (decision_grade(r) ? "  " : " ~");
}

struct Row {
  std::vector<std::string> cells;
};

std::vector<std::string> header(const Settings& settings) {
  std::vector<std::string> h{"task", "size"};
  for (const auto& rt : settings.runtimes) h.push_back(rt + " ms");
  if (settings.runtimes.size() == 2) h.push_back("py/node");
  for (const auto& rt : settings.runtimes) h.push_back("CoV " + rt);
  if (settings.stock)
    for (const auto& rt : settings.runtimes) h.push_back(rt + " host/stock");
  return h;
}

std::vector<Row> rows(const std::vector<TaskResult>& results, const Settings& settings) {
  std::vector<Row> out;
  for (const auto& r : results) {
    if (r.task.mixed()) continue;
    Row row{{r.task.name, r.size.is_null() ? "-" : r.size.dump()}};
    for (const auto& rt : settings.runtimes) row.cells.push_back(time_cell(r.find(rt, false)));
    if (settings.runtimes.size() == 2)
      row.cells.push_back(ratio_cell(r.find("python", false), r.find("node", false)));
    for (const auto& rt : settings.runtimes) {
      const Series* s = r.find(rt, false);
      row.cells.push_back(s && s->status == "ok" ? format("%.1f%%", s->summary.cov * 100) : "-");
    }
    if (settings.stock)
      for (const auto& rt : settings.runtimes)
        row.cells.push_back(ratio_cell(r.find(rt, false), r.find(rt, true)));
    out.push_back(row);
  }
  return out;
}

// The interop experiments (mixed tasks): one row per variant, with its ratio to the
// task's baseline variant.
const std::vector<std::string> kMixedHeader{"mixed task", "size",        "variant", "entry",
                                            "ms",         "vs baseline", "CoV"};

std::vector<Row> mixed_rows(const std::vector<TaskResult>& results) {
  std::vector<Row> out;
  for (const auto& r : results) {
    if (!r.task.mixed() || !r.task.problem.empty()) continue;
    const Series* baseline = r.find_variant(r.task.baseline());
    for (const auto& s : r.series) {
      bool is_baseline = s.variant == r.task.baseline();
      out.push_back({{r.task.name, r.size.is_null() ? "-" : r.size.dump(), s.variant, s.runtime,
                      time_cell(&s), is_baseline ? "(baseline)" : ratio_cell(&s, baseline),
                      s.status == "ok" ? format("%.1f%%", s.summary.cov * 100) : "-"}});
    }
  }
  return out;
}

bool any_mixed(const std::vector<TaskResult>& results) {
  for (const auto& r : results)
    if (r.task.mixed()) return true;
  return false;
}

// The rounds the run had (--precision may add some to --rounds).
int rounds_of(const Settings& settings) {
  return settings.rounds_run > 0 ? settings.rounds_run : settings.rounds;
}

std::string percent(double share) { return format("%.1f%%", share * 100); }

// The machine's conditions in one line: before the run, and the stolen share per round.
std::string conditions_text(const Conditions& c) {
  std::string text = "machine: before the run " + percent(c.before.busy) +
                     " of the CPU busy (load " + format("%.2f", c.loadavg) + "), " +
                     percent(c.before.steal) + " stolen by the hypervisor";
  if (c.rounds.empty()) return text;
  double low = 1, high = 0;
  for (const auto& round : c.rounds) {
    low = std::min(low, round.steal);
    high = std::max(high, round.steal);
  }
  return text + "; stolen during the rounds " + percent(low) + "-" + percent(high);
}

std::vector<std::string> warnings(const std::vector<TaskResult>& results, const Settings& settings,
                                  const Conditions& conditions) {
  std::vector<std::string> out;
  // Others' work and the hypervisor's share are noise this run cannot remove.
  if (conditions.before.busy > 0.25)
    out.push_back("the machine was busy before the run (" + percent(conditions.before.busy) +
                  " of its CPU, load " + format("%.2f", conditions.loadavg) +
                  "): expect noise, and wide intervals");
  for (std::size_t r = 0; r < conditions.rounds.size(); ++r)
    if (conditions.rounds[r].steal > 0.05)
      out.push_back("the hypervisor took " + percent(conditions.rounds[r].steal) +
                    " of the CPU time in round " + std::to_string(r + 1) + ": expect noise");
  if (settings.stock && any_mixed(results))
    out.push_back(
        "--stock: mixed tasks run only in the host (a stock binary has no "
        "twinhost.python or twinhost.js to cross with)");
  if (rounds_of(settings) < 3)
    out.push_back("only " + std::to_string(rounds_of(settings)) +
                  " round(s): intervals need at least 2 rounds and are wide below 5 "
                  "(--rounds)");
  for (const auto& r : results) {
    if (r.task.mixed() && r.task.problem.empty() && r.series.empty())
      out.push_back(r.task.name +
                    ": no variant runs in the selected runtimes (--runtimes); its "
                    "variants' entry runtimes are in task.json");
    // The host should cost nothing: a host/stock interval outside [0.9, 1.1] means it
    // does here, or something in the set-up differs between the two.
    for (const auto& runtime : settings.runtimes) {
      Estimate hs = ratio_of(r.find(runtime, false), r.find(runtime, true));
      if (hs.has_ci() && (hs.ci.low > 1.1 || hs.ci.high < 0.9))
        out.push_back(r.task.name + " " + runtime + " host/stock " +
                      format("%.2f [%.2f-%.2f]", hs.value, hs.ci.low, hs.ci.high) +
                      " is outside [0.9, 1.1]: the host " + (hs.value > 1 ? "costs" : "saves") +
                      " that much here, or the set-up of the two differs");
    }
    for (const auto& s : r.series) {
      if (s.status != "ok") continue;
      if (s.summary.cov > 0.05)
        out.push_back(r.task.name + " " + s.label() + ": noisy, CoV " +
                      format("%.1f%%", s.summary.cov * 100) + " > 5%");
      if (s.summary.samples < 5)
        out.push_back(r.task.name + " " + s.label() + ": only " +
                      std::to_string(s.summary.samples) + " samples, too few to trust");
      if (s.summary.outliers > 0)
        out.push_back(r.task.name + " " + s.label() + ": " + std::to_string(s.summary.outliers) +
                      " outlier sample(s) (MAD)");
    }
  }
  return out;
}

std::string read_first_line(const std::string& command) {
  std::string line;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[256];
    if (std::fgets(buffer, sizeof buffer, pipe)) line = buffer;
    pclose(pipe);
  }
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

nlohmann::json machine() {
  std::string cpu = "unknown";
  std::ifstream info("/proc/cpuinfo");
  for (std::string line; std::getline(info, line);)
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return {{"cpu", cpu}, {"cores", sysconf(_SC_NPROCESSORS_ONLN)}, {"memory_bytes", pages * page}};
}

// An estimate as JSON: its value, its interval (null without one) and its rounds.
nlohmann::json estimate_json(const Estimate& e) {
  return {{"value", e.value},
          {"ci95", e.has_ci() ? nlohmann::json{e.ci.low, e.ci.high} : nlohmann::json()},
          {"rounds", e.rounds},
          {"decision_grade", decision_grade(e)}};
}

nlohmann::json load_json(const Load& load) { return {{"busy", load.busy}, {"steal", load.steal}}; }

nlohmann::json summary_json(const Summary& s) {
  return {{"samples", s.samples},  {"median_ns", s.median},
          {"mean_ns", s.mean},     {"stddev_ns", s.stddev},
          {"cov", s.cov},          {"min_ns", s.min},
          {"max_ns", s.max},       {"center_ns", estimate_json(s.center)},
          {"outliers", s.outliers}};
}

// How the rounds were isolated, for the table's footer.
std::string isolation_text(const Settings& settings) {
  std::string rounds = std::to_string(rounds_of(settings)) + " round(s)";
  if (settings.isolation == "in-process")
    return rounds + " in one host process, each with a fresh Host (warm-up in each)";
  return rounds + ", each in fresh host processes (warm-up in each)";
}

}  // namespace

// A text table: the first `left` columns left-aligned, the others right-aligned.
void print_rows(const std::vector<std::string>& h, const std::vector<Row>& body, std::size_t left,
                std::FILE* out) {
  std::vector<std::size_t> widths(h.size());
  for (std::size_t i = 0; i < h.size(); ++i) widths[i] = h[i].size();
  for (const auto& row : body)
    for (std::size_t i = 0; i < row.cells.size(); ++i)
      widths[i] = std::max(widths[i], row.cells[i].size());
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i)
      std::fprintf(out, i < left ? "%-*s  " : "%*s  ", static_cast<int>(widths[i]),
                   cells[i].c_str());
    std::fputc('\n', out);
  };
  line(h);
  for (const auto& row : body) line(row.cells);
}

bool precise(const TaskResult& r, double precision) {
  auto within = [&](const Estimate& e) {
    return e.has_ci() && e.ci.high <= e.value * (1 + precision) &&
           e.ci.low >= e.value * (1 - precision);
  };
  std::vector<Estimate> estimates;
  if (r.task.mixed()) {
    const Series* baseline = r.find_variant(r.task.baseline());
    for (const auto& s : r.series)
      if (s.variant != r.task.baseline()) estimates.push_back(ratio_of(&s, baseline));
  } else {
    estimates.push_back(ratio_of(r.find("python", false), r.find("node", false)));
    for (const auto& runtime : {"node", "python"})
      estimates.push_back(ratio_of(r.find(runtime, false), r.find(runtime, true)));
  }
  bool any = false;
  for (const auto& e : estimates) {
    if (std::isnan(e.value)) continue;  // a ratio this run does not have
    any = true;
    if (!within(e)) return false;
  }
  if (any) return true;
  // No ratio (one runtime): the series' own times.
  for (const auto& s : r.series)
    if (s.status == "ok" && !within(summarize(s.ns, s.rounds).center)) return false;
  return true;
}

void print_table(const std::vector<TaskResult>& results, const Settings& settings,
                 const Conditions& conditions, std::FILE* out) {
  auto body = rows(results, settings);
  if (!body.empty()) print_rows(header(settings), body, 2, out);
  auto mixed = mixed_rows(results);
  if (!mixed.empty()) {
    if (!body.empty()) std::fputc('\n', out);
    print_rows(kMixedHeader, mixed, 4, out);
  }
  std::fprintf(
      out,
      "ms per run: the geometric mean of the rounds' medians ±95%% CI (Student t over rounds);\n"
      "py/node = python time / node time, paired by round [95%% CI]; ? = one round, no CI;\n"
      "~ = not decision-grade: the interval is wider than +-5%% of the ratio;\n"
      "%d samples after %d warm-up, each >= %.0f ms, runtimes interleaved, %s\n%s\n",
      settings.samples, settings.warmup, settings.min_time_ms, isolation_text(settings).c_str(),
      conditions_text(conditions).c_str());
  if (settings.precision > 0)
    std::fprintf(out, "adaptive (--precision %s%%): %d round(s) run; %s\n",
                 format("%.3g", settings.precision * 100).c_str(), settings.rounds_run,
                 settings.stop_reason.c_str());
  for (const auto& w : warnings(results, settings, conditions))
    std::fprintf(out, "warning: %s\n", w.c_str());
}

std::string markdown(const std::vector<TaskResult>& results, const Settings& settings,
                     const Conditions& conditions) {
  std::ostringstream out;
  auto cells = [&](const std::vector<std::string>& c) {
    out << "|";
    for (const auto& x : c) out << " " << x << " |";
    out << "\n";
  };
  auto table = [&](const std::vector<std::string>& h, const std::vector<Row>& body,
                   std::size_t left) {
    if (body.empty()) return;
    cells(h);
    out << "|";
    for (std::size_t i = 0; i < h.size(); ++i) out << (i < left ? "---|" : "---:|");
    out << "\n";
    for (const auto& row : body) cells(row.cells);
    out << "\n";
  };
  table(header(settings), rows(results, settings), 2);
  table(kMixedHeader, mixed_rows(results), 4);
  for (const auto& w : warnings(results, settings, conditions)) out << "\n> warning: " << w << "\n";
  return out.str();
}

nlohmann::json to_json(const std::vector<TaskResult>& results, const Settings& settings,
                       const Conditions& conditions) {
  Versions v = versions();
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json series = nlohmann::json::array();
    for (const auto& s : r.series) {
      nlohmann::json j = {{"runtime", s.runtime}, {"stock", s.stock}, {"status", s.status}};
      if (!s.variant.empty()) {
        j["variant"] = s.variant;
        j["file"] = s.file;
      }
      if (s.status != "ok") j["error"] = s.error;
      j["runs_per_sample"] = s.inner;
      j["samples_ns"] = s.ns;
      j["sample_rounds"] = s.rounds;
      if (s.status == "ok") j["stats"] = summary_json(s.summary);
      series.push_back(j);
    }
    nlohmann::json t = {{"task", r.task.name}, {"size", r.size}, {"series", series}};
    if (r.task.problem.empty()) {
      t["category"] = r.task.spec.value("category", "");
      t["description"] = r.task.spec.value("description", "");
    }
    if (r.task.mixed() && r.task.problem.empty()) {
      t["kind"] = "mixed";
      t["baseline"] = r.task.baseline();
      nlohmann::json over = nlohmann::json::object();
      const Series* baseline = r.find_variant(r.task.baseline());
      for (const auto& s : r.series)
        if (s.variant != r.task.baseline()) over[s.variant] = estimate_json(ratio_of(&s, baseline));
      t["over_baseline"] = over;
    }
    const Series *py = r.find("python", false), *node = r.find("node", false);
    if (py && node && py->status == "ok" && node->status == "ok")
      t["python_over_node"] = estimate_json(ratio_of(py, node));
    for (const auto& runtime : {"node", "python"}) {
      const Series *host = r.find(runtime, false), *stock = r.find(runtime, true);
      if (host && stock && host->status == "ok" && stock->status == "ok")
        t[std::string(runtime) + "_host_over_stock"] = estimate_json(ratio_of(host, stock));
    }
    tasks.push_back(t);
  }
  std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return {{"schema", kSchema},
          {"created", stamp},
          {"machine", machine()},
          {"conditions",
           {{"before", load_json(conditions.before)},
            {"loadavg", conditions.loadavg},
            {"rounds",
             [&] {
               nlohmann::json rounds = nlohmann::json::array();
               for (const auto& r : conditions.rounds) rounds.push_back(load_json(r));
               return rounds;
             }()}}},
          {"versions",
           {{"twinhost", v.twinhost},
            {"node", v.node},
            {"v8", v.v8},
            {"uv", v.uv},
            {"python", v.python}}},
          {"git_commit",
           read_first_line("git -C '" TWINHOST_SOURCE_DIR "' rev-parse HEAD 2>/dev/null")},
          {"settings",
           {{"size", settings.size},
            {"samples", settings.samples},
            {"warmup", settings.warmup},
            {"min_time_ms", settings.min_time_ms},
            {"timeout_s", settings.timeout_s},
            {"isolation", settings.isolation},
            {"rounds", settings.rounds},
            {"precision", settings.precision},
            {"budget_s", settings.budget_s},
            {"rounds_run", settings.rounds_run},
            {"stop_reason", settings.stop_reason},
            {"stock", settings.stock},
            {"runtimes", settings.runtimes},
            {"task_dir", settings.task_dir}}},
          {"tasks", tasks},
          {"warnings", warnings(results, settings, conditions)}};
}

// A series' samples and the round of each, as a run's JSON holds them.
struct Samples {
  std::vector<double> ns;
  std::vector<int> rounds;
  std::string group;  // the geometric means' group: the runtime, or "mixed tasks"
};

int compare(const std::string& path_a, const std::string& path_b) {
  auto load = [](const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    nlohmann::json j = nlohmann::json::parse(in);
    if (j.value("schema", "") != kSchema)
      throw std::runtime_error(path + " has schema '" + j.value("schema", "none") +
                               "', this twinhost reads '" + kSchema +
                               "' (a twinhost-bench/1 run's samples carry no rounds: rerun it)");
    std::map<std::string, Samples> series;
    for (const auto& t : j["tasks"])
      for (const auto& s : t["series"]) {
        if (s["status"] != "ok") continue;
        std::string key = t["task"].get<std::string>() + " " +
                          s.value("variant", s["runtime"].get<std::string>()) +
                          (s["stock"].get<bool>() ? " (stock)" : "");
        // A series with fewer than two samples has no median to compare, nor a spread.
        if (s["samples_ns"].size() < 2) {
          std::fprintf(stderr, "twinhost bench compare: %s: '%s' has %zu samples, skipped\n",
                       path.c_str(), key.c_str(), s["samples_ns"].size());
          continue;
        }
        if (!s.contains("sample_rounds") || s["sample_rounds"].size() != s["samples_ns"].size()) {
          std::fprintf(stderr,
                       "twinhost bench compare: %s: '%s' has no round for each sample, skipped\n",
                       path.c_str(), key.c_str());
          continue;
        }
        series[key] = {
            s["samples_ns"].get<std::vector<double>>(), s["sample_rounds"].get<std::vector<int>>(),
            s.contains("variant")
                ? "mixed tasks"
                : s["runtime"].get<std::string>() + (s["stock"].get<bool>() ? " (stock)" : "")};
      }
    return series;
  };
  std::map<std::string, Samples> a, b;
  try {
    a = load(path_a);
    b = load(path_b);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "twinhost bench compare: %s\n", e.what());
    return 2;
  }
  std::vector<std::string> common;
  for (const auto& [key, unused] : a)
    if (b.count(key)) common.push_back(key);
  if (common.empty()) {
    std::fprintf(stderr,
                 "twinhost bench compare: %s and %s have no task and runtime in common (with "
                 "samples)\n",
                 path_a.c_str(), path_b.c_str());
    return 2;
  }
  std::printf("%-32s %12s %12s %22s %8s  %s\n", "series", "A ms", "B ms", "B/A [95% CI]", "p",
              "verdict");
  std::map<std::string, std::pair<double, int>> logs;  // per runtime: sum of log ratios, count
  for (const auto& key : common) {
    const Samples &sa = a[key], &sb = b[key];
    Change change = unpaired_ratio(sa.ns, sa.rounds, sb.ns, sb.rounds);
    const Estimate& r = change.ratio;
    bool significant = change.p < 0.05 && std::fabs(r.value - 1) > 0.01;
    std::string verdict = std::isnan(change.p) ? "too few rounds to test"
                          : !significant       ? "no significant change"
                          : r.value < 1        ? "faster"
                                               : "slower";
    std::printf("%-32s %12.3f %12.3f %8.3f [%.3f-%.3f] %8.4f  %s\n", key.c_str(),
                summarize(sa.ns, sa.rounds).center.value / 1e6,
                summarize(sb.ns, sb.rounds).center.value / 1e6, r.value, r.ci.low, r.ci.high,
                change.p, verdict.c_str());
    logs[sa.group].first += std::log(r.value);
    logs[sa.group].second += 1;
  }
  for (const auto& [runtime, acc] : logs)
    std::printf("geometric mean B/A, %s: %.3f over %d tasks\n", runtime.c_str(),
                std::exp(acc.first / acc.second), acc.second);
  std::printf(
      "B/A < 1: B is faster. Welch's t-test over the runs' rounds (log round medians), "
      "two-sided;\nsignificant when p < 0.05 and the change > 1%%.\n");
  return 0;
}

}  // namespace twinhost::bench
