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

// "12.345 ±0.021": the median in ms and the larger half of its 95% interval.
std::string time_cell(const Series* s) {
  if (!s) return "-";
  if (s->status != "ok") return s->status;
  const Summary& m = s->summary;
  double half = std::max(m.median - m.median_ci.low, m.median_ci.high - m.median);
  return format("%.4g ±%.2g", m.median / 1e6, half / 1e6);
}

std::string ratio_cell(const Series* num, const Series* den) {
  if (!num || !den || num->status != "ok" || den->status != "ok") return "-";
  Ratio r = ratio_of_medians(num->ns, den->ns);
  return format("%.2f [%.2f-%.2f]", r.value, r.ci.low, r.ci.high);
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

std::vector<std::string> warnings(const std::vector<TaskResult>& results) {
  std::vector<std::string> out;
  for (const auto& r : results)
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

nlohmann::json summary_json(const Summary& s) {
  return {{"samples", s.samples},  {"median_ns", s.median},
          {"mean_ns", s.mean},     {"stddev_ns", s.stddev},
          {"cov", s.cov},          {"min_ns", s.min},
          {"max_ns", s.max},       {"median_ci95_ns", {s.median_ci.low, s.median_ci.high}},
          {"outliers", s.outliers}};
}

// How the series were isolated, for the table's footer.
std::string isolation_text(const Settings& settings) {
  if (settings.isolation == "in-process") return "one host process";
  if (settings.processes == 1) return "a host process per series";
  return "pooled from " + std::to_string(settings.processes) +
         " host processes per series (warm-up in each)";
}

}  // namespace

void print_table(const std::vector<TaskResult>& results, const Settings& settings, std::FILE* out) {
  auto h = header(settings);
  auto body = rows(results, settings);
  std::vector<std::size_t> widths(h.size());
  for (std::size_t i = 0; i < h.size(); ++i) widths[i] = h[i].size();
  for (const auto& row : body)
    for (std::size_t i = 0; i < row.cells.size(); ++i)
      widths[i] = std::max(widths[i], row.cells[i].size());
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i)
      std::fprintf(out, i < 2 ? "%-*s  " : "%*s  ", static_cast<int>(widths[i]), cells[i].c_str());
    std::fputc('\n', out);
  };
  line(h);
  for (const auto& row : body) line(row.cells);
  std::fprintf(
      out,
      "median per run ±95%% CI (bootstrap) in ms; py/node = python time / node time [95%% CI];\n"
      "%d samples after %d warm-up, each >= %.0f ms, runtimes interleaved, %s\n",
      settings.samples, settings.warmup, settings.min_time_ms, isolation_text(settings).c_str());
  for (const auto& w : warnings(results)) std::fprintf(out, "warning: %s\n", w.c_str());
}

std::string markdown(const std::vector<TaskResult>& results, const Settings& settings) {
  std::ostringstream out;
  auto h = header(settings);
  auto cells = [&](const std::vector<std::string>& c) {
    out << "|";
    for (const auto& x : c) out << " " << x << " |";
    out << "\n";
  };
  cells(h);
  out << "|";
  for (std::size_t i = 0; i < h.size(); ++i) out << (i < 2 ? "---|" : "---:|");
  out << "\n";
  for (const auto& row : rows(results, settings)) cells(row.cells);
  for (const auto& w : warnings(results)) out << "\n> warning: " << w << "\n";
  return out.str();
}

nlohmann::json to_json(const std::vector<TaskResult>& results, const Settings& settings) {
  Versions v = versions();
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json series = nlohmann::json::array();
    for (const auto& s : r.series) {
      nlohmann::json j = {{"runtime", s.runtime}, {"stock", s.stock}, {"status", s.status}};
      if (s.status != "ok") j["error"] = s.error;
      j["runs_per_sample"] = s.inner;
      j["samples_ns"] = s.ns;
      if (s.status == "ok") j["stats"] = summary_json(s.summary);
      series.push_back(j);
    }
    nlohmann::json t = {{"task", r.task.name}, {"size", r.size}, {"series", series}};
    if (r.task.problem.empty()) {
      t["category"] = r.task.spec.value("category", "");
      t["description"] = r.task.spec.value("description", "");
    }
    const Series *py = r.find("python", false), *node = r.find("node", false);
    if (py && node && py->status == "ok" && node->status == "ok") {
      Ratio ratio = ratio_of_medians(py->ns, node->ns);
      t["python_over_node"] = {{"ratio", ratio.value}, {"ci95", {ratio.ci.low, ratio.ci.high}}};
    }
    tasks.push_back(t);
  }
  std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return {{"schema", kSchema},
          {"created", stamp},
          {"machine", machine()},
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
            {"processes", settings.processes},
            {"stock", settings.stock},
            {"runtimes", settings.runtimes},
            {"task_dir", settings.task_dir}}},
          {"tasks", tasks}};
}

int compare(const std::string& path_a, const std::string& path_b) {
  auto load = [](const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    nlohmann::json j = nlohmann::json::parse(in);
    if (j.value("schema", "") != kSchema)
      throw std::runtime_error(path + " has schema '" + j.value("schema", "none") +
                               "', this twinhost reads '" + kSchema + "'");
    std::map<std::string, std::vector<double>> series;
    for (const auto& t : j["tasks"])
      for (const auto& s : t["series"]) {
        if (s["status"] != "ok") continue;
        std::string key = t["task"].get<std::string>() + " " + s["runtime"].get<std::string>() +
                          (s["stock"].get<bool>() ? " (stock)" : "");
        // A series with fewer than two samples has no median to compare, nor a spread.
        if (s["samples_ns"].size() < 2) {
          std::fprintf(stderr, "twinhost bench compare: %s: '%s' has %zu samples, skipped\n",
                       path.c_str(), key.c_str(), s["samples_ns"].size());
          continue;
        }
        series[key] = s["samples_ns"].get<std::vector<double>>();
      }
    return series;
  };
  std::map<std::string, std::vector<double>> a, b;
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
    Ratio r = ratio_of_medians(b[key], a[key]);
    double p = mann_whitney_p(a[key], b[key]);
    bool significant = p < 0.05 && std::fabs(r.value - 1) > 0.01;
    std::string verdict = !significant  ? "no significant change"
                          : r.value < 1 ? "faster"
                                        : "slower";
    std::printf("%-32s %12.3f %12.3f %8.3f [%.3f-%.3f] %8.4f  %s\n", key.c_str(),
                median(a[key]) / 1e6, median(b[key]) / 1e6, r.value, r.ci.low, r.ci.high, p,
                verdict.c_str());
    std::string runtime = key.substr(key.find(' ') + 1);
    logs[runtime].first += std::log(r.value);
    logs[runtime].second += 1;
  }
  for (const auto& [runtime, acc] : logs)
    std::printf("geometric mean B/A, %s: %.3f over %d tasks\n", runtime.c_str(),
                std::exp(acc.first / acc.second), acc.second);
  std::printf(
      "B/A < 1: B is faster. Mann-Whitney U, two-sided; significant when p < 0.05 and the change > "
      "1%%.\n");
  return 0;
}

}  // namespace twinhost::bench
