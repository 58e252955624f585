#include "stats.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace twinhost::bench {
namespace {

// Each round's median, by round.
std::map<int, double> round_medians(const std::vector<double>& samples,
                                    const std::vector<int>& rounds) {
  std::map<int, std::vector<double>> by_round;
  for (std::size_t i = 0; i < samples.size() && i < rounds.size(); ++i)
    by_round[rounds[i]].push_back(samples[i]);
  std::map<int, double> medians;
  for (auto& [round, values] : by_round) medians[round] = median(std::move(values));
  return medians;
}

struct Moments {
  double mean = NAN, variance = NAN;
  int n = 0;
};

Moments moments(const std::vector<double>& values) {
  Moments m;
  m.n = static_cast<int>(values.size());
  if (values.empty()) return m;
  m.mean = std::accumulate(values.begin(), values.end(), 0.0) / m.n;
  double squares = 0;
  for (double v : values) squares += (v - m.mean) * (v - m.mean);
  m.variance = m.n > 1 ? squares / (m.n - 1) : NAN;
  return m;
}

// exp(mean of `logs`) with the t interval over them.
Estimate geometric_estimate(const std::vector<double>& logs) {
  Estimate e;
  Moments m = moments(logs);
  e.rounds = m.n;
  if (m.n == 0) return e;
  e.value = std::exp(m.mean);
  if (m.n < 2) return e;
  double half = student_t_quantile(0.975, m.n - 1) * std::sqrt(m.variance / m.n);
  e.ci = {std::exp(m.mean - half), std::exp(m.mean + half)};
  return e;
}

std::vector<double> logs_of(const std::map<int, double>& medians) {
  std::vector<double> logs;
  for (const auto& [round, value] : medians) logs.push_back(std::log(value));
  return logs;
}

// The regularized incomplete beta function I_x(a, b), by its continued fraction (modified
// Lentz), with the symmetry I_x(a, b) = 1 - I_(1-x)(b, a) where it converges faster.
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incomplete_beta(b, a, 1 - x);
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x)) /
                       a;
  const double tiny = 1e-300;
  double f = 1, c = 1, d = 0;
  for (int i = 0; i <= 500; ++i) {
    const double m = i / 2;
    double term;
    if (i == 0)
      term = 1;
    else if (i % 2 == 0)
      term = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
    else
      term = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + term * d;
    d = 1 / (std::fabs(d) < tiny ? tiny : d);
    c = 1 + term / c;
    if (std::fabs(c) < tiny) c = tiny;
    f *= c * d;
    if (std::fabs(1 - c * d) < 1e-14) break;
  }
  return front * (f - 1);
}

}  // namespace

double student_t_cdf(double t, double df) {
  double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
  return t > 0 ? 1 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  double low = 0, high = 1;
  while (student_t_cdf(high, df) < p && high < 1e12) high *= 2;
  for (int i = 0; i < 200 && high - low > 1e-12 * high; ++i) {
    double mid = (low + high) / 2;
    (student_t_cdf(mid, df) < p ? low : high) = mid;
  }
  return (low + high) / 2;
}

double median(std::vector<double> values) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Summary summarize(const std::vector<double>& samples, const std::vector<int>& rounds) {
  Summary s;
  s.samples = samples.size();
  if (samples.empty()) return s;
  s.median = median(samples);
  Moments m = moments(samples);
  s.mean = m.mean;
  s.stddev = samples.size() > 1 ? std::sqrt(m.variance) : 0;
  s.cov = s.mean > 0 ? s.stddev / s.mean : 0;
  s.min = *std::min_element(samples.begin(), samples.end());
  s.max = *std::max_element(samples.begin(), samples.end());

  std::vector<double> deviations;
  for (double v : samples) deviations.push_back(std::fabs(v - s.median));
  double mad = median(deviations);
  if (mad > 0)
    for (double v : samples) s.outliers += 0.6745 * std::fabs(v - s.median) / mad > 3.5;

  s.center = geometric_estimate(logs_of(round_medians(samples, rounds)));
  return s;
}

Estimate paired_ratio(const std::vector<double>& a, const std::vector<int>& a_rounds,
                      const std::vector<double>& b, const std::vector<int>& b_rounds) {
  std::map<int, double> ma = round_medians(a, a_rounds), mb = round_medians(b, b_rounds);
  std::vector<double> logs;
  for (const auto& [round, value] : ma)
    if (auto other = mb.find(round); other != mb.end())
      logs.push_back(std::log(value) - std::log(other->second));
  return geometric_estimate(logs);
}

Change unpaired_ratio(const std::vector<double>& a, const std::vector<int>& a_rounds,
                      const std::vector<double>& b, const std::vector<int>& b_rounds) {
  Moments ma = moments(logs_of(round_medians(a, a_rounds)));
  Moments mb = moments(logs_of(round_medians(b, b_rounds)));
  Change c;
  c.ratio.rounds = std::min(ma.n, mb.n);
  if (ma.n == 0 || mb.n == 0) return c;
  const double difference = mb.mean - ma.mean;
  c.ratio.value = std::exp(difference);
  if (ma.n < 2 || mb.n < 2) return c;
  const double va = ma.variance / ma.n, vb = mb.variance / mb.n;
  const double se = std::sqrt(va + vb);
  if (se == 0) {
    c.ratio.ci = {c.ratio.value, c.ratio.value};
    c.p = difference == 0 ? 1 : 0;
    return c;
  }
  // Welch-Satterthwaite degrees of freedom.
  const double df = (va + vb) * (va + vb) / (va * va / (ma.n - 1) + vb * vb / (mb.n - 1));
  const double half = student_t_quantile(0.975, df) * se;
  c.ratio.ci = {std::exp(difference - half), std::exp(difference + half)};
  c.p = 2 * (1 - student_t_cdf(std::fabs(difference) / se, df));
  return c;
}

}  // namespace twinhost::bench
