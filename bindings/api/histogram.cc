#include "histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace twinhost::api {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

void Histogram::record(double value) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (sorted_ && !values_.empty() && value < values_.back()) sorted_ = false;
  values_.push_back(value);
  sum_ += value;
}

std::int64_t Histogram::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<std::int64_t>(values_.size());
}

double Histogram::min() const { return percentile(0); }
double Histogram::max() const { return percentile(100); }

double Histogram::mean() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return values_.empty() ? kNaN : sum_ / static_cast<double>(values_.size());
}

double Histogram::percentile(double p) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (values_.empty()) return kNaN;
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    sorted_ = true;
  }
  double rank = p / 100.0 * static_cast<double>(values_.size() - 1);
  auto lower = static_cast<std::size_t>(std::floor(rank));
  auto upper = static_cast<std::size_t>(std::ceil(rank));
  double fraction = rank - static_cast<double>(lower);
  return values_[lower] + (values_[upper] - values_[lower]) * fraction;
}

void Histogram::reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  values_.clear();
  sorted_ = true;
  sum_ = 0;
}

}  // namespace twinhost::api
