// `twinhost.python` and `twinhost.PythonError` in JS: Python code of this process, called
// through the runtime-neutral Context of the core (no CPython header here).
#pragma once

#include <v8.h>

namespace twinhost::node_face {

void add_python_bridge(v8::Isolate* isolate, v8::Local<v8::Context> context,
                       v8::Local<v8::Object> exports);

}  // namespace twinhost::node_face
