// The CPython face of the native API: the `twinhost` Python module, built from the table.
#pragma once

#include <Python.h>

extern "C" PyObject* PyInit_twinhost();

// The exit status of a Python-entry process given the one Python chose: 1 instead of 0
// when the guest Node environment stopped after an uncaught JS error, as node would.
extern "C" int twinhost_python_exit_status(int status);

namespace twinhost::python {

// twinhost.Interrupted (a BaseException), importing the module first if needed; null if
// that failed. Needs the GIL.
extern PyObject* interrupted_class;
PyObject* interrupted_type();

}  // namespace twinhost::python
