// `twinhost.python` and `twinhost.PythonError` in JS: Python code of this process, called
// through the runtime-neutral Context of the core (no CPython header here).
#pragma once

#include <v8.h>

#include "environments.h"
#include "node_values.h"
#include "twinhost/errors.h"

namespace twinhost::node_face {

// Throws a PythonError (the class of this context's twinhost binding) for `error`.
void throw_python_error(v8::Isolate* isolate, const ScriptError& error);

// The one boundary where calls from JS into Python turn C++ errors into JS exceptions:
// a Python exception -> PythonError, an unconvertible value -> TypeError, an api::Error ->
// its class, anything else -> Error; a JS exception already pending stays.
template <typename Body>
void guarded(v8::Isolate* isolate, Body&& body) {
  try {
    CallIntoPython calling_python;
    body();
  } catch (const ScriptError& e) {
    throw_python_error(isolate, e);
  } catch (const ConversionError& e) {
    throw_error(isolate,
                api::Error(e.kind() == ConversionError::Kind::Range ? api::Error::Kind::Range
                                                                    : api::Error::Kind::Type,
                           e.what()));
  } catch (const PendingException&) {
  } catch (const api::Error& e) {
    throw_error(isolate, e);
  } catch (const std::exception& e) {
    throw_error(isolate, api::Error(api::Error::Kind::Runtime, e.what()));
  }
}

void add_python_bridge(v8::Isolate* isolate, v8::Local<v8::Context> context,
                       v8::Local<v8::Object> exports);

}  // namespace twinhost::node_face
