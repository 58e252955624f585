#include "environments.h"

#include <node.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include "lent_lock.h"
#include "shared_buffer.h"
#include "twinhost/errors.h"

namespace twinhost::node_face {
namespace {

std::mutex registry_mutex;
// process.exit()'s status of each stopped environment, until its isolate is reused.
std::map<v8::Isolate*, int> exit_codes;
std::map<v8::Isolate*, std::shared_ptr<Environment>>& registry() {
  static auto* environments = new std::map<v8::Isolate*, std::shared_ptr<Environment>>();
  return *environments;
}

// Registers `isolate` (its context entered, on its thread); stops it at node's cleanup,
// which also covers worker_threads that end on their own.
std::shared_ptr<Environment> register_environment(v8::Isolate* isolate, bool loop_owned,
                                                  uv_loop_t* loop) {
  auto environment = std::make_shared<Environment>(isolate, loop_owned);
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    registry()[isolate] = environment;
    exit_codes.erase(isolate);
  }
  environment->start_queue(loop);
  node::AddEnvironmentCleanupHook(
      isolate, [](void* data) { environment_stopping(static_cast<v8::Isolate*>(data)); }, isolate);
  return environment;
}

}  // namespace

Environment::Environment(v8::Isolate* isolate, bool loop_owned)
    : isolate_(isolate),
      loop_owned_(loop_owned),
      loop_thread_(std::this_thread::get_id()),
      loop_calls_out_(&calls_into_python_here()),
      context_(isolate, isolate->GetCurrentContext()) {}

void EntryGate::enter() {
  if (try_enter()) return;
  detail::LentLock::let_go_here();
  const std::thread::id me = std::this_thread::get_id();
  std::unique_lock<std::mutex> lock(mutex_);
  ++waiting_;
  for (std::thread::id none; !owner_.compare_exchange_strong(none, me); none = std::thread::id())
    free_.wait(lock);
  --waiting_;
  depth_ = 1;
}

void Environment::run_on_loop(const std::function<void()>& task) {
  detail::LentLock::let_go_here();  // the loop thread may be waiting for it
  Task call{&task, nullptr, false};
  std::unique_lock<std::mutex> lock(mutex_);
  if (!alive_ || !async_)
    throw EnvironmentStopped("twinhost: the JavaScript environment has stopped");
  queue_.push_back(&call);
  uv_async_send(async_);
  // The loop thread serves the queue between loop callbacks. While it is inside a call
  // into Python it cannot: if that call waits for this thread (Thread.join()), neither
  // ever finishes. Which Python call waits for what is not visible from here, so a wait
  // that long in that state is reported (once), not cut short.
  if (!done_.wait_for(lock, std::chrono::seconds(5), [&] { return call.done; }) &&
      loop_calls_out_->load(std::memory_order_relaxed) > 0) {
    static std::atomic<bool> warned{false};
    if (!warned.exchange(true))
      std::fprintf(stderr,
                   "twinhost: warning: a thread has waited 5 s to call into JavaScript while "
                   "the JavaScript thread is inside a call into Python; if that call waits for "
                   "this thread (e.g. Thread.join()), neither will finish\n");
  }
  done_.wait(lock, [&] { return call.done; });
  if (call.error) std::rethrow_exception(call.error);
}

void Environment::release(std::function<void()> free) {
  if (!alive_) return;  // the isolate is gone or going: nothing to release
  if (v8::Locker::IsLocked(isolate_)) {
    free();
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  releases_.push_back(std::move(free));
  has_releases_ = true;
  if (async_) uv_async_send(async_);
}

bool Environment::interrupt_running_call(std::thread::id target) {
  std::lock_guard<std::mutex> one_at_a_time(interrupting_);
  if (inside_.load() != target) return false;
  interrupt_target_ = target;
  call_interrupted_.store(true);
  if (inside_.load() != target) {  // it ended meanwhile (see ~OutermostCall)
    finish_interrupt();
    return false;
  }
  isolate_->RequestInterrupt(on_interrupt, nullptr);
  return true;
}

// Runs on the thread that executes JS in the isolate. The data is the isolate, not the
// record: an interrupt still pending when the environment goes finds nothing to do. On
// another thread than the target's it does nothing: the target's call starts terminated
// when it gets the isolate (OutermostCall).
void Environment::on_interrupt(v8::Isolate* isolate, void*) {
  std::shared_ptr<Environment> self = find_environment(isolate);
  if (self && self->interrupt_pending_here()) self->terminate();
}

void Environment::set_async_stack_repair(v8::Local<v8::Function> repair) {
  repair_.Reset(isolate_, repair);
}

void Environment::repair_async_stack() {
  needs_repair_ = false;
  v8::HandleScope handles(isolate_);
  v8::Local<v8::Context> context = context_.Get(isolate_);
  v8::Context::Scope scope(context);
  v8::TryCatch ignore(isolate_);
  v8::Local<v8::Value> unused;
  if (!repair_.Get(isolate_)->Call(context, v8::Undefined(isolate_), 0, nullptr).ToLocal(&unused))
    return;  // it cannot fail but by termination, which leaves nothing to repair
}

void Environment::finish_interrupt() {
  std::lock_guard<std::mutex> lock(mutex_);
  call_interrupted_ = false;
  interrupt_over_.notify_all();
}

void Environment::wait_for_interrupt() {
  detail::LentLock::let_go_here();
  std::unique_lock<std::mutex> lock(mutex_);
  interrupt_over_.wait_for(lock, std::chrono::milliseconds(100),
                           [&] { return !call_interrupted_; });
}

void Environment::defer(std::function<void()> free) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!alive_) return;
  releases_.push_back(std::move(free));
  has_releases_ = true;
  if (async_) uv_async_send(async_);
}

