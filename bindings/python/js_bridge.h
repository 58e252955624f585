// `twinhost.js` and `twinhost.JSError` in Python: JavaScript of this process, called through
// the runtime-neutral Context of the core (no V8 header here).
#pragma once

#include <pybind11/pybind11.h>

#include <memory>

#include "twinhost/value.h"

namespace twinhost::python {

void add_js_bridge(pybind11::module_& module);

// A twinhost.JSProxy for a JS object (a new reference; imports twinhost if needed), and
// the object behind a JSProxy (or null for anything else). Need the GIL.
PyObject* make_js_proxy(const std::shared_ptr<ForeignObject>& object);
std::shared_ptr<ForeignObject> js_proxy_target(PyObject* object);

// `status`, or 1 if it is 0 and the guest environment died of an uncaught JS error.
int exit_status(int status);

}  // namespace twinhost::python
