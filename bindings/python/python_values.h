// Python objects <-> twinhost::Value, by the value model's table (twinhost/value.h).
#pragma once

#include <Python.h>

#include "api.h"

namespace twinhost::python {

// Throws api::Error for what the model cannot hold. Needs the GIL.
Value to_value(PyObject* object, int depth = 0);
// A new reference. Needs the GIL.
PyObject* from_value(const Value& value);
// Sets the Python exception that corresponds to `error` (TypeError, ValueError, RuntimeError).
void set_error(const api::Error& error);

}  // namespace twinhost::python
