// main() of the twinhost binary: a small launcher, so that a Python script starts as
// fast as /usr/bin/python3. It links libpython and a static libstdc++ and nothing of
// twinhost's own libraries; a Python script runs straight through CPython's main.
// Everything else (JavaScript, bench, --version, --help, errors) is in the module
// twinhost-cli.so, loaded here with dlopen. Measured on `pass`: 7.2 ms for this path
// against 7.3 ms for python3, and 10.4 ms when the binary linked libtwinhost and
// libstdc++ and loaded libpython with dlopen.
#include <dlfcn.h>
#include <malloc.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "../src/python/python_main.h"
#include "command_line.h"

namespace {

// Modules sit in <bindir>/../<libdir>/twinhost once installed, and in
// <bindir>/../lib/twinhost in the build tree; TWINHOST_MODULE_DIR overrides both.
std::string module_dir() {
  if (const char* dir = std::getenv("TWINHOST_MODULE_DIR"); dir && *dir) return dir;
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  std::string self = n > 0 ? std::string(exe, static_cast<size_t>(n)) : std::string("./twinhost");
  std::string bindir = self.substr(0, self.rfind('/'));
  std::string installed = bindir + "/../" TWINHOST_LIBDIR "/twinhost";
  return access((installed + "/twinhost-cli.so").c_str(), F_OK) == 0 ? installed
                                                                     : bindir + "/../lib/twinhost";
}

void* open_module(const char* file) {
  std::string path = module_dir() + "/" + file;
  void* module = dlopen(path.c_str(), RTLD_LAZY | RTLD_GLOBAL);
  if (!module) std::fprintf(stderr, "twinhost: cannot load %s: %s\n", path.c_str(), dlerror());
  return module;
}

// `import twinhost` in a script this launcher runs: the module lives in the Python
// runtime module, loaded only when a script imports it.
PyObject* init_twinhost() {
  void* module = open_module("twinhost-python.so");
  auto init =
      module ? reinterpret_cast<PyObject* (*)()>(dlsym(module, "PyInit_twinhost")) : nullptr;
  if (!init) {
    PyErr_SetString(PyExc_ImportError, "twinhost: cannot load the twinhost Python module");
    return nullptr;
  }
  return init();
}

// The script's status, as the Python module (if the script loaded it) adjusts it: an
// uncaught error in the guest JS environment makes a clean exit status 1, as in node.
int exit_status(int status) {
  void* module = dlopen((module_dir() + "/twinhost-python.so").c_str(), RTLD_LAZY | RTLD_NOLOAD);
  auto adjust = module
                    ? reinterpret_cast<int (*)(int)>(dlsym(module, "twinhost_python_exit_status"))
                    : nullptr;
  return adjust ? adjust(status) : status;
}

// glibc gives each block over 128 KiB its own mapping and hands a freed heap top over
// 128 KiB back to the kernel: when the runtimes make and drop MiB-sized buffers in a loop
// (bytes crossing, Buffers waiting for V8's collector), every new one is faulted in
// again, page by page — 1 MiB there and back took 2.3-3.6 ms a round trip in 5 of 6 runs
// of such a loop here, 64-100 us in 9 of 9 with the settings below (README). Blocks up to 32 MiB
// come from the heap, and up to 64 MiB of freed memory stays for reuse; settings the user gave
// glibc are left as they are.
void keep_freed_memory() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if ((tunables && std::strstr(tunables, "glibc.malloc.")) ||
      std::getenv("MALLOC_TRIM_THRESHOLD_") || std::getenv("MALLOC_MMAP_THRESHOLD_") ||
      std::getenv("MALLOC_TOP_PAD_"))
    return;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory();
  using twinhost::cli::Invocation;
  Invocation invocation = twinhost::cli::parse_command_line({argv, argv + argc});
  if (invocation.action == Invocation::Action::Run &&
      invocation.language == twinhost::Language::Python)
    return exit_status(twinhost::detail::run_python_main(invocation.runtime_argv, init_twinhost));

  void* module = open_module("twinhost-cli.so");
  auto cli_main =
      module ? reinterpret_cast<int (*)(int, char**)>(dlsym(module, "twinhost_cli_main")) : nullptr;
  return cli_main ? cli_main(argc, argv) : 1;
}
