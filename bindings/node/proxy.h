// JS proxies of foreign (Python) objects: attribute get/set, calls (keyword arguments via
// python.kwargs), indexing, `length`, for…of, String(proxy). A proxy owns a reference to
// its object until V8 collects it.
#pragma once

#include <v8.h>

#include <memory>

#include "twinhost/value.h"

namespace twinhost::node_face {

v8::Local<v8::Object> make_proxy(v8::Isolate* isolate,
                                 const std::shared_ptr<ForeignObject>& object);
// The object behind a proxy, or null if `value` is not one.
std::shared_ptr<ForeignObject> proxy_target(v8::Local<v8::Value> value);
// `python.kwargs({...})`: marks the last argument of a proxy call as keyword arguments.
void kwargs_marker(const v8::FunctionCallbackInfo<v8::Value>& info);

}  // namespace twinhost::node_face
