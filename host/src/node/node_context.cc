// A Host's Node environment: its own isolate, globals and event loop.
#include <poll.h>
#include <uv.h>

#include <atomic>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <set>

#include "environments.h"
#include "js_object.h"
#include "node_face.h"
#include "node_runtime.h"
#include "node_values.h"
#include "twinhost/errors.h"

namespace twinhost::detail {
namespace {

// Runs inside the new environment once. `require` here loads built-ins only; the
// script gives the environment a real `require` (relative to the working directory)
// and returns the helpers that C++ calls.
constexpr const char* kBootstrap = R"js(
const Module = require('module');
const path = require('path');
const { pathToFileURL } = require('url');
const base = path.join(process.cwd(), '[twinhost]');
globalThis.require = Module.createRequire(base);

// import() needs a module that Node compiled; a one-line CommonJS module provides it.
const loader = new Module(base, null);
loader.filename = base;
loader.paths = Module._nodeModulePaths(process.cwd());
loader._compile('module.exports = (url) => import(url);', base);
const importModule = loader.exports;

let esmHooks = false;
const helpers = {
  runFile(file, hooks) {
    if (file.endsWith('.mjs')) {
      // ES modules do not search NODE_PATH: the twinhost package's hooks resolve it.
      if (!esmHooks) Module.register(pathToFileURL(hooks).href, pathToFileURL(base));
      esmHooks = true;
      return importModule(pathToFileURL(file).href);
    }
    const module = new Module(file, null);
    module.filename = file;
    module.paths = Module._nodeModulePaths(path.dirname(file));
    module.load(file);
    return undefined;
  },
  lastUncaught: undefined,
  // A Host's environment: an uncaught error (a throwing timer, an unhandled rejection) is
  // kept for C++ to throw from the next call, instead of ending the environment and
  // printing node's report on the application's stderr.
  pendingUncaught: undefined,
  keepUncaught() {
    process.on('uncaughtException', (error) => { helpers.pendingUncaught = error; });
  },
};
// Read by C++ when node reports an uncaught error through the process-exit handler.
process.on('uncaughtExceptionMonitor', (error) => { helpers.lastUncaught = error; });
return helpers;
)js";

// The value model's conversion (bindings/node), with its errors as ConversionError; JS
// that throws while the value is read (a getter) is the script's error.
Value to_value(v8::Isolate* isolate, v8::Local<v8::Value> value, const v8::TryCatch& try_catch) {
  try {
    return node_face::to_value(isolate, value);
  } catch (const api::Error& e) {
    throw api::conversion_error(e);
  } catch (const node_face::PendingException&) {
    if (try_catch.HasTerminated()) node_face::throw_stopped(isolate);
    throw node_face::script_error(isolate, try_catch.Exception(), try_catch.Message());
  }
}

// A context that only runs code in an environment that someone else drives (its loop,
// files and interrupts are not its to touch).
class ExecEvalContext : public Context {
 public:
  void exec(std::string_view code, std::string_view filename) override {
    (void)run(code, filename);
  }
  Value eval(std::string_view expression) override { return run(expression, "<eval>"); }
  void run_file(const std::string&) override { unsupported(); }
  bool run_event_loop(bool) override { unsupported(); }
  void interrupt() override {}

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
  return to_value(isolate, result, try_catch);
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
      throw HostError("twinhost: the JavaScript environment is not running");
    Value result;
    environment_->run_on_loop([&] { result = run_in_current_environment(code, filename); });
    return result;
  }

 private:
  std::shared_ptr<node_face::Environment> environment_;
};

// After a call that another thread made while the environment's loop waits (see
// NodeContext::run_event_loop): wakes the wait, which recomputes its timeout.
class WakeWaitingLoop {
 public:
  explicit WakeWaitingLoop(const std::shared_ptr<node_face::Environment>& environment)
      : environment_(environment.get()) {}
  ~WakeWaitingLoop() {
    if (environment_) environment_->wake_if_waiting();
  }
  WakeWaitingLoop(const WakeWaitingLoop&) = delete;
  WakeWaitingLoop& operator=(const WakeWaitingLoop&) = delete;

 private:
  node_face::Environment* environment_;
};

class NodeContext;
std::mutex live_mutex;
// Never destroyed: a static Host's destructor may look here after static destruction began.
std::set<NodeContext*>& live_contexts() {
  static auto* contexts = new std::set<NodeContext*>();
  return *contexts;
}

