// The statistics of `twinhost bench`: per series, per ratio, and between two runs.
#pragma once

#include <cstdint>
#include <vector>

namespace twinhost::bench {

struct Interval {
  double low = 0, high = 0;
};

struct Summary {
  std::size_t samples = 0;
  double median = 0, mean = 0, stddev = 0, cov = 0, min = 0, max = 0;
  Interval median_ci;        // 95%, bootstrap of the median
  std::size_t outliers = 0;  // modified z-score above 3.5 (MAD), as hyperfine flags them
};

Summary summarize(const std::vector<double>& samples);

// a/b of medians with its 95% bootstrap interval (both series resampled independently).
struct Ratio {
  double value = 0;
  Interval ci;
};
Ratio ratio_of_medians(const std::vector<double>& a, const std::vector<double>& b);

// Two-sided Mann-Whitney U test (normal approximation with tie correction): the p-value
// that a and b come from the same distribution.
double mann_whitney_p(const std::vector<double>& a, const std::vector<double>& b);

double median(std::vector<double> values);

}  // namespace twinhost::bench
