// How quiet the machine is: CPU time used by others and stolen by the hypervisor (on a
// VM), from /proc/stat, before a bench run and during each round. A shared VM's noise is
// the first thing that limits a benchmark's precision, so the run reports it.
#pragma once

#include <vector>

namespace twinhost::bench {

// The machine-wide CPU counters at one moment (jiffies, all CPUs).
struct CpuTimes {
  unsigned long long total = 0, idle = 0, steal = 0;
};
CpuTimes cpu_times();  // zeros where /proc/stat cannot be read

// Shares of the CPU time between two readings: busy (not idle; includes this run's own
// work during a round) and stolen by the hypervisor.
struct Load {
  double busy = 0, steal = 0;
};
Load load_between(const CpuTimes& start, const CpuTimes& end);

// The machine before a run (idle for `seconds`, so busy is others' work) and during each
// round.
struct Conditions {
  Load before;
  double loadavg = 0;  // 1-minute load average before the run
  std::vector<Load> rounds;
};
Conditions quiet_period(double seconds);

}  // namespace twinhost::bench
