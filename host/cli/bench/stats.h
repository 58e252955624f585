// The statistics of `twinhost bench`: per series, per ratio, and between two runs.
//
// Samples are not independent: those of one round (a fresh Host, or fresh processes, run
// minutes apart from the next) share its state — memory layout, hash seed, when the JIT
// compiled what, the machine's load — and that round-to-round variation dominates on a
// shared VM. So every interval treats the round as the unit: each round's median, on a
// log scale, and a Student-t interval over rounds (wide with few rounds, none from one).
// Ratios are paired by round (the series of one round ran interleaved). A bootstrap over
// samples, which the harness used before, covered the truth far less often than it said
// (tests/unit/test_bench_stats.cc).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace twinhost::bench {

struct Interval {
  double low = NAN, high = NAN;
};

// A value with its 95% interval, and the number of rounds it rests on (no interval from
// fewer than 2).
struct Estimate {
  double value = NAN;
  Interval ci;
  int rounds = 0;
  bool has_ci() const { return rounds >= 2; }
};

struct Summary {
  std::size_t samples = 0;
  double median = 0, mean = 0, stddev = 0, cov = 0, min = 0, max = 0;  // of all samples
  // The series' time: the geometric mean of its rounds' medians, with its interval.
  Estimate center;
  std::size_t outliers = 0;  // modified z-score above 3.5 (MAD), as hyperfine flags them
};

// Precise enough to decide on: a 95% interval within ±5% of the value (a ratio that is
// not may still say which way a large difference goes, not by how much).
constexpr double kDecisionGrade = 0.05;
inline bool decision_grade(const Estimate& e) {
  return e.has_ci() && e.ci.high <= e.value * (1 + kDecisionGrade) &&
         e.ci.low >= e.value * (1 - kDecisionGrade);
}

// `rounds[i]`: the round sample i came from.
Summary summarize(const std::vector<double>& samples, const std::vector<int>& rounds);

// a/b: per round, a's median over b's median, for the rounds both have; the geometric mean
// and its t interval over those rounds.
Estimate paired_ratio(const std::vector<double>& a, const std::vector<int>& a_rounds,
                      const std::vector<double>& b, const std::vector<int>& b_rounds);

// B/A between two runs (unpaired: their rounds are different ones): the ratio of the
// geometric means of round medians, with Welch's t interval, and the two-sided p-value
// that both runs have the same center (NAN with fewer than 2 rounds on either side).
struct Change {
  Estimate ratio;
  double p = NAN;
};
Change unpaired_ratio(const std::vector<double>& a, const std::vector<int>& a_rounds,
                      const std::vector<double>& b, const std::vector<int>& b_rounds);

double median(std::vector<double> values);

// Student's t distribution: P(T <= t) with `df` degrees of freedom, and its inverse.
double student_t_cdf(double t, double df);
double student_t_quantile(double p, double df);

}  // namespace twinhost::bench
