// Bytes a runtime lends across one call (ForeignObject::call_lent): a view of memory its
// owner keeps alive (a JS ArrayBuffer's backing store, a Python bytes object), where a Bytes
// value would be a copy of it. The receiving face copies them once, straight into its own
// runtime's bytes: one copy across instead of two, and no second buffer of the same size
// alive at once (with glibc's malloc, two fresh MiBs at once made it return the heap's top
// to the kernel and fault it back in on every call: milliseconds per MiB instead of tens of
// microseconds).
#pragma once

#include <cstddef>
#include <memory>

#include "twinhost/value.h"

namespace twinhost::detail {

class LentBytes final : public ForeignObject {
 public:
  // `owner` keeps `data` alive as long as this lives; null where the caller's runtime keeps
  // it alive for the call (a Python caller's argument). A detached buffer's null: "".
  LentBytes(std::shared_ptr<void> owner, const char* data, std::size_t size)
      : owner_(std::move(owner)), data_(data ? data : ""), size_(data ? size : 0) {}

  const char* data() const { return data_; }
  std::size_t size() const { return size_; }

  // As a ForeignObject: its length only (no receiver but one that copies it sees it).
  const char* runtime() const override { return "lent"; }
  Value get(const std::string& name) override;
  void set(const std::string& name, const Value& value) override;
  bool has(const std::string&) override { return false; }
  Value call(const List& args, const Map& kwargs) override;
  Value item(const Value& key) override;
  bool has_length() override { return true; }
  std::int64_t length() override { return static_cast<std::int64_t>(size_); }
  std::string str() override;

 private:
  std::shared_ptr<void> owner_;
  const char* data_;
  std::size_t size_;
};

}  // namespace twinhost::detail
