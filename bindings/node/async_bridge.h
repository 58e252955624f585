// Promises across the boundary, JS side: awaiting a Python awaitable from JS, and Node's
// event loop driving the asyncio loop of a process whose entry runtime is Node.
#pragma once

#include <v8.h>

#include <memory>

#include "twinhost/value.h"

namespace twinhost::node_face {

// `proxy.then(onFulfilled, onRejected)` of a Python awaitable (coroutine, Task, Future):
// schedules it on asyncio and returns a real Promise chained to the two callbacks.
void python_then(const v8::FunctionCallbackInfo<v8::Value>& info,
                 const std::shared_ptr<ForeignObject>& awaitable);

}  // namespace twinhost::node_face
