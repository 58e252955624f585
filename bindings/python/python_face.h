// The CPython face of the native API: the `twinhost` Python module, built from the table.
#pragma once

#include <Python.h>

extern "C" PyObject* PyInit_twinhost();
