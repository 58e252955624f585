#include "stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace twinhost::bench {
namespace {

constexpr int kResamples = 2000;
constexpr std::uint32_t kSeed = 20231;  // fixed: the same data gives the same interval

std::vector<double> resample(const std::vector<double>& values, std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> pick(0, values.size() - 1);
  std::vector<double> out(values.size());
  for (auto& v : out) v = values[pick(rng)];
  return out;
}

Interval percentile_interval(std::vector<double> estimates) {
  std::sort(estimates.begin(), estimates.end());
  auto at = [&](double q) {
    return estimates[static_cast<std::size_t>(q * (estimates.size() - 1))];
  };
  return {at(0.025), at(0.975)};
}

}  // namespace

double median(std::vector<double> values) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Summary summarize(const std::vector<double>& samples) {
  Summary s;
  s.samples = samples.size();
  if (samples.empty()) return s;
  s.median = median(samples);
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / samples.size();
  double squares = 0;
  for (double v : samples) squares += (v - s.mean) * (v - s.mean);
  s.stddev = samples.size() > 1 ? std::sqrt(squares / (samples.size() - 1)) : 0;
  s.cov = s.mean > 0 ? s.stddev / s.mean : 0;
  s.min = *std::min_element(samples.begin(), samples.end());
  s.max = *std::max_element(samples.begin(), samples.end());

  std::vector<double> deviations;
  for (double v : samples) deviations.push_back(std::fabs(v - s.median));
  double mad = median(deviations);
  if (mad > 0)
    for (double v : samples) s.outliers += 0.6745 * std::fabs(v - s.median) / mad > 3.5;

  std::mt19937 rng(kSeed);
  std::vector<double> medians;
  medians.reserve(kResamples);
  for (int i = 0; i < kResamples; ++i) medians.push_back(median(resample(samples, rng)));
  s.median_ci = percentile_interval(std::move(medians));
  return s;
}

Ratio ratio_of_medians(const std::vector<double>& a, const std::vector<double>& b) {
  Ratio r;
  if (a.empty() || b.empty()) return r;
  r.value = median(a) / median(b);
  std::mt19937 rng(kSeed);
  std::vector<double> ratios;
  ratios.reserve(kResamples);
  for (int i = 0; i < kResamples; ++i)
    ratios.push_back(median(resample(a, rng)) / median(resample(b, rng)));
  r.ci = percentile_interval(std::move(ratios));
  return r;
}

double mann_whitney_p(const std::vector<double>& a, const std::vector<double>& b) {
  const double n1 = a.size(), n2 = b.size();
  if (a.empty() || b.empty()) return 1;
  std::vector<std::pair<double, int>> all;
  for (double v : a) all.push_back({v, 0});
  for (double v : b) all.push_back({v, 1});
  std::sort(all.begin(), all.end());
  double rank_sum_a = 0, ties = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    double rank = (i + 1 + j) / 2.0;  // average rank of the tied run
    double t = j - i;
    ties += t * t * t - t;
    for (std::size_t k = i; k < j; ++k)
      if (all[k].second == 0) rank_sum_a += rank;
    i = j;
  }
  double u = rank_sum_a - n1 * (n1 + 1) / 2;
  double n = n1 + n2;
  double variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
  if (variance <= 0) return 1;
  double z = (std::fabs(u - n1 * n2 / 2) - 0.5) / std::sqrt(variance);
  return std::erfc(std::max(z, 0.0) / std::sqrt(2.0));
}

}  // namespace twinhost::bench