class NodeContext final : public Context {
 public:
  explicit NodeContext(bool ended_at_exit) {
    std::vector<std::string> errors;
    // Several Hosts may hold environments at once: each owns process state (chdir,
    // umask, as a main thread does) but none the inspector, which is one per process.
    auto flags = static_cast<node::EnvironmentFlags::Flags>(
        node::EnvironmentFlags::kOwnsProcessState | node::EnvironmentFlags::kNoCreateInspector);
    setup_ = node::CommonEnvironmentSetup::Create(node_platform(), &errors,
                                                  std::vector<std::string>{"twinhost"},
                                                  std::vector<std::string>{}, flags);
    if (!setup_) {
      std::string all;
      for (const auto& e : errors) all += (all.empty() ? "" : "; ") + e;
      throw HostError("twinhost: cannot create a Node.js environment: " + all);
    }
    // process.exit() and uncaught errors end here instead of in exit(): keep the status
    // and the error, and stop this environment only.
    node_face::install(setup_->env());
    node::SetProcessExitHandler(setup_->env(), [this](node::Environment* env, int code) {
      exited_ = true;
      exit_code_ = code;
      if (code != 0) capture_uncaught();
      // Its JS objects go dead now; calls under way learn process.exit()'s status.
      node_face::environment_stopping(isolate(), died_uncaught_ ? -1 : code);
      node::Stop(env);
    });
    EnvironmentScope scope(*setup_);
    // Held only while a call runs: other threads enter it with v8::Locker.
    node_face::environment_started(setup_->isolate(), false, setup_->event_loop());
    environment_ = node_face::find_environment(setup_->isolate());
    v8::Local<v8::Value> helpers;
    if (!node::LoadEnvironment(setup_->env(), kBootstrap).ToLocal(&helpers) || !helpers->IsObject())
      throw HostError("twinhost: the Node.js environment failed to bootstrap");
    helpers_.Reset(isolate(), helpers.As<v8::Object>());
    if (ended_at_exit) {  // a Host's (the CLI's guest keeps node's behaviour)
      call_helper("keepUncaught", {});
      keeps_uncaught_ = true;
      // Last: a constructor that threw leaves nothing behind for the exit to end.
      std::lock_guard<std::mutex> lock(live_mutex);
      live_contexts().insert(this);
    }
  }

  ~NodeContext() override {
    {
      std::lock_guard<std::mutex> lock(live_mutex);
      live_contexts().erase(this);
    }
    tear_down();
  }

  // Ends the environment (idempotent): at destruction, or at process exit.
  void tear_down() {
    if (!setup_) return;
    {
      EnvironmentScope scope(*setup_);
      // As node does before it exits: `exit` listeners run unless process.exit() ran.
      if (!exited_ && !interrupted_) (void)node::EmitProcessExit(setup_->env());
      helpers_.Reset();
      node_face::environment_stopping(setup_->isolate());
      node::Stop(setup_->env());
    }
    setup_.reset();
  }

  void exec(std::string_view code, std::string_view filename) override {
    check_torn_down();
    WakeWaitingLoop wake(environment_);
    yield_to_interrupt();
    EnvironmentScope scope(*setup_);
    (void)run(code, filename);
  }

  Value eval(std::string_view expression) override {
    check_torn_down();
    WakeWaitingLoop wake(environment_);
    yield_to_interrupt();
    EnvironmentScope scope(*setup_);
    Value value;
    run(expression, "<eval>", &value);
    return value;
  }

  void run_file(const std::string& path) override {
    check_torn_down();
    char resolved[PATH_MAX];
    if (!realpath(path.c_str(), resolved))
      throw HostError("twinhost: can't open file '" + path + "'");
    yield_to_interrupt();
    EnvironmentScope scope(*setup_);
    v8::Local<v8::Value> result = call_helper(
        "runFile", {string(resolved), string(twinhost_package_dir() + "/esm-hooks.mjs")});
    if (!result->IsPromise()) return;
    // An ES module: run the loop until its evaluation settles.
    auto promise = result.As<v8::Promise>();
    while (promise->State() == v8::Promise::kPending && run_event_loop(true)) {
    }
    if (promise->State() == v8::Promise::kRejected)
      throw node_face::script_error(isolate(), promise->Result(), v8::Local<v8::Message>());
    if (promise->State() == v8::Promise::kPending)
      throw HostError("twinhost: the ES module '" + path + "' never finished evaluating");
  }

  void interrupt_call(std::thread::id target) override {
    if (environment_) environment_->interrupt_call(target);
  }

