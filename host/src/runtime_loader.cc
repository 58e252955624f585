// Loads the runtime modules on first use. See runtime.h for why they are modules.
#include <dlfcn.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>

#include "runtime.h"
#include "twinhost/errors.h"

namespace twinhost::detail {
namespace {

// Modules sit in `twinhost/` beside libtwinhost.so, in the build tree and once installed;
// TWINHOST_MODULE_DIR overrides that (tests of a relocated tree use it).
std::string module_dir() {
  if (const char* dir = std::getenv("TWINHOST_MODULE_DIR"); dir && *dir) return dir;
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&module_dir), &info) == 0 || !info.dli_fname)
    throw HostError("twinhost: cannot locate libtwinhost to find its runtime modules");
  std::string self = info.dli_fname;
  auto slash = self.rfind('/');
  return (slash == std::string::npos ? std::string(".") : self.substr(0, slash)) + "/twinhost";
}

Runtime* load(Language language) {
  const char* file = language == Language::JavaScript ? "twinhost-node.so" : "twinhost-python.so";
  // The Python module resolves CPython from the process, as extension modules do: the
  // twinhost binary carries a static libpython; any other program gets the shared one.
  if (language == Language::Python && !dlsym(RTLD_DEFAULT, "Py_IsInitialized") &&
      !dlopen(TWINHOST_PYTHON_SONAME, RTLD_NOW | RTLD_GLOBAL))
    throw HostError(std::string("twinhost: cannot load ") + TWINHOST_PYTHON_SONAME + ": " +
                    dlerror());
  std::string path = module_dir() + "/" + file;
  // RTLD_GLOBAL: Python extension modules and Node native addons resolve the runtime's
  // symbols from the global scope, as they do in the stock binaries.
  void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_GLOBAL);
  if (!handle) {
    throw HostError(std::string("twinhost: cannot load the ") + language_name(language) +
                    " runtime: " + dlerror());
  }
  auto entry = reinterpret_cast<Runtime* (*)()>(dlsym(handle, "twinhost_runtime_module"));
  if (!entry) throw HostError("twinhost: " + path + " is not a twinhost runtime module");
  return entry();  // A module stays loaded for the life of the process.
}

}  // namespace

namespace {
std::once_flag once[2];
std::atomic<Runtime*> runtimes[2] = {nullptr, nullptr};
int index_of(Language language) { return language == Language::JavaScript ? 0 : 1; }
}  // namespace

Runtime& runtime(Language language) {
  int index = index_of(language);
  std::call_once(once[index], [&] { runtimes[index] = load(language); });
  return *runtimes[index];
}

Runtime* loaded_runtime(Language language) { return runtimes[index_of(language)]; }

}  // namespace twinhost::detail

namespace twinhost {

Versions versions() {
  Versions result;
  detail::runtime(Language::JavaScript).versions(result);
  detail::runtime(Language::Python).versions(result);
  return result;
}

}  // namespace twinhost
