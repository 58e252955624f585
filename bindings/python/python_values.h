// Python objects <-> twinhost::Value, by the value model's table (twinhost/value.h).
#pragma once

#include <Python.h>

#include "api.h"

namespace twinhost::python {

// Throws api::Error for what the model cannot hold. Needs the GIL.
Value to_value(PyObject* object, int depth = 0);
// An argument of ForeignObject::call_lent: a bytes object lent as a view of its memory
// (detail::LentBytes; bytes are immutable, and the caller's reference keeps them alive for
// the call); anything else as to_value().
Value lend_value(PyObject* object);
// A new reference. Needs the GIL.
PyObject* from_value(const Value& value);
// Sets the Python exception that corresponds to `error` (TypeError, ValueError, RuntimeError).
void set_error(const api::Error& error);

}  // namespace twinhost::python
