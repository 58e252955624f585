#include "machine_load.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace twinhost::bench {

CpuTimes cpu_times() {
  CpuTimes t;
  std::ifstream stat("/proc/stat");
  std::string line;
  if (!std::getline(stat, line) || line.rfind("cpu ", 0) != 0) return t;
  std::istringstream fields(line.substr(4));
  // user nice system idle iowait irq softirq steal (guest time is inside user already)
  unsigned long long value[8] = {};
  for (auto& v : value) fields >> v;
  for (auto v : value) t.total += v;
  t.idle = value[3] + value[4];
  t.steal = value[7];
  return t;
}

Load load_between(const CpuTimes& start, const CpuTimes& end) {
  Load load;
  if (end.total <= start.total) return load;
  const double total = static_cast<double>(end.total - start.total);
  load.busy = 1 - static_cast<double>(end.idle - start.idle) / total;
  load.steal = static_cast<double>(end.steal - start.steal) / total;
  return load;
}

Conditions quiet_period(double seconds) {
  Conditions c;
  std::ifstream("/proc/loadavg") >> c.loadavg;
  CpuTimes start = cpu_times();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  c.before = load_between(start, cpu_times());
  return c;
}

}  // namespace twinhost::bench
