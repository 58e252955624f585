// A Host's Node environment: its own isolate, globals and event loop.
#include <poll.h>
#include <uv.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
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

// The value model's conversion (bindings/node), with its errors as ConversionError; JS
// that throws while the value is read (a getter) is the script's error.
Value script_value(v8::Isolate* isolate, v8::Local<v8::Value> value,
                   const v8::TryCatch& try_catch) {
  try {
    return node_face::to_value(isolate, value);
  } catch (const api::Error& e) {
    throw api::conversion_error(e);
  } catch (const node_face::PendingException&) {
    if (try_catch.HasTerminated()) node_face::throw_stopped(isolate);
    throw node_face::script_error(isolate, try_catch.Exception(), try_catch.Message());
  }
}

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
globalThis.require(twinhostPackage + '/module-paths.cjs');

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
    return { exports: module.exports };
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
// An interrupt terminates JS where it stands, skipping the code that pops node's async
// context stack (emitAfter, in a `finally`): C++ calls this once the termination is over.
// (Node's check that would abort on the uneven stack meanwhile is off in a guest start.)
const { clearAsyncIdStack } = require('internal/async_hooks');
helpers.afterInterrupt = clearAsyncIdStack;
// Read by C++ when node reports an uncaught error through the process-exit handler.
process.on('uncaughtExceptionMonitor', (error) => { helpers.lastUncaught = error; });
return helpers;
)js";

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
    EnvironmentScope scope(*setup_, environment_.get());
    // Held only while a call runs: other threads enter it with v8::Locker.
    node_face::environment_started(setup_->isolate(), false, setup_->event_loop());
    environment_ = node_face::find_environment(setup_->isolate());
    v8::Local<v8::Value> helpers;
    // The bootstrap learns where the twinhost package is (a JS string literal of the path).
    std::string source = "const twinhostPackage = '";
    for (char c : twinhost_package_dir()) {
      if (c == '\\' || c == '\'') source += '\\';
      source += c;
    }
    source += "';\n" + std::string(kBootstrap);
    if (!node::LoadEnvironment(setup_->env(), source.c_str()).ToLocal(&helpers) ||
        !helpers->IsObject())
      throw HostError("twinhost: the Node.js environment failed to bootstrap");
    helpers_.Reset(isolate(), helpers.As<v8::Object>());
    watch_async_stack();
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
      EnvironmentScope scope(*setup_, environment_.get());
      // As node does before it exits: `exit` listeners run unless process.exit() ran.
      if (!exited_) (void)node::EmitProcessExit(setup_->env());
      helpers_.Reset();
      node_face::environment_stopping(setup_->isolate());
      node::Stop(setup_->env());
    }
    setup_.reset();
  }

  void exec(std::string_view code, std::string_view filename) override {
    check_torn_down();
    WakeWaitingLoop wake(environment_);
    EnvironmentScope scope(*setup_, environment_.get());
    (void)run(code, filename);
  }

  Value eval(std::string_view expression) override {
    check_torn_down();
    WakeWaitingLoop wake(environment_);
    EnvironmentScope scope(*setup_, environment_.get());
    Value value;
    run(expression, "<eval>", &value);
    return value;
  }

  Value run_file(const std::string& path) override {
    check_torn_down();
    char resolved[PATH_MAX];
    if (!realpath(path.c_str(), resolved))
      throw HostError("twinhost: can't open file '" + path + "'");
    EnvironmentScope scope(*setup_, environment_.get());
    v8::HandleScope handles(isolate());
    v8::Local<v8::Value> result = call_helper(
        "runFile", {string(resolved), string(twinhost_package_dir() + "/esm-hooks.mjs")});
    if (!result->IsPromise()) {  // CommonJS: { exports }
      v8::Local<v8::Value> exports;
      if (!result.As<v8::Object>()->Get(setup_->context(), string("exports")).ToLocal(&exports))
        throw HostError("twinhost: the module's exports cannot be read");
      return by_reference(exports);
    }
    // An ES module: run the loop until its evaluation settles.
    auto promise = result.As<v8::Promise>();
    while (promise->State() == v8::Promise::kPending && run_event_loop(true)) {
    }
    if (promise->State() == v8::Promise::kRejected)
      throw node_face::script_error(isolate(), promise->Result(), v8::Local<v8::Message>());
    if (promise->State() == v8::Promise::kPending)
      throw HostError("twinhost: the ES module '" + path + "' never finished evaluating");
    return by_reference(promise->Result());
  }

  Value get_global(std::string_view name) override {
    check_torn_down();
    WakeWaitingLoop wake(environment_);
    EnvironmentScope scope(*setup_, environment_.get());
    v8::Local<v8::String> key = string(name);
    bool on_global = true;
    Value value;
    call_js(
        [&](v8::Local<v8::Context> context) -> v8::MaybeLocal<v8::Value> {
          v8::Local<v8::Object> global = context->Global();
          v8::Maybe<bool> has = global->Has(context, key);
          if (has.IsNothing()) return {};
          if (has.FromJust()) return global->Get(context, key);
          on_global = false;  // perhaps a top-level let/const, which no object holds
          return v8::Undefined(isolate());
        },
        &value);
    if (on_global) return value;
    if (!is_identifier(name)) {
      std::string message = std::string(name) + " is not defined";
      throw ScriptError(Language::JavaScript, "ReferenceError", message,
                        "ReferenceError: " + message + "\n");
    }
    run(name, "<twinhost>", &value);  // the identifier alone: a script that reads it
    return value;
  }

  void set_global(std::string_view name, const Value& value) override {
    check_torn_down();
    WakeWaitingLoop wake(environment_);
    EnvironmentScope scope(*setup_, environment_.get());
    v8::Local<v8::String> key = string(name);
    call_js([&](v8::Local<v8::Context> context) -> v8::MaybeLocal<v8::Value> {
      v8::Local<v8::Value> converted;
      try {
        converted = node_face::from_value(isolate(), value);
      } catch (const api::Error& e) {
        throw api::conversion_error(e);
      }
      if (context->Global()->Set(context, key, converted).IsNothing()) return {};
      return v8::Undefined(isolate());
    });
  }

  bool settled(const Value& awaitable) override {
    check_torn_down();
    EnvironmentScope scope(*setup_, environment_.get());
    v8::HandleScope handles(isolate());
    v8::Local<v8::Object> object = node_face::unwrap_js_object(isolate(), *awaitable.as_object());
    return object.IsEmpty() || !object->IsPromise() ||
           object.As<v8::Promise>()->State() != v8::Promise::kPending;
  }

  // Polls the promise between turns of the loop, which waits for its next event (or the
  // deadline) in between: the promise settles in a callback of the loop or a microtask.
  Value await(const Value& awaitable, double timeout_seconds) override {
    check_torn_down();
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::duration<double>(timeout_seconds < 0 ? 1e9 : timeout_seconds);
    for (;;) {
      {
        EnvironmentScope scope(*setup_, environment_.get());
        v8::HandleScope handles(isolate());
        v8::Local<v8::Object> object =
            node_face::unwrap_js_object(isolate(), *awaitable.as_object());
        if (object.IsEmpty())
          throw ConversionError("twinhost: this JavaScript object is of another environment");
        if (!object->IsPromise()) return awaitable;
        auto promise = object.As<v8::Promise>();
        if (promise->State() == v8::Promise::kFulfilled) {
          Value value;
          call_js(
              [&](v8::Local<v8::Context>) { return v8::MaybeLocal<v8::Value>(promise->Result()); },
              &value);
          return value;
        }
        if (promise->State() == v8::Promise::kRejected) {
          promise->MarkAsHandled();
          throw node_face::script_error(isolate(), promise->Result(), v8::Local<v8::Message>());
        }
      }
      if (std::chrono::steady_clock::now() >= deadline)
        throw TimedOut("twinhost: the JavaScript promise did not settle in time");
      if (!run_event_loop(true)) {
        // Nothing left to run: settled by the last turn, or never.
        EnvironmentScope scope(*setup_, environment_.get());
        v8::HandleScope handles(isolate());
        auto promise =
            node_face::unwrap_js_object(isolate(), *awaitable.as_object()).As<v8::Promise>();
        if (promise->State() == v8::Promise::kPending)
          throw HostError(
              "twinhost: the JavaScript promise is pending and nothing in the event loop can "
              "settle it");
        continue;
      }
      int timeout = event_loop_timeout();
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      deadline - std::chrono::steady_clock::now())
                      .count();
      if (timeout < 0 || timeout > left)
        timeout = static_cast<int>(std::clamp<long long>(left, 0, INT_MAX));
      pollfd wait{event_loop_fd(), POLLIN, 0};
      poll(&wait, 1, timeout);
    }
  }

  bool interrupt_call(std::thread::id target) override {
    return environment_ && environment_->interrupt_running_call(target);
  }

  // Terminates the JS that the Host's thread runs now, then cancels the termination:
  // the environment stays usable (see Environment::interrupt_running_call).
  bool interrupt() override { return environment_ && environment_->interrupt_running_call(owner_); }

  bool run_event_loop(bool once) override {
    check_torn_down();
    check_alive();
    uv_loop_t* loop = setup_->event_loop();
    bool more = false;
    for (;;) {
      int timeout = -1;
      {
        EnvironmentScope scope(*setup_, environment_.get());
        bool interrupted;
        {
          v8::SealHandleScope seal(isolate());
          // A callback that interrupt() terminates ends; node goes on with the next one.
          node_face::Environment::OutermostCall outermost(*environment_);
          uv_run(loop, UV_RUN_NOWAIT);
          interrupted = environment_->take_interrupt_hit();
        }
        if (interrupted) {
          environment_->recover_after_interrupt();
          throw Interrupted(Language::JavaScript);
        }
        throw_kept_uncaught();
        if (exited_) break;
        node_platform()->DrainTasks(isolate());
        more = uv_loop_alive(loop);
        if (once || !more || exited_) break;
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
    return !setup_ || exited_ ? -1 : uv_backend_fd(setup_->event_loop());
  }

  int event_loop_timeout() override {
    if (!setup_) return -1;
    uv_loop_t* loop = setup_->event_loop();
    // uv_backend_timeout() is 0 for a loop with nothing to do: that would be a busy wait.
    if (exited_ || !uv_loop_alive(loop)) return -1;
    // Its clock is cached from the last turn: the next timer is due relative to now.
    uv_update_time(loop);
    return uv_backend_timeout(loop);
  }

 private:
  v8::Isolate* isolate() const { return setup_->isolate(); }

  void check_torn_down() const {
    if (!setup_)
      throw EnvironmentStopped("twinhost: Node.js has shut down (the process is exiting)");
  }

  // Hands the environment record the function that repairs node's async-context stack
  // after an interrupt (see kBootstrap).
  void watch_async_stack() {
    v8::HandleScope handles(isolate());
    v8::Local<v8::Value> repair;
    if (environment_ &&
        helpers_.Get(isolate())
            ->Get(setup_->context(), string("afterInterrupt"))
            .ToLocal(&repair) &&
        repair->IsFunction())
      environment_->set_async_stack_repair(repair.As<v8::Function>());
  }

  // A module's exports for C++: an object by reference (its functions stay callable,
  // nothing is copied that might not convert), anything else by the value model.
  Value by_reference(v8::Local<v8::Value> exports) {
    if (exports->IsObject())
      return Value(node_face::wrap_js_object(isolate(), exports.As<v8::Object>()));
    v8::TryCatch try_catch(isolate());
    return script_value(isolate(), exports, try_catch);
  }

  static bool is_identifier(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
    for (char c : name)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$')) return false;
    return true;
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
    if (!exited_) return;
    if (uncaught_) {
      ScriptError error = std::move(*uncaught_);
      uncaught_.reset();
      throw error;
    }
    // Only an exit that process.exit() asked for reads as one (a Python script turns it
    // into SystemExit); an uncaught error, already reported once, does not.
    if (died_uncaught_)
      throw EnvironmentStopped(
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
    if (environment_) {
      environment_->release_pending();
      environment_->recover_after_interrupt();  // an earlier call's (environments.h)
    }
    // Called from outside the loop, which may not have run for a long time: timers that
    // this call sets count from now, not from the loop's last turn.
    uv_update_time(setup_->event_loop());
    v8::Local<v8::Value> result;
    bool interrupted = false;
    {
      std::optional<node_face::Environment::OutermostCall> outermost;
      if (environment_) outermost.emplace(*environment_);
      node::CallbackScope callback_scope(iso, v8::Object::New(iso), {0, 0});
      v8::TryCatch try_catch(iso);
      bool done = body(setup_->context()).ToLocal(&result);
      interrupted = try_catch.HasTerminated() && environment_ && environment_->end_interrupt();
      if (!done && !interrupted && !try_catch.HasTerminated() && !exited_) {
        ScriptError error =
            node_face::script_error(iso, try_catch.Exception(), try_catch.Message());
        try_catch.Reset();
        throw error;
      }
      if (done && value) *value = script_value(iso, result, try_catch);
      try_catch.Reset();
    }
    if (interrupted) {
      if (environment_) environment_->recover_after_interrupt();
      throw Interrupted(Language::JavaScript);
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
  bool keeps_uncaught_ = false;                         // a Host's: see throw_kept_uncaught
  std::thread::id owner_ = std::this_thread::get_id();  // the Host's thread
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

}  // namespace twinhost::detail
