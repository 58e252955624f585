// JS objects held by reference as twinhost::ForeignObject: what a Python proxy of a JS
// object stands on. Used only on the thread of its environment, while it lives.
#pragma once

#include <v8.h>

#include <memory>

#include "twinhost/value.h"

namespace twinhost::node_face {

std::shared_ptr<ForeignObject> wrap_js_object(v8::Isolate* isolate, v8::Local<v8::Object> object);
// The JS object behind `object` if it is a JS one (and its isolate is this one), else empty.
// Whether the environment of a JS object (wrapped as above) still runs.
bool js_object_alive(const ForeignObject& object);
v8::Local<v8::Object> unwrap_js_object(v8::Isolate* isolate, const ForeignObject& object);

}  // namespace twinhost::node_face
