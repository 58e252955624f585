// twinhost.SharedBuffer in Python: an object with the buffer protocol over a
// twinhost::SharedBuffer's memory (host/include/twinhost/shared_buffer.h), and its
// crossings without a copy.
#pragma once

#include <pybind11/pybind11.h>

#include <memory>

#include "twinhost/shared_buffer.h"

namespace twinhost::python {

void add_shared_buffer(pybind11::module_& module);

// The SharedBuffer window that `object` shows (a twinhost.SharedBuffer, or a contiguous
// memoryview of one), or null. Needs the GIL.
std::shared_ptr<SharedBuffer> shared_buffer_of(PyObject* object);

// A writable memoryview of `buffer`'s window (a new reference, or null with an error).
PyObject* shared_buffer_view(const std::shared_ptr<SharedBuffer>& buffer);

}  // namespace twinhost::python
