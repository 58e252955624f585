// Defaults for the sanitized build's binaries (TWINHOST_SANITIZE), so that any run of them
// behaves as the test suite expects without environment variables; the environment still
// overrides. Leak detection is off: see tests/CMakeLists.txt.
extern "C" {
__attribute__((visibility("default"))) const char* __asan_default_options() {
  return "detect_leaks=0:allocator_may_return_null=1";
}
__attribute__((visibility("default"))) const char* __ubsan_default_options() {
  return "print_stacktrace=1:halt_on_error=1:suppressions=" TWINHOST_UBSAN_SUPPRESSIONS;
}
}
