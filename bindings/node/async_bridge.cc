// Which loop drives which (README, "Async across the boundary"):
// - A Python awaitable awaited in JS runs on the asyncio loop running on this thread if
//   there is one (Python is the entry and asyncio drives Node's loop, see
//   bindings/python/async_bridge.cc). Otherwise it runs on twinhost's guest asyncio loop,
//   which Node drives here: a uv_poll on the loop's selector descriptor and a uv_timer at
//   its next deadline, each running one asyncio iteration. Nothing spins: an idle process
//   sleeps in epoll.
// - The handles hold Node's loop open only while JS awaits a Python task, as a pending
//   timer would.
#include "async_bridge.h"

#include <node.h>
#include <uv.h>

#include <cmath>
#include <cstdio>
#include <map>

#include "node_values.h"
#include "python_bridge.h"
#include "runtime.h"

namespace twinhost::node_face {
namespace {

// The functions of twinhost's asyncio helper module (Python), looked up once per process
// and never released (they outlive the interpreter's last use).
struct AsyncioHelpers {
  Value then;
  Value drive;
};
const AsyncioHelpers& asyncio_helpers() {
  static const AsyncioHelpers* helpers = [] {
    Value module =
        detail::runtime(Language::Python).interop_context().eval("__import__('twinhost')._async()");
    return new AsyncioHelpers{module.as_object()->get("then"), module.as_object()->get("drive")};
  }();
  return *helpers;
}

struct AsyncioDriver {
  uv_poll_t poll;
  uv_timer_t timer;
  v8::Isolate* isolate;
  v8::Global<v8::Context> context;
  int open_handles = 2;
};

std::map<uv_loop_t*, AsyncioDriver*>& drivers() {
  static auto* all = new std::map<uv_loop_t*, AsyncioDriver*>();
  return *all;
}

// One asyncio iteration, then the timer re-armed at asyncio's next deadline.
void drive(AsyncioDriver* driver) {
  v8::Isolate* isolate = driver->isolate;
  v8::HandleScope handles(isolate);
  v8::Local<v8::Context> context = driver->context.Get(isolate);
  v8::Context::Scope context_scope(context);
  // Settling promises queues microtasks: run them (and nextTicks) when this scope closes.
  node::CallbackScope callback_scope(isolate, v8::Object::New(isolate), node::async_context{0, 0});
  Value timeout, pending;
  try {
    Value result = asyncio_helpers().drive.as_object()->call({}, {});
    timeout = result.as_list().at(0);
    pending = result.as_list().at(1);
  } catch (const ScriptError& e) {
    // SystemExit and KeyboardInterrupt leave run_forever() but also end their task, whose
    // awaiting promise rejects with them: nothing is lost. Anything else is a bug of the
    // loop itself: say so, as asyncio's own handler would.
    if (e.type() != "SystemExit" && e.type() != "KeyboardInterrupt")
      std::fprintf(stderr, "twinhost: the asyncio loop failed:\n%s\n", e.stack().c_str());
    timeout = Value(0.0);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "twinhost: the asyncio loop failed: %s\n", e.what());
    return;
  }
  bool awaited = pending.is_int() && pending.as_int() > 0;
  for (uv_handle_t* handle : {reinterpret_cast<uv_handle_t*>(&driver->poll),
                              reinterpret_cast<uv_handle_t*>(&driver->timer)})
    awaited ? uv_ref(handle) : uv_unref(handle);
  if (timeout.is_number()) {
    auto ms = static_cast<std::uint64_t>(std::ceil(std::max(0.0, timeout.as_number()) * 1000));
    uv_timer_start(
        &driver->timer, [](uv_timer_t* t) { drive(static_cast<AsyncioDriver*>(t->data)); }, ms, 0);
  } else {
    uv_timer_stop(&driver->timer);
  }
}

// Closes the handles when the environment is torn down; node waits for `done`.
void close_driver(void* data, void (*done)(void*), void* done_data) {
  auto* driver = static_cast<AsyncioDriver*>(data);
  drivers().erase(driver->poll.loop);
  struct Closing {
    AsyncioDriver* driver;
    void (*done)(void*);
    void* done_data;
  };
  auto* closing = new Closing{driver, done, done_data};
  auto closed = [](uv_handle_t* handle) {
    auto* c = static_cast<Closing*>(handle->data);
    if (--c->driver->open_handles > 0) return;
    c->driver->context.Reset();
    delete c->driver;
    c->done(c->done_data);
    delete c;
  };
  driver->poll.data = closing;
  driver->timer.data = closing;
  uv_close(reinterpret_cast<uv_handle_t*>(&driver->poll), closed);
  uv_close(reinterpret_cast<uv_handle_t*>(&driver->timer), closed);
}

// Makes sure this environment's loop drives the asyncio loop whose selector is `fd`, and
// runs an iteration soon (the new task's first step is scheduled, not run).
void drive_asyncio(v8::Isolate* isolate, int fd) {
  uv_loop_t* loop = node::GetCurrentEventLoop(isolate);
  AsyncioDriver*& driver = drivers()[loop];
  if (!driver) {
    driver = new AsyncioDriver{};
    driver->isolate = isolate;
    driver->context.Reset(isolate, isolate->GetCurrentContext());
    uv_poll_init(loop, &driver->poll, fd);
    uv_timer_init(loop, &driver->timer);
    driver->poll.data = driver;
    driver->timer.data = driver;
    uv_poll_start(&driver->poll, UV_READABLE, [](uv_poll_t* poll, int, int) {
      drive(static_cast<AsyncioDriver*>(poll->data));
    });
    node::AddEnvironmentCleanupHook(isolate, close_driver, driver);
  }
  uv_ref(reinterpret_cast<uv_handle_t*>(&driver->poll));
  uv_ref(reinterpret_cast<uv_handle_t*>(&driver->timer));
  uv_timer_start(
      &driver->timer, [](uv_timer_t* t) { drive(static_cast<AsyncioDriver*>(t->data)); }, 0, 0);
}

// settle(result): calls `result` (Python's future.result) and resolves the promise with its
// value, or rejects it with the PythonError it raised.
void settle(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto resolver = info.Data().As<v8::Promise::Resolver>();
  if (info.Length() < 1 || !info[0]->IsObject()) return;
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Value> value;
  if (info[0]
          .As<v8::Object>()
          ->CallAsFunction(context, v8::Undefined(isolate), 0, nullptr)
          .ToLocal(&value)) {
    static_cast<void>(resolver->Resolve(context, value).IsJust());
  } else if (try_catch.HasCaught() && !try_catch.HasTerminated()) {
    v8::Local<v8::Value> error = try_catch.Exception();
    try_catch.Reset();
    static_cast<void>(resolver->Reject(context, error).IsJust());
  }
}

}  // namespace

void python_then(const v8::FunctionCallbackInfo<v8::Value>& info,
                 const std::shared_ptr<ForeignObject>& awaitable) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto resolver = must(v8::Promise::Resolver::New(context));
  auto settler = must(v8::Function::New(context, settle, resolver));
  Value fd =
      asyncio_helpers().then.as_object()->call({Value(awaitable), to_value(isolate, settler)}, {});
  if (fd.is_int() && fd.as_int() >= 0) drive_asyncio(isolate, static_cast<int>(fd.as_int()));
  // As Promise.prototype.then: a new promise, following the callbacks given.
  v8::Local<v8::Promise> promise = resolver->GetPromise();
  v8::Local<v8::Value> args[] = {
      info.Length() > 0 ? info[0] : v8::Undefined(isolate).As<v8::Value>(),
      info.Length() > 1 ? info[1] : v8::Undefined(isolate).As<v8::Value>()};
  auto then = must(promise->Get(context, v8_string(isolate, "then"))).As<v8::Function>();
  info.GetReturnValue().Set(must(then->Call(context, promise, 2, args)));
}

}  // namespace twinhost::node_face