void Environment::release_pending() {
  if (!has_releases_) return;
  std::vector<std::function<void()>> pending;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending.swap(releases_);
    has_releases_ = false;
  }
  for (auto& free : pending) free();
}

void Environment::start_queue(uv_loop_t* loop) {
  loop_ = loop;
  async_ = new uv_async_t;
  async_->data = this;
  uv_async_init(loop, async_, on_async);
  uv_unref(reinterpret_cast<uv_handle_t*>(async_));  // only the caller's JS keeps a loop alive
}

void Environment::on_async(uv_async_t* async) {
  auto* self = static_cast<Environment*>(async->data);
  v8::Isolate* isolate = self->isolate_;
  v8::HandleScope handles(isolate);
  v8::Context::Scope context_scope(self->context_.Get(isolate));
  self->release_pending();
  // Microtasks and nextTicks run after the queued calls, as after any loop callback.
  node::CallbackScope callback_scope(isolate, v8::Object::New(isolate), node::async_context{0, 0});
  for (;;) {
    Task* task;
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      if (self->queue_.empty()) return;
      task = self->queue_.front();
      self->queue_.pop_front();
    }
    try {
      (*task->run)();
    } catch (...) {
      task->error = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(self->mutex_);
    task->done = true;
    self->done_.notify_all();
  }
}

node::Environment* Environment::find_node_environment(v8::Local<v8::Context> context) {
  return node::GetCurrentEnvironment(context);
}

void keep_thread_state(v8::Isolate* isolate) {
  // Isolates are few and long-lived; an address reused by a new isolate only means that
  // this thread does not keep its state there.
  thread_local std::vector<v8::Isolate*> kept;
  if (v8::Locker::IsLocked(isolate) || std::find(kept.begin(), kept.end(), isolate) != kept.end())
    return;
  new v8::Locker(isolate);
  new v8::Unlocker(isolate);
  kept.push_back(isolate);
}

void Environment::stop() {
  std::vector<std::function<void()>> pending;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!alive_) return;
    alive_ = false;
    for (Task* task : queue_) {
      task->error = std::make_exception_ptr(
          EnvironmentStopped("twinhost: the JavaScript environment has stopped"));
      task->done = true;
    }
    queue_.clear();
    done_.notify_all();
    pending.swap(releases_);
    has_releases_ = false;
  }
  // Still inside, so the isolate is valid; outside the lock, as a release may run code.
  for (auto& free : pending) free();
  std::lock_guard<std::mutex> lock(mutex_);
  context_.Reset();
  repair_.Reset();
  callback_resource_.Reset();
  kept_privates_.clear();
  kept_names_.clear();
  kept_templates_.clear();
  if (async_)
    uv_close(reinterpret_cast<uv_handle_t*>(async_),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_async_t*>(handle); });
  async_ = nullptr;
}

namespace {
// Every JS object that crosses asks: skip the registry's lock while it is the same one.
thread_local std::shared_ptr<Environment> last_environment;
thread_local std::atomic<int> calls_into_python{0};
}  // namespace

Environment* environment_here(v8::Isolate* isolate) {
  std::shared_ptr<Environment>& last = last_environment;
  if (last && last->isolate() == isolate && last->alive()) return last.get();
  last = find_environment(isolate);
  if (!last) last = register_environment(isolate, true, node::GetCurrentEventLoop(isolate));
  return last.get();
}

Environment* registered_environment_here(v8::Isolate* isolate) {
  std::shared_ptr<Environment>& last = last_environment;
  if (last && last->isolate() == isolate && last->alive()) return last.get();
  std::shared_ptr<Environment> found = find_environment(isolate);
  if (!found || !found->alive()) return nullptr;
  last = std::move(found);
  return last.get();
}

std::shared_ptr<Environment> environment_of(v8::Isolate* isolate) {
  environment_here(isolate);
  return last_environment;
}

std::atomic<int>& calls_into_python_here() { return calls_into_python; }

std::shared_ptr<Environment> find_environment(v8::Isolate* isolate) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto it = registry().find(isolate);
  return it == registry().end() ? nullptr : it->second;
}

void environment_started(v8::Isolate* isolate, bool loop_owned, uv_loop_t* loop) {
  register_environment(isolate, loop_owned, loop);
}

void environment_stopping(v8::Isolate* isolate, int exit_code) {
  std::shared_ptr<Environment> environment;
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    if (exit_code >= 0) exit_codes[isolate] = exit_code;
    auto it = registry().find(isolate);
    if (it == registry().end()) return;
    environment = it->second;
    registry().erase(it);  // an isolate at the same address later is a new environment
  }
  environment->stop();
  forget_array_buffers(isolate);  // as for the registry
}

}  // namespace twinhost::node_face

namespace twinhost::node_face {

void throw_stopped(v8::Isolate* isolate) {
  int exit_code = -1;
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    auto it = exit_codes.find(isolate);
    if (it != exit_codes.end()) exit_code = it->second;
  }
  if (exit_code >= 0) throw EnvironmentExited(exit_code);
  throw EnvironmentStopped("twinhost: the JavaScript environment is stopping");
}

}  // namespace twinhost::node_face
