#include "shared_buffer.h"

#include <cmath>
#include <map>
#include <mutex>
#include <new>

#include "node_values.h"

namespace twinhost::node_face {
namespace {

// The memory's one V8 backing store (V8 must not get the same pointer in two live ones):
// made on first need, shared by every ArrayBuffer of every environment while any lives.
// It keeps the memory alive through its deleter's reference.
std::shared_ptr<v8::BackingStore> backing_store(const std::shared_ptr<SharedMemory>& memory) {
  static std::mutex mutex;  // one maker at a time, so that two threads cannot make two
  std::lock_guard<std::mutex> lock(mutex);
  if (auto existing = memory->engine_handle())
    return std::static_pointer_cast<v8::BackingStore>(existing);
  std::shared_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      memory->data(), memory->size(),
      [](void*, std::size_t, void* owner) {
        delete static_cast<std::shared_ptr<SharedMemory>*>(owner);
      },
      new std::shared_ptr<SharedMemory>(memory));
  memory->set_engine_handle(store);
  return store;
}

// The ArrayBuffer of a memory in one isolate, kept while JS holds it: every crossing of
// the same memory gives the same ArrayBuffer, so V8 accounts its size once instead of
// once per crossing (which made a crossing of 256 MiB cost a garbage collection).
struct CachedArrayBuffer {
  std::pair<v8::Isolate*, const SharedMemory*> key;
  v8::Global<v8::ArrayBuffer> handle;
};
std::mutex cache_mutex;
std::map<std::pair<v8::Isolate*, const SharedMemory*>, CachedArrayBuffer*>& cache() {
  static auto* buffers =
      new std::map<std::pair<v8::Isolate*, const SharedMemory*>, CachedArrayBuffer*>();
  return *buffers;
}

v8::Local<v8::ArrayBuffer> array_buffer(v8::Isolate* isolate,
                                        const std::shared_ptr<SharedMemory>& memory) {
  auto key = std::make_pair(isolate, memory.get());
  {
    // Never held while V8 allocates: a collection then runs the weak callback below.
    std::lock_guard<std::mutex> lock(cache_mutex);
    auto it = cache().find(key);
    if (it != cache().end()) {
      auto cached = it->second->handle.Get(isolate);
      if (cached->ByteLength() == memory->size() && cached->Data() == memory->data()) return cached;
      it->second->handle.Reset();  // detached (transferred): make another
      delete it->second;
      cache().erase(it);
    }
  }
  // Only this isolate's thread (it holds the isolate) adds entries for this key.
  auto buffer = v8::ArrayBuffer::New(isolate, backing_store(memory));
  auto* entry = new CachedArrayBuffer{key, v8::Global<v8::ArrayBuffer>(isolate, buffer)};
  entry->handle.SetWeak(
      entry,
      [](const v8::WeakCallbackInfo<CachedArrayBuffer>& data) {
        CachedArrayBuffer* entry = data.GetParameter();
        std::lock_guard<std::mutex> lock(cache_mutex);
        auto found = cache().find(entry->key);
        if (found != cache().end() && found->second == entry) cache().erase(found);
        entry->handle.Reset();
        delete entry;
      },
      v8::WeakCallbackType::kParameter);
  std::lock_guard<std::mutex> lock(cache_mutex);
  cache()[key] = entry;
  return buffer;
}

}  // namespace

void forget_array_buffers(v8::Isolate* isolate) {
  std::lock_guard<std::mutex> lock(cache_mutex);
  auto& buffers = cache();
  for (auto it = buffers.lower_bound({isolate, nullptr});
       it != buffers.end() && it->first.first == isolate;) {
    it->second->handle.Reset();  // (no weak callback runs for it after this)
    delete it->second;
    it = buffers.erase(it);
  }
}

namespace {

void construct(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (info.Length() != 1 || !info[0]->IsNumber()) {
    throw_error(isolate, api::Error(api::Error::Kind::Type,
                                    "SharedBuffer(size) takes one argument, a number of bytes"));
    return;
  }
  double size = info[0].As<v8::Number>()->Value();
  // A Uint8Array holds at most 2^32 - 1 elements in this V8.
  if (!(size >= 0) || size != std::floor(size) || size > 4294967295.0) {
    throw_error(isolate,
                api::Error(api::Error::Kind::Range,
                           "SharedBuffer(size): size must be an integer from 0 to 2^32-1"));
    return;
  }
  try {
    auto buffer = SharedBuffer::create(static_cast<std::size_t>(size));
    info.GetReturnValue().Set(shared_buffer_view(isolate, *buffer));
  } catch (const std::bad_alloc&) {
    throw_error(isolate, api::Error(api::Error::Kind::Range,
                                    "SharedBuffer(size): cannot allocate that many bytes"));
  }
}

}  // namespace

void add_shared_buffer(v8::Isolate* isolate, v8::Local<v8::Context> context,
                       v8::Local<v8::Object> exports) {
  auto fn = must(v8::Function::New(context, construct, v8::Local<v8::Value>(), 1));
  fn->SetName(v8_string(isolate, "SharedBuffer"));
  must(exports->Set(context, v8_string(isolate, "SharedBuffer"), fn));
}

std::shared_ptr<SharedBuffer> shared_buffer_of(v8::Local<v8::Value> value) {
  // Asked of every buffer that crosses: by its memory's address, without taking V8's
  // BackingStore (GetBackingStore registers it in a global table under a lock).
  void* data = nullptr;
  std::size_t offset = 0, length = 0;
  if (value->IsArrayBufferView()) {
    auto view = value.As<v8::ArrayBufferView>();
    if (!view->HasBuffer()) return nullptr;  // a small typed array on V8's heap
    data = view->Buffer()->Data();
    offset = view->ByteOffset();
    length = view->ByteLength();
  } else if (value->IsArrayBuffer()) {
    data = value.As<v8::ArrayBuffer>()->Data();
    length = value.As<v8::ArrayBuffer>()->ByteLength();
  }
  if (!data) return nullptr;  // not a buffer, or detached
  auto memory = SharedMemory::find(data);
  if (!memory || offset + length > memory->size()) return nullptr;
  return std::make_shared<SharedBuffer>(std::move(memory), offset, length);
}

v8::Local<v8::Value> shared_buffer_view(v8::Isolate* isolate, const SharedBuffer& buffer) {
  // V8 aborts the process on a typed array longer than its limit: refuse it first.
  if (buffer.size() > v8::TypedArray::kMaxLength)
    throw api::Error(api::Error::Kind::Range,
                     "a SharedBuffer of " + std::to_string(buffer.size()) +
                         " bytes is larger than a JavaScript Uint8Array can be");
  return v8::Uint8Array::New(array_buffer(isolate, buffer.memory()), buffer.offset(),
                             buffer.size());
}

}  // namespace twinhost::node_face
