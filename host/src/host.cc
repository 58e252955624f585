#include "twinhost/host.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "runtime.h"

namespace twinhost {

namespace {

// A C++ function of Host::define(), as an object of neither runtime: each face calls it
// through its proxy of foreign objects.
class CppFunction final : public ForeignObject {
 public:
  CppFunction(std::string name, Host::Function function)
      : name_(std::move(name)), function_(std::move(function)) {}
  const char* runtime() const override { return "c++"; }
  Value call(const List& args, const Map& kwargs) override { return function_(args, kwargs); }
  Value get(const std::string& name) override { refuse(name); }
  void set(const std::string& name, const Value&) override { refuse(name); }
  bool has(const std::string&) override { return false; }
  Value item(const Value&) override { refuse("[]"); }
  bool has_length() override { return false; }
  std::int64_t length() override { refuse("length"); }
  std::string str() override { return "<C++ function " + name_ + ">"; }

 private:
  [[noreturn]] void refuse(const std::string& what) const {
    throw ConversionError("the C++ function " + name_ + " has no '" + what + "'");
  }

  std::string name_;
  Host::Function function_;
};

}  // namespace

struct Host::Impl {
  std::thread::id owner = std::this_thread::get_id();
  std::unique_ptr<detail::Context> contexts[2];
  // What interrupt() may read from another thread.
  std::atomic<detail::Context*> published[2] = {nullptr, nullptr};
  // Host::define()'s functions, defined in each context as it is made.
  std::vector<std::pair<std::string, Value>> functions;

  static int index(Language language) { return language == Language::JavaScript ? 0 : 1; }

  void check_thread() const {
    if (std::this_thread::get_id() != owner)
      throw WrongThread("twinhost::Host used from a thread other than the one that created it");
  }

  detail::Context& context(Language language) {
    check_thread();
    auto& slot = contexts[index(language)];
    if (!slot) {
      auto made = detail::runtime(language).new_context();
      for (const auto& [name, function] : functions) made->set_global(name, function);
      slot = std::move(made);
      published[index(language)] = slot.get();
    }
    return *slot;
  }
};

namespace {

// The Host whose call is under way on this thread (innermost first).
thread_local Host::Impl* current_host = nullptr;

// For the length of a Host method: what current_host_context() answers on this thread.
class HostCall {
 public:
  explicit HostCall(Host::Impl* host) : previous_(current_host) { current_host = host; }
  ~HostCall() { current_host = previous_; }
  HostCall(const HostCall&) = delete;
  HostCall& operator=(const HostCall&) = delete;

 private:
  Host::Impl* previous_;
};

}  // namespace

namespace detail {

Context* current_host_context(Language language) {
  return current_host ? &current_host->context(language) : nullptr;
}

bool in_host_call() { return current_host != nullptr; }

}  // namespace detail

Host::Host() : impl_(std::make_unique<Impl>()) {}

// Python's namespace goes first: it may hold nothing of Node's, but a Node environment's
// teardown runs JS `exit` handlers that could still reach Python in later versions.
Host::~Host() {
  impl_->published[0] = impl_->published[1] = nullptr;
  impl_->contexts[Impl::index(Language::Python)].reset();
  impl_->contexts[Impl::index(Language::JavaScript)].reset();
}

void Host::exec(Language language, std::string_view code, std::string_view filename) {
  auto& context = impl_->context(language);
  HostCall call(impl_.get());
  context.exec(code, filename);
}

Value Host::eval(Language language, std::string_view expression) {
  auto& context = impl_->context(language);
  HostCall call(impl_.get());
  return context.eval(expression);
}

Value Host::run_file(const std::string& path) {
  auto language = language_from_path(path);
  if (!language)
    throw HostError("twinhost: cannot tell the language of '" + path +
                    "' (expected .js, .cjs, .mjs or .py)");
  return run_file(*language, path);
}

Value Host::run_file(Language language, const std::string& path) {
  auto& context = impl_->context(language);
  HostCall call(impl_.get());
  return context.run_file(path);
}

Value Host::get_global(Language language, std::string_view name) {
  auto& context = impl_->context(language);
  HostCall call(impl_.get());
  return context.get_global(name);
}

void Host::set_global(Language language, std::string_view name, const Value& value) {
  auto& context = impl_->context(language);
  HostCall call(impl_.get());
  context.set_global(name, value);
}

Value Host::call(Language language, std::string_view name, const List& args, const Map& kwargs) {
  auto& context = impl_->context(language);
  HostCall call(impl_.get());
  Value function = context.get_global(name);
  if (!function.is_object())
    throw ConversionError("twinhost: " + std::string(name) + " is a " + kind_name(function.kind()) +
                          ", not a function");
  return function.as_object()->call(args, kwargs);
}

void Host::define(const std::string& name, Function function) {
  impl_->check_thread();
  if (!function) throw ConversionError("twinhost::Host::define: an empty std::function");
  Value value(
      std::shared_ptr<ForeignObject>(std::make_shared<CppFunction>(name, std::move(function))));
  HostCall call(impl_.get());
  for (auto& context : impl_->contexts)
    if (context) context->set_global(name, value);
  impl_->functions.emplace_back(name, std::move(value));
}

Value Host::await(const Value& awaitable, std::chrono::milliseconds timeout) {
  impl_->check_thread();
  if (!awaitable.is_object()) return awaitable;
  std::string_view runtime = awaitable.as_object()->runtime();
  Language language = runtime == "node" ? Language::JavaScript : Language::Python;
  if (runtime != "node" && runtime != "python") return awaitable;
  auto& context = impl_->context(language);
  HostCall call(impl_.get());
  double seconds = timeout == std::chrono::milliseconds::max()
                       ? -1.0  // no limit
                       : std::max(0.0, std::chrono::duration<double>(timeout).count());
  return context.await(awaitable, seconds);
}

bool Host::settled(const Value& awaitable) {
  impl_->check_thread();
  if (!awaitable.is_object()) return true;
  std::string_view runtime = awaitable.as_object()->runtime();
  if (runtime != "node" && runtime != "python") return true;
  auto& context = impl_->context(runtime == "node" ? Language::JavaScript : Language::Python);
  HostCall call(impl_.get());
  return context.settled(awaitable);
}

void Host::set_argv(Language language, const std::vector<std::string>& argv) {
  auto& context = impl_->context(language);
  HostCall call(impl_.get());
  context.set_global("__twinhost_argv", Value(argv));
  context.exec(language == Language::Python
                   ? "import sys as _twinhost_sys\n_twinhost_sys.argv = __twinhost_argv\n"
                     "del _twinhost_sys, __twinhost_argv"
                   : "process.argv = [process.execPath, ...globalThis.__twinhost_argv];"
                     "delete globalThis.__twinhost_argv;",
               "<twinhost>");
}

void Host::run_event_loop() {
  impl_->check_thread();
  HostCall call(impl_.get());
  if (auto& node = impl_->contexts[Impl::index(Language::JavaScript)]) node->run_event_loop(false);
}

bool Host::run_event_loop_once() {
  impl_->check_thread();
  HostCall call(impl_.get());
  auto& node = impl_->contexts[Impl::index(Language::JavaScript)];
  return node ? node->run_event_loop(true) : false;
}

bool Host::interrupt(Language language) {
  detail::Context* context = impl_->published[Impl::index(language)];
  return context && context->interrupt();
}

bool Host::uses(Language language) const {
  return impl_->contexts[Impl::index(language)] != nullptr;
}

}  // namespace twinhost
