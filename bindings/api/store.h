// A thread-safe key/value store shared by name across JS, Python and C++.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "twinhost/value.h"

namespace twinhost::api {

class Store {
 public:
  // The store called `name` in this process ("" is the default store); the same name
  // gives the same store, from any language or thread.
  static std::shared_ptr<Store> open(const std::string& name);

  void set(const std::string& key, Value value);
  Value get(const std::string& key) const;  // null when absent
  bool erase(const std::string& key);       // whether the key existed
  std::vector<std::string> keys() const;    // sorted
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Value> entries_;
};

}  // namespace twinhost::api
