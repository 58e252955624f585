// twinhost.SharedBuffer in JS: a Uint8Array whose ArrayBuffer is a twinhost::SharedBuffer's
// memory (host/include/twinhost/shared_buffer.h), and its crossings without a copy.
#pragma once

#include <v8.h>

#include <memory>

#include "twinhost/shared_buffer.h"

namespace twinhost::node_face {

void add_shared_buffer(v8::Isolate* isolate, v8::Local<v8::Context> context,
                       v8::Local<v8::Object> exports);

// The SharedBuffer that `value` (an ArrayBuffer or a view) shows, or null if its memory is
// not a SharedBuffer's.
std::shared_ptr<SharedBuffer> shared_buffer_of(v8::Local<v8::Value> value);

// Drops what is kept for `isolate`'s ArrayBuffers (its environment is stopping, the isolate
// still valid): an isolate disposed and another made at its address must not find them.
void forget_array_buffers(v8::Isolate* isolate);

// A Uint8Array over `buffer`'s window: the same memory, no copy.
v8::Local<v8::Value> shared_buffer_view(v8::Isolate* isolate, const SharedBuffer& buffer);

}  // namespace twinhost::node_face
