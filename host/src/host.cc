#include "twinhost/host.h"

#include <atomic>
#include <thread>

#include "runtime.h"

namespace twinhost {

struct Host::Impl {
  std::thread::id owner = std::this_thread::get_id();
  std::unique_ptr<detail::Context> contexts[2];
  // What interrupt() may read from another thread.
  std::atomic<detail::Context*> published[2] = {nullptr, nullptr};

  static int index(Language language) { return language == Language::JavaScript ? 0 : 1; }

  void check_thread() const {
    if (std::this_thread::get_id() != owner)
      throw HostError("twinhost::Host used from a thread other than the one that created it");
  }

  detail::Context& context(Language language) {
    check_thread();
    auto& slot = contexts[index(language)];
    if (!slot) {
      slot = detail::runtime(language).new_context();
      published[index(language)] = slot.get();
    }
    return *slot;
  }
};

Host::Host() : impl_(std::make_unique<Impl>()) {}

// Python's namespace goes first: it may hold nothing of Node's, but a Node environment's
// teardown runs JS `exit` handlers that could still reach Python in later versions.
Host::~Host() {
  impl_->published[0] = impl_->published[1] = nullptr;
  impl_->contexts[Impl::index(Language::Python)].reset();
  impl_->contexts[Impl::index(Language::JavaScript)].reset();
}

void Host::exec(Language language, std::string_view code, std::string_view filename) {
  impl_->context(language).exec(code, filename);
}

Value Host::eval(Language language, std::string_view expression) {
  return impl_->context(language).eval(expression);
}

void Host::run_file(const std::string& path) {
  auto language = language_from_path(path);
  if (!language)
    throw HostError("twinhost: cannot tell the language of '" + path +
                    "' (expected .js, .cjs, .mjs or .py)");
  run_file(*language, path);
}

void Host::run_file(Language language, const std::string& path) {
  impl_->context(language).run_file(path);
}

void Host::run_event_loop() {
  impl_->check_thread();
  if (auto& node = impl_->contexts[Impl::index(Language::JavaScript)]) node->run_event_loop(false);
}

bool Host::run_event_loop_once() {
  impl_->check_thread();
  auto& node = impl_->contexts[Impl::index(Language::JavaScript)];
  return node ? node->run_event_loop(true) : false;
}

void Host::interrupt(Language language) {
  if (detail::Context* context = impl_->published[Impl::index(language)]) context->interrupt();
}

bool Host::uses(Language language) const {
  return impl_->contexts[Impl::index(language)] != nullptr;
}

}  // namespace twinhost