  void interrupt() override {
    interrupted_ = true;
    if (setup_) node::Stop(setup_->env());  // thread-safe: terminates JS and stops the loop
  }

  bool run_event_loop(bool once) override {
    check_torn_down();
    check_alive();
    uv_loop_t* loop = setup_->event_loop();
    bool more = false;
    for (;;) {
      int timeout = -1;
      {
        EnvironmentScope scope(*setup_);
        v8::SealHandleScope seal(isolate());
        uv_run(loop, UV_RUN_NOWAIT);
        throw_kept_uncaught();
        if (exited_ || interrupted_) break;
        node_platform()->DrainTasks(isolate());
        more = uv_loop_alive(loop);
        if (once || !more || exited_ || interrupted_) break;
        timeout = uv_backend_timeout(loop);
      }
      // Waits for the loop's next event with the isolate released: other threads may
      // enter the environment meanwhile, and wake this wait when they leave it.
      environment_->set_loop_waiting(true);
      pollfd wait{uv_backend_fd(loop), POLLIN, 0};
      poll(&wait, 1, timeout);
      environment_->set_loop_waiting(false);
    }
    check_alive();
    return more;
  }

  int event_loop_fd() override {
    return !setup_ || exited_ || interrupted_ ? -1 : uv_backend_fd(setup_->event_loop());
  }

  int event_loop_timeout() override {
    if (!setup_) return -1;
    uv_loop_t* loop = setup_->event_loop();
    // uv_backend_timeout() is 0 for a loop with nothing to do: that would be a busy wait.
    if (exited_ || interrupted_ || !uv_loop_alive(loop)) return -1;
    // Its clock is cached from the last turn: the next timer is due relative to now.
    uv_update_time(loop);
    return uv_backend_timeout(loop);
  }

 private:
  v8::Isolate* isolate() const { return setup_->isolate(); }

  void check_torn_down() const {
    if (!setup_) throw HostError("twinhost: Node.js has shut down (the process is exiting)");
  }

  // Before this thread takes the isolate (see Environment::yield_to_interrupt).
  void yield_to_interrupt() {
    if (environment_ && !v8::Locker::IsLocked(isolate())) environment_->yield_to_interrupt();
  }

  // Runs inside the exit handler, while JS can still be read.
  void capture_uncaught() {
    v8::HandleScope handles(isolate());
    v8::TryCatch ignore(isolate());
    v8::Local<v8::Value> error;
    if (!helpers_.IsEmpty() &&
        helpers_.Get(isolate())->Get(setup_->context(), string("lastUncaught")).ToLocal(&error) &&
        !error->IsUndefined())
      uncaught_ = node_face::script_error(isolate(), error, v8::Local<v8::Message>());
    died_uncaught_ = uncaught_.has_value();
  }

  // A Host's environment keeps its uncaught errors (keepUncaught): each is thrown once,
  // from the call or loop turn that follows it; the environment stays usable.
  void throw_kept_uncaught() {
    if (!keeps_uncaught_) return;
    v8::HandleScope handles(isolate());
    v8::Local<v8::Context> context = setup_->context();
    v8::Local<v8::Object> helpers = helpers_.Get(isolate());
    v8::Local<v8::Value> error;
    if (!helpers->Get(context, string("pendingUncaught")).ToLocal(&error) || error->IsUndefined())
      return;
    helpers->Set(context, string("pendingUncaught"), v8::Undefined(isolate())).Check();
    throw node_face::script_error(isolate(), error, v8::Local<v8::Message>());
  }

  // After process.exit() or an uncaught error the environment is stopped for good: the
  // uncaught error is thrown once, then every call says the environment has exited.
  void check_alive() {
    if (interrupted_) throw HostError("twinhost: the JavaScript environment was interrupted");
    if (!exited_) return;
    if (uncaught_) {
      ScriptError error = std::move(*uncaught_);
      uncaught_.reset();
      throw error;
    }
    // Only an exit that process.exit() asked for reads as one (a Python script turns it
    // into SystemExit); an uncaught error, already reported once, does not.
    if (died_uncaught_)
      throw HostError(
          "twinhost: the Node.js environment stopped after an uncaught error (exit code " +
          std::to_string(exit_code_) + ")");
    throw EnvironmentExited(exit_code_);
  }

