// `twinhost.js` and `twinhost.JSError` in Python: JavaScript of this process, called through
// the runtime-neutral Context of the core (no V8 header here).
#pragma once

#include <pybind11/pybind11.h>

namespace twinhost::python {

void add_js_bridge(pybind11::module_& module);

}  // namespace twinhost::python
