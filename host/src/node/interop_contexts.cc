// The contexts through which Python reaches JS that a Host does not own: the environment
// whose JS is on this thread's stack (a nested call), and the JS entry script's, whose loop
// thread owns it (calls are queued there).
#include "environments.h"
#include "node_face.h"
#include "node_runtime.h"
#include "node_values.h"
#include "twinhost/errors.h"

namespace twinhost::detail {
namespace {

// A context that only runs code in an environment that someone else drives (its loop,
// files and interrupts are not its to touch).
class ExecEvalContext : public Context {
 public:
  void exec(std::string_view code, std::string_view filename) override {
    (void)run(code, filename);
  }
  Value eval(std::string_view expression) override { return run(expression, "<eval>"); }
  Value run_file(const std::string&) override { unsupported(); }
  Value get_global(std::string_view) override { unsupported(); }
  void set_global(std::string_view, const Value&) override { unsupported(); }
  Value await(const Value&, double) override { unsupported(); }
  bool settled(const Value&) override { unsupported(); }
  bool run_event_loop(bool) override { unsupported(); }
  bool interrupt() override { return false; }

 protected:
  virtual Value run(std::string_view code, std::string_view filename) = 0;

 private:
  [[noreturn]] static void unsupported() {
    throw HostError("twinhost: only exec and eval reach JavaScript from here");
  }
};

// Runs a classic script in the environment entered on this thread.
Value run_in_current_environment(std::string_view code, std::string_view filename) {
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::HandleScope handles(isolate);
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::TryCatch try_catch(isolate);
  auto text = [&](std::string_view t) { return node_face::v8_string(isolate, t); };
#if V8_MAJOR_VERSION >= 12
  v8::ScriptOrigin origin(text(filename));
#else
  v8::ScriptOrigin origin(isolate, text(filename));
#endif
  v8::Local<v8::Script> script;
  v8::Local<v8::Value> result;
  if (!v8::Script::Compile(context, text(code), &origin).ToLocal(&script) ||
      !script->Run(context).ToLocal(&result)) {
    if (try_catch.HasTerminated()) node_face::throw_stopped(isolate);
    throw node_face::script_error(isolate, try_catch.Exception(), try_catch.Message());
  }
  return script_value(isolate, result, try_catch);
}

// Code that Python runs while JS of an environment is on this thread's stack (JS called
// Python, which calls back): it runs in that environment, inside the running call.
class CurrentEnvironmentContext final : public ExecEvalContext {
 protected:
  Value run(std::string_view code, std::string_view filename) override {
    return run_in_current_environment(code, filename);
  }
};

// Code that another thread runs in an environment whose loop thread owns it (the JS entry
// script's): queued to that thread, which runs it between loop callbacks.
class LoopEnvironmentContext final : public ExecEvalContext {
 public:
  explicit LoopEnvironmentContext(std::shared_ptr<node_face::Environment> environment)
      : environment_(std::move(environment)) {}

 protected:
  Value run(std::string_view code, std::string_view filename) override {
    if (!environment_->must_queue())  // its own thread, outside its JS: the loop has ended
      throw EnvironmentStopped("twinhost: the JavaScript environment is not running");
    Value result;
    environment_->run_on_loop([&] { result = run_in_current_environment(code, filename); });
    return result;
  }

 private:
  std::shared_ptr<node_face::Environment> environment_;
};

}  // namespace

std::unique_ptr<Context> make_loop_environment_context(v8::Isolate* isolate) {
  auto environment = node_face::find_environment(isolate);
  if (!environment) throw EnvironmentStopped("twinhost: the JavaScript environment has stopped");
  return std::make_unique<LoopEnvironmentContext>(std::move(environment));
}

Context* current_environment_context() {
  // Before V8 starts, its thread-local slot for the current isolate does not exist yet
  // (reading it reads garbage): no JS can be on this thread's stack then anyway.
  if (!v8_started()) return nullptr;
  v8::Isolate* isolate = v8::Isolate::TryGetCurrent();
  if (!isolate || !isolate->InContext()) return nullptr;
  static thread_local CurrentEnvironmentContext current;
  return &current;
}

}  // namespace twinhost::detail
