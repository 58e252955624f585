#include "python_main.h"

#ifndef TWINHOST_PYTHON_EXECUTABLE
#error "the build defines TWINHOST_PYTHON_EXECUTABLE (the python3 whose libpython is embedded)"
#endif

namespace twinhost::detail {

void configure_python(PyConfig& config) {
  // subprocess, multiprocessing (spawn) and venv run sys.executable: it must be a real
  // python, and the one whose libpython we embed, not whatever PATH finds first.
  PyConfig_SetBytesString(&config, &config.executable, TWINHOST_PYTHON_EXECUTABLE);
  PyConfig_SetBytesString(&config, &config.program_name, TWINHOST_PYTHON_EXECUTABLE);
}

int run_python_main(const std::vector<std::string>& args, PyObject* (*init_twinhost)()) {
  PyImport_AppendInittab("twinhost", init_twinhost);
  PyConfig config;
  PyConfig_InitPythonConfig(&config);  // reads PYTHON* variables and parses argv, as python
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  // argv first: the first PyConfig setter pre-initialises Python, and only with argv does
  // that pre-initialisation see -X dev, -X utf8, -E and -I, as python's does.
  PyStatus status =
      PyConfig_SetBytesArgv(&config, static_cast<Py_ssize_t>(argv.size()), argv.data());
  if (!PyStatus_Exception(status)) {
    configure_python(config);
    status = Py_InitializeFromConfig(&config);
  }
  PyConfig_Clear(&config);
  if (PyStatus_Exception(status)) {
    if (PyStatus_IsExit(status)) return status.exitcode;
    // CPython's own report ("Fatal Python error: ...", the runtime state, the exception,
    // the thread) and exit status, as python prints them.
    Py_ExitStatusException(status);
  }
  return Py_RunMain();
}

}  // namespace twinhost::detail
