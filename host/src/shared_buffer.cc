#include "twinhost/shared_buffer.h"

#include <cstdlib>
#include <map>
#include <new>
#include <stdexcept>
#include <string>

#include "twinhost/errors.h"

namespace twinhost {
namespace {

std::mutex registry_mutex;
std::map<const void*, std::weak_ptr<SharedMemory>>& registry() {
  static auto* memories = new std::map<const void*, std::weak_ptr<SharedMemory>>();
  return *memories;
}

}  // namespace

SharedMemory::SharedMemory(std::size_t size)
    : data_(static_cast<std::uint8_t*>(std::calloc(size ? size : 1, 1))), size_(size) {
  if (!data_) throw std::bad_alloc();
}

SharedMemory::~SharedMemory() {
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    registry().erase(data_);
  }
  std::free(data_);
}

std::shared_ptr<SharedMemory> SharedMemory::find(const void* data) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto it = registry().find(data);
  return it == registry().end() ? nullptr : it->second.lock();
}

std::shared_ptr<void> SharedMemory::engine_handle() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return engine_handle_.lock();
}

void SharedMemory::set_engine_handle(const std::shared_ptr<void>& handle) {
  std::lock_guard<std::mutex> lock(mutex_);
  engine_handle_ = handle;
}

std::shared_ptr<SharedBuffer> SharedBuffer::create(std::size_t size) {
  auto memory = std::make_shared<SharedMemory>(size);
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    registry()[memory->data()] = memory;
  }
  return std::make_shared<SharedBuffer>(std::move(memory), 0, size);
}

SharedBuffer::SharedBuffer(std::shared_ptr<SharedMemory> memory, std::size_t offset,
                           std::size_t length)
    : memory_(std::move(memory)), offset_(offset), length_(length) {
  // Every face hands out [offset, offset + length) as memory: it must lie inside.
  if (!memory_) throw std::invalid_argument("twinhost::SharedBuffer: no memory");
  if (offset_ > memory_->size() || length_ > memory_->size() - offset_)
    throw std::out_of_range("twinhost::SharedBuffer: window [" + std::to_string(offset_) + ", " +
                            std::to_string(offset_) + " + " + std::to_string(length_) +
                            ") outside a memory of " + std::to_string(memory_->size()) + " bytes");
}

Value SharedBuffer::get(const std::string& name) {
  throw ConversionError("a SharedBuffer has no attribute '" + name + "'");
}

void SharedBuffer::set(const std::string& name, const Value&) {
  throw ConversionError("a SharedBuffer has no attribute '" + name + "'");
}

bool SharedBuffer::has(const std::string&) { return false; }

Value SharedBuffer::call(const List&, const Map&) {
  throw ConversionError("a SharedBuffer is not callable");
}

Value SharedBuffer::item(const Value& key) {
  if (!key.is_int() || key.as_int() < 0 || static_cast<std::size_t>(key.as_int()) >= length_)
    throw ConversionError("SharedBuffer index out of range");
  return Value(static_cast<std::int64_t>(data()[key.as_int()]));
}

std::string SharedBuffer::str() { return "<SharedBuffer " + std::to_string(length_) + " bytes>"; }

}  // namespace twinhost
