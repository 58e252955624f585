#include "store.h"

#include <unordered_map>

namespace twinhost::api {

std::shared_ptr<Store> Store::open(const std::string& name) {
  static std::mutex registry_mutex;
  static auto* registry = new std::unordered_map<std::string, std::shared_ptr<Store>>();
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto& slot = (*registry)[name];
  if (!slot) slot = std::make_shared<Store>();
  return slot;
}

// A displaced value is destroyed after the lock is released: releasing a foreign object
// can run code (a Python __del__) that uses this same store.
void Store::set(const std::string& key, Value value) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::swap(entries_[key], value);
}

Value Store::get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  return it == entries_.end() ? Value() : it->second;
}

bool Store::erase(const std::string& key) {
  Value displaced;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  displaced = std::move(it->second);
  entries_.erase(it);
  return true;
}

std::vector<std::string> Store::keys() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> result;
  result.reserve(entries_.size());
  for (const auto& entry : entries_) result.push_back(entry.first);
  return result;
}

std::size_t Store::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace twinhost::api
