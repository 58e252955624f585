// `twinhost.python` and `twinhost.PythonError` in JS: Python code of this process, called
// through the runtime-neutral Context of the core (no CPython header here).
#pragma once

#include <v8.h>

#include "twinhost/errors.h"

namespace twinhost::node_face {

// Throws a PythonError (the class of this context's twinhost binding) for `error`.
void throw_python_error(v8::Isolate* isolate, const ScriptError& error);

void add_python_bridge(v8::Isolate* isolate, v8::Local<v8::Context> context,
                       v8::Local<v8::Object> exports);

}  // namespace twinhost::node_face
