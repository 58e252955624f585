// CPython as the entry runtime of a process: python's own main, and the configuration
// every twinhost start of CPython shares. Compiled into the twinhost binary (so a
// Python script starts as fast as python3) and into the Python runtime module.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <string>
#include <vector>

namespace twinhost::detail {

// sys.executable is the python3 whose libpython is embedded, never a PATH lookup.
void configure_python(PyConfig& config);

// Runs `argv` (python's layout) with CPython's Py_RunMain: `-c`, `-m`, files, stdin and
// the REPL, tracebacks, SystemExit and KeyboardInterrupt as in python. Returns the exit
// status; Python is finalised afterwards.
// `init_twinhost` becomes the built-in module `twinhost` (PyImport_AppendInittab).
int run_python_main(const std::vector<std::string>& argv, PyObject* (*init_twinhost)());

}  // namespace twinhost::detail