  // Calls into JS from C++: microtasks and nextTicks run before returning, as after any
  // callback from the event loop; a throw becomes a ScriptError. `body` returns the
  // MaybeLocal of the call it makes. `value`: the result converted there, inside the call
  // (a promise handed out is marked handled on conversion, which must come before node
  // checks for unhandled rejections as the call closes).
  template <typename Body>
  v8::Local<v8::Value> call_js(Body&& body, Value* value = nullptr) {
    check_alive();
    v8::Isolate* iso = isolate();
    v8::EscapableHandleScope handles(iso);
    if (environment_) environment_->release_pending();
    // Called from outside the loop, which may not have run for a long time: timers that
    // this call sets count from now, not from the loop's last turn.
    uv_update_time(setup_->event_loop());
    v8::Local<v8::Value> result;
    {
      std::optional<node_face::Environment::OutermostCall> outermost;
      if (environment_) outermost.emplace(*environment_);
      node::CallbackScope callback_scope(iso, v8::Object::New(iso), {0, 0});
      v8::TryCatch try_catch(iso);
      bool done = body(setup_->context()).ToLocal(&result);
      if (try_catch.HasTerminated() && environment_ && environment_->end_interrupt())
        throw CallInterrupted();
      if (!done && !try_catch.HasTerminated() && !exited_) {
        ScriptError error =
            node_face::script_error(iso, try_catch.Exception(), try_catch.Message());
        try_catch.Reset();
        throw error;
      }
      if (done && value) *value = to_value(iso, result, try_catch);
      try_catch.Reset();
    }
    check_alive();
    throw_kept_uncaught();
    return handles.Escape(result.IsEmpty() ? v8::Undefined(iso).As<v8::Value>() : result);
  }

  v8::Local<v8::String> string(std::string_view text) {
    v8::Local<v8::String> result;
    if (!v8::String::NewFromUtf8(isolate(), text.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(text.size()))
             .ToLocal(&result))
      throw HostError("twinhost: text too large for a V8 string");
    return result;
  }

  // Compiles and runs `code` as a classic script in the environment's global scope.
  v8::Local<v8::Value> run(std::string_view code, std::string_view filename,
                           Value* value = nullptr) {
    v8::Local<v8::String> source = string(code);
#if V8_MAJOR_VERSION >= 12  // Node 22+: ScriptOrigin no longer takes the isolate
    v8::ScriptOrigin origin(string(filename));
#else
    v8::ScriptOrigin origin(isolate(), string(filename));
#endif
    return call_js(
        [&](v8::Local<v8::Context> context) -> v8::MaybeLocal<v8::Value> {
          v8::Local<v8::Script> script;
          if (!v8::Script::Compile(context, source, &origin).ToLocal(&script)) return {};
          return script->Run(context);
        },
        value);
  }

  v8::Local<v8::Function> helper(const char* name) {
    v8::Local<v8::Value> fn;
    if (!helpers_.Get(isolate())->Get(setup_->context(), string(name)).ToLocal(&fn) ||
        !fn->IsFunction())
      throw HostError(std::string("twinhost: missing bootstrap helper ") + name);
    return fn.As<v8::Function>();
  }

  v8::Local<v8::Value> call_helper(const char* name, std::vector<v8::Local<v8::Value>> args) {
    v8::Local<v8::Function> fn = helper(name);
    return call_js([&](v8::Local<v8::Context> context) {
      return fn->Call(context, helpers_.Get(isolate()), static_cast<int>(args.size()), args.data());
    });
  }

  std::unique_ptr<node::CommonEnvironmentSetup> setup_;
  std::shared_ptr<node_face::Environment> environment_;
  v8::Global<v8::Object> helpers_;
  bool exited_ = false;
  std::optional<ScriptError> uncaught_;
  bool died_uncaught_ = false;
  bool keeps_uncaught_ = false;  // a Host's: see throw_kept_uncaught
  std::atomic<bool> interrupted_{false};
  int exit_code_ = 0;
};

}  // namespace

std::unique_ptr<Context> make_node_context(bool ended_at_exit) {
  return std::make_unique<NodeContext>(ended_at_exit);
}

void tear_down_host_environments() {
  std::set<NodeContext*> contexts;
  {
    std::lock_guard<std::mutex> lock(live_mutex);
    contexts = live_contexts();
  }
  for (NodeContext* context : contexts) context->tear_down();
}

std::unique_ptr<Context> make_loop_environment_context(v8::Isolate* isolate) {
  auto environment = node_face::find_environment(isolate);
  if (!environment) throw HostError("twinhost: the JavaScript environment has stopped");
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
