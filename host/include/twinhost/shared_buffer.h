// twinhost::SharedBuffer — memory both runtimes see without a copy: a Uint8Array (over an
// ArrayBuffer) in JS, a writable memoryview in Python. It crosses as a Value of kind object
// and lives while any side holds it: one std::shared_ptr to the allocation, held by every
// ArrayBuffer backing store, Python exporter and C++ Value that refers to it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include "twinhost/value.h"

namespace twinhost {

// One zero-filled allocation.
class SharedMemory {
 public:
  // Throws std::bad_alloc.
  explicit SharedMemory(std::size_t size);
  ~SharedMemory();
  SharedMemory(const SharedMemory&) = delete;
  SharedMemory& operator=(const SharedMemory&) = delete;

  std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }

  // The allocation whose memory starts at `data`, if it is alive (what a JS ArrayBuffer
  // holds is only its pointer).
  static std::shared_ptr<SharedMemory> find(const void* data);

  // A runtime face's own handle on the memory (Node: its one V8 BackingStore, which must
  // not be made twice for the same memory while alive), kept weakly.
  std::shared_ptr<void> engine_handle() const;
  void set_engine_handle(const std::shared_ptr<void>& handle);

 private:
  std::uint8_t* data_;
  std::size_t size_;
  mutable std::mutex mutex_;
  std::weak_ptr<void> engine_handle_;
};

// A window [offset, offset + length) on a SharedMemory.
class SharedBuffer final : public ForeignObject {
 public:
  // A new zero-filled buffer; throws std::bad_alloc.
  static std::shared_ptr<SharedBuffer> create(std::size_t size);
  SharedBuffer(std::shared_ptr<SharedMemory> memory, std::size_t offset, std::size_t length);

  const std::shared_ptr<SharedMemory>& memory() const { return memory_; }
  std::size_t offset() const { return offset_; }
  std::uint8_t* data() const { return memory_->data() + offset_; }
  std::size_t size() const { return length_; }

  // As a ForeignObject (for code that knows no buffers): a read-only sequence of bytes.
  const char* runtime() const override { return "shared"; }
  Value get(const std::string& name) override;
  void set(const std::string& name, const Value& value) override;
  bool has(const std::string& name) override;
  Value call(const List& args, const Map& kwargs) override;
  Value item(const Value& key) override;
  bool has_length() override { return true; }
  std::int64_t length() override { return static_cast<std::int64_t>(length_); }
  std::string str() override;

 private:
  std::shared_ptr<SharedMemory> memory_;
  std::size_t offset_;
  std::size_t length_;
};

}  // namespace twinhost
