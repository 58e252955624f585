// A Python object held by reference as a twinhost::ForeignObject: what a JS proxy of a
// Python object stands on.
#pragma once

#include <memory>

#include "python_main.h"
#include "twinhost/value.h"

namespace twinhost::detail {

// A new reference is taken; the GIL is needed.
std::shared_ptr<ForeignObject> wrap_python_object(PyObject* object);
// A C++ value as a new Python reference; ConversionError if it has no Python equivalent
// (Kind::Range where Python said ValueError or OverflowError). Needs the GIL.
PyObject* python_of(const Value& value);

// The PyObject behind `object` if it is a Python one (borrowed), else nullptr.
PyObject* unwrap_python_object(const ForeignObject& object);

}  // namespace twinhost::detail
