// The hand-written floor of calling a JS function from C++: node's embedder API and V8
// directly, with the scopes every call from outside JS needs (Locker, Isolate::Scope,
// HandleScope, Context::Scope, TryCatch), arguments made and the result read as int64.
// A second case adds node::CallbackScope, which runs microtasks and nextTicks after the
// call as node does after every callback (twinhost's calls do the same).
#include <benchmark/benchmark.h>
#include <node.h>
#include <uv.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace {

v8::Isolate* isolate = nullptr;
v8::Global<v8::Context> context_handle;
v8::Global<v8::Function> add_handle;

template <bool kCallbackScope>
void v8_call(benchmark::State& state) {
  for (auto _ : state) {
    v8::Locker locker(isolate);
    v8::Isolate::Scope isolate_scope(isolate);
    v8::HandleScope handles(isolate);
    v8::Local<v8::Context> context = context_handle.Get(isolate);
    v8::Context::Scope context_scope(context);
    std::unique_ptr<node::CallbackScope> callback_scope;
    if (kCallbackScope)
      callback_scope = std::make_unique<node::CallbackScope>(isolate, v8::Object::New(isolate),
                                                             node::async_context{0, 0});
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> args[] = {v8::Integer::New(isolate, 1), v8::Integer::New(isolate, 2)};
    v8::Local<v8::Value> result;
    if (!add_handle.Get(isolate)->Call(context, v8::Undefined(isolate), 2, args).ToLocal(&result)) {
      state.SkipWithError("the call threw");
      break;
    }
    benchmark::DoNotOptimize(result->IntegerValue(context).FromJust());
  }
}

}  // namespace

BENCHMARK_TEMPLATE(v8_call, false)->Name("v8_call/js");
BENCHMARK_TEMPLATE(v8_call, true)->Name("v8_call_with_callback_scope/js");

int main(int argc, char** argv) {
  argv = uv_setup_args(argc, argv);
  benchmark::Initialize(&argc, argv);
  // Node sees only the program name: the benchmark's flags are not node options.
  std::vector<std::string> args{argv[0]};
  auto init = node::InitializeOncePerProcess(
      args, {node::ProcessInitializationFlags::kNoInitializeV8,
             node::ProcessInitializationFlags::kNoInitializeNodeV8Platform});
  if (init->exit_code() != 0) return init->exit_code();
  std::unique_ptr<node::MultiIsolatePlatform> platform = node::MultiIsolatePlatform::Create(2);
  v8::V8::InitializePlatform(platform.get());
  v8::V8::Initialize();
  std::vector<std::string> errors;
  auto setup = node::CommonEnvironmentSetup::Create(platform.get(), &errors, init->args(),
                                                    init->exec_args());
  if (!setup) {
    for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 1;
  }
  isolate = setup->isolate();
  {
    v8::Locker locker(isolate);
    v8::Isolate::Scope isolate_scope(isolate);
    v8::HandleScope handles(isolate);
    v8::Context::Scope context_scope(setup->context());
    v8::Local<v8::Value> add;
    if (!node::LoadEnvironment(setup->env(), "return function add(a, b) { return a + b; };")
             .ToLocal(&add) ||
        !add->IsFunction())
      return 1;
    context_handle.Reset(isolate, setup->context());
    add_handle.Reset(isolate, add.As<v8::Function>());
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  {
    v8::Locker locker(isolate);
    add_handle.Reset();
    context_handle.Reset();
    node::Stop(setup->env());
  }
  setup.reset();
  v8::V8::Dispose();
  v8::V8::DisposePlatform();
  node::TearDownOncePerProcess();
  return 0;
}
