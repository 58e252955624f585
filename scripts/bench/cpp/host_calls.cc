// The C++ library's crossings, with pybind11 as the Python floor in the same process and
// run: eval, globals, and calling a JS and a Python function from C++. The hand-written V8
// floor is v8_calls.cc (its own process: node starts once per process). Run both through
// scripts/bench/cpp/table.py, which prints the README's table.
#include <benchmark/benchmark.h>
#include <pybind11/embed.h>
#include <twinhost/host.h>

namespace py = pybind11;
using twinhost::Host;
using twinhost::Language;
using twinhost::Value;

namespace {

constexpr auto JS = Language::JavaScript;
constexpr auto PY = Language::Python;

Host& host() {
  static Host* made = [] {
    auto* h = new Host;  // lives until exit, as an application's Host
    h->exec(JS, "function add(a, b) { return a + b; } var counter = 1;");
    h->exec(PY, "def add(a, b):\n    return a + b\ncounter = 1");
    return h;
  }();
  return *made;
}

void twinhost_eval(benchmark::State& state, Language language) {
  Host& h = host();
  for (auto _ : state) benchmark::DoNotOptimize(h.eval(language, "1 + 1"));
}

void twinhost_get_global(benchmark::State& state, Language language) {
  Host& h = host();
  for (auto _ : state) benchmark::DoNotOptimize(h.get_global(language, "counter"));
}

void twinhost_set_global(benchmark::State& state, Language language) {
  Host& h = host();
  for (auto _ : state) h.set_global(language, "counter", 2);
}

// A function held by reference, as an application calls one it looked up once.
void twinhost_call(benchmark::State& state, Language language) {
  Host& h = host();
  auto add = h.get_global(language, "add").as_object();
  const twinhost::List args{1, 2};
  for (auto _ : state) benchmark::DoNotOptimize(add->call(args, {}));
}

void twinhost_call_by_name(benchmark::State& state, Language language) {
  Host& h = host();
  for (auto _ : state) benchmark::DoNotOptimize(h.call(language, "add", {1, 2}));
}

// pybind11 as an embedding application uses it: the GIL held for the whole run (the Host
// started the interpreter; pybind11 only takes the GIL).
void pybind11_eval(benchmark::State& state) {
  host();
  py::gil_scoped_acquire gil;
  py::object scope = py::module_::import("__main__").attr("__dict__");
  for (auto _ : state) benchmark::DoNotOptimize(py::eval("1 + 1", scope).cast<std::int64_t>());
}

void pybind11_call(benchmark::State& state) {
  host();
  py::gil_scoped_acquire gil;
  py::exec("def add(a, b):\n    return a + b", py::module_::import("__main__").attr("__dict__"));
  py::object add = py::module_::import("__main__").attr("add");
  for (auto _ : state) benchmark::DoNotOptimize(add(1, 2).cast<std::int64_t>());
}

// The same, taking the GIL for each call as twinhost does (other threads may run Python
// between calls).
void pybind11_call_gil_per_call(benchmark::State& state) {
  host();
  py::object add;
  {
    py::gil_scoped_acquire gil;
    py::exec("def add(a, b):\n    return a + b", py::module_::import("__main__").attr("__dict__"));
    add = py::module_::import("__main__").attr("add");
  }
  for (auto _ : state) {
    py::gil_scoped_acquire gil;
    benchmark::DoNotOptimize(add(1, 2).cast<std::int64_t>());
  }
  py::gil_scoped_acquire gil;
  add = py::object();
}

}  // namespace

BENCHMARK_CAPTURE(twinhost_eval, js, JS);
BENCHMARK_CAPTURE(twinhost_eval, python, PY);
BENCHMARK(pybind11_eval);
BENCHMARK_CAPTURE(twinhost_get_global, js, JS);
BENCHMARK_CAPTURE(twinhost_get_global, python, PY);
BENCHMARK_CAPTURE(twinhost_set_global, js, JS);
BENCHMARK_CAPTURE(twinhost_set_global, python, PY);
BENCHMARK_CAPTURE(twinhost_call, js, JS);
BENCHMARK_CAPTURE(twinhost_call_by_name, js, JS);
BENCHMARK_CAPTURE(twinhost_call, python, PY);
BENCHMARK_CAPTURE(twinhost_call_by_name, python, PY);
BENCHMARK(pybind11_call);
BENCHMARK(pybind11_call_gil_per_call);

BENCHMARK_MAIN();
