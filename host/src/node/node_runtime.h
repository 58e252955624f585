// Internal to the Node runtime module: the process-wide platform and the RAII scope
// every entry into an environment uses.
#pragma once

#include <node.h>
#include <v8-version.h>

#include <memory>
#include <string>

#include "../runtime.h"
#include "environments.h"

namespace twinhost::detail {

// Enters an environment's isolate and context for one call from C++; through its gate
// (environments.h) once it is registered as `environment`.
class EnvironmentScope {
 public:
  EnvironmentScope(node::CommonEnvironmentSetup& setup, node_face::Environment* environment)
      : entry_(environment),
        locker_(setup.isolate()),
        isolate_scope_(setup.isolate()),
        handle_scope_(setup.isolate()),
        context_scope_(setup.context()) {}

 private:
  node_face::Environment::Entry entry_;
  v8::Locker locker_;
  v8::Isolate::Scope isolate_scope_;
  v8::HandleScope handle_scope_;
  v8::Context::Scope context_scope_;
};

// The platform shared by every environment of the process; null until Node started.
node::MultiIsolatePlatform* node_platform();
// Whether V8 is initialised (any thread): before that, no V8 call is safe, not even a query.
bool v8_started();

// The folder of the `twinhost` JS package (the binding's require/import entry points).
std::string twinhost_package_dir();

// The value model's conversion of a script's result (bindings/node), with its errors as
// ConversionError; JS that throws while the value is read (a getter) is the script's error.
Value script_value(v8::Isolate* isolate, v8::Local<v8::Value> value, const v8::TryCatch& try_catch);

// A Host's environment, or the guest's (node_context.cc). `ended_at_exit`: ended by
// tear_down_host_environments() (a Host's: one thread uses it, its owner).
std::unique_ptr<Context> make_node_context(bool ended_at_exit);
// exec/eval from other threads in the environment of `isolate`, whose loop thread owns it
// (the entry script's); throws HostError once it has stopped (interop_contexts.cc).
std::unique_ptr<Context> make_loop_environment_context(v8::Isolate* isolate);
// The environment whose JS is running on this thread, or null (interop_contexts.cc).
Context* current_environment_context();
// At process exit (atexit): ends every Host's environment that is still alive, as its
// destructor would, while Node is whole; a Host destroyed later finds it ended. A static
// Host's destructor runs after libnode's own static destructors (node_context.cc).
void tear_down_host_environments();

}  // namespace twinhost::detail
