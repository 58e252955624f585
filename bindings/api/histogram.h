// Latency statistics computed by one native implementation for both runtimes.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

namespace twinhost::api {

class Histogram {
 public:
  void record(double value);
  std::int64_t count() const;
  double min() const;   // NaN when empty
  double max() const;   // NaN when empty
  double mean() const;  // NaN when empty
  // Linear interpolation between closest ranks; p in [0, 100]. NaN when empty.
  double percentile(double p) const;
  void reset();

 private:
  mutable std::mutex mutex_;
  mutable std::vector<double> values_;
  mutable bool sorted_ = true;
  double sum_ = 0;
};

}  // namespace twinhost::api
