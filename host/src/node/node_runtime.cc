// The Node.js runtime module: process-wide start of libnode, and the CLI's entry path,
// which hands the script to Node's own main selection (run_main_module, eval_string,
// eval_stdin, the REPL) so that `twinhost x.js` behaves as `node x.js`.
#include "node_runtime.h"

#include <dlfcn.h>
#include <uv.h>

#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <cctype>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include "environments.h"
#include "js_object.h"
#include "node_face.h"
#include "twinhost/errors.h"

namespace twinhost::detail {
namespace {

namespace flags = node::ProcessInitializationFlags;

// Node's own per-process platform (it owns the tracing agent and honours --v8-pool-size):
// an embedder-made one leaves `trace_events` and the inspector's tracing without an agent
// (a segfault). Only the CLI's run_main disposes it; otherwise it lives until libnode's
// static destructors, after the exit handlers that end Hosts' environments.
node::MultiIsolatePlatform* g_platform = nullptr;
std::atomic<bool> g_v8_started{false};

flags::Flags combine(std::initializer_list<flags::Flags> list) {
  uint64_t all = flags::kNoFlags;
  for (auto f : list) all |= f;
  return static_cast<flags::Flags>(all);
}

// The folder of this module: <libdir>/twinhost, which holds node_modules/twinhost.
std::string module_dir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&module_dir), &info) == 0 || !info.dli_fname) return ".";
  std::string self = info.dli_fname;
  return self.substr(0, self.rfind('/'));
}

// Whether package.json text has `"type": "module"` as a top-level field (the same words
// nested in another field, `"config": {"type": "module"}`, are not node's switch).
bool declares_type_module(const std::string& json) {
  int depth = 0;
  std::string last_string;  // the last string literal read at depth 1
  bool after_colon = false, key_is_type = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '"') {
      std::string text;
      for (++i; i < json.size() && json[i] != '"'; ++i) {
        if (json[i] == '\\' && i + 1 < json.size()) ++i;
        text += json[i];
      }
      if (depth == 1 && after_colon && key_is_type) return text == "module";
      if (depth == 1 && !after_colon) last_string = text;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (depth == 1 && c == ':') {
      after_colon = true;
      key_is_type = last_string == "type";
    }
    if (depth == 1 && c == ',') after_colon = false;
  }
  return false;
}

// Whether node will load `script` as an ES module (.mjs, or .js under "type": "module").
bool is_es_module(const std::string& script) {
  auto ends_with = [&](const char* suffix) {
    size_t n = std::strlen(suffix);
    return script.size() >= n && script.compare(script.size() - n, n, suffix) == 0;
  };
  if (ends_with(".mjs")) return true;
  if (!ends_with(".js")) return false;
  char resolved[PATH_MAX];
  if (!realpath(script.c_str(), resolved)) return false;
  std::string dir = resolved;
  while (!dir.empty()) {
    dir = dir.substr(0, dir.rfind('/'));
    std::ifstream in(dir + "/package.json");
    if (!in) continue;
    std::stringstream text;
    text << in.rdbuf();
    return declares_type_module(text.str());
  }
  return false;
}

// TWINHOST_NODE_FLAGS, split into words: node/V8 options for every Node twinhost starts.
std::vector<std::string> node_flags_from_environment() {
  const char* flags = std::getenv("TWINHOST_NODE_FLAGS");
  if (!flags) return {};
  std::istringstream words(flags);
  return {std::istream_iterator<std::string>(words), {}};
}

// The options twinhost adds for node before the user's (after argv[0]) when a script runs:
// the module-paths preload, the ES-module preload for an ES-module script (it registers the hooks
// that resolve `twinhost` there), then TWINHOST_NODE_FLAGS. They apply, but process.execArgv (what
// fork() and cluster pass to children, which inherit TWINHOST_NODE_FLAGS anyway) shows only the
// user's options.
std::vector<std::string> added_node_options(const std::string& script) {
  // Module search paths as stock node's, and the `twinhost` package (module-paths.cjs).
  std::vector<std::string> added{"--require", twinhost_package_dir() + "/module-paths.cjs"};
  std::string file = script;
  struct stat info {};
  for (const char* suffix : {"", ".js", ".mjs", ".cjs"})  // node's resolution of the main
    if (!script.empty() && stat((script + suffix).c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
      file = script + suffix;
      break;
    }
  if (!file.empty() && file != "-" && is_es_module(file)) {
    added.push_back("--require");
    added.push_back(twinhost_package_dir() + "/esm-preload.cjs");
  }
  std::vector<std::string> flags = node_flags_from_environment();
  added.insert(added.end(), flags.begin(), flags.end());
  return added;
}

// Process exit, in the order that keeps each runtime whole while the other may use it:
// Python first (its atexit hooks may run the guest JS loop), then Hosts' environments.
void shut_down_process_at_exit() {
  if (Runtime* python = loaded_runtime(Language::Python)) python->shut_down_at_exit();
  tear_down_host_environments();
}

class NodeRuntime final : public Runtime {
 public:
  int run_main(const MainOptions& options) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (started_) throw HostError("twinhost: Node.js is already running in this process");
      started_ = true;
    }
    // process.title lives in the process's argv memory, which libuv takes over (its copy
    // of the strings is not needed: options.argv holds them).
    if (options.process_argv) (void)uv_setup_args(options.process_argc, options.process_argv);
    // Node as the entry runtime owns SIGINT/SIGTERM and stdio, as in `node`. Stdio
    // inheritance stays on so that children spawned by other means than libuv (Python's
    // subprocess in the same process) keep fds 0-2.
    int early_exit = 0;
    std::vector<std::string> added = added_node_options(options.script);
    if (!start(options.argv, added, combine({flags::kEnableStdioInheritance}), &early_exit))
      return early_exit;
    // node lists the options in order, values as their own entries: the added come first.
    std::vector<std::string> exec_args = init_->exec_args();
    if (exec_args.size() >= added.size())
      exec_args.erase(exec_args.begin(), exec_args.begin() + static_cast<long>(added.size()));

    int exit_code = 0;
    {
      std::vector<std::string> errors;
      auto setup =
          node::CommonEnvironmentSetup::Create(g_platform, &errors, init_->args(), exec_args);
      if (!setup) {
        for (const auto& e : errors) std::fprintf(stderr, "twinhost: %s\n", e.c_str());
        return 1;
      }
      node::Environment* env = setup->env();
      node_face::install(env);
      bool exited = false;
      // The default handler disposes the platform and calls exit(): record the status
      // and stop the environment instead, so that teardown below still runs.
      node::SetProcessExitHandler(env, [&](node::Environment* e, int code) {
        exited = true;
        exit_code = code;
        node::Stop(e);
      });
      {
        EnvironmentScope scope(*setup, nullptr);  // loop-owned: no gate
        // This thread holds the isolate until the loop ends: other threads queue to it.
        node_face::environment_started(setup->isolate(), true, setup->event_loop());
        main_isolate_ = setup->isolate();
        node::LoadEnvironment(env, node::StartExecutionCallback{});
        if (!exited) {
          v8::Maybe<int> code = node::SpinEventLoop(env);
          if (!exited) exit_code = code.FromMaybe(1);
        }
        node_face::environment_stopping(setup->isolate());
        node::Stop(env);
      }
    }
    shutdown();
    return exit_code;
  }

  std::unique_ptr<Context> new_context() override {
    start_as_guest();
    return make_node_context(true);
  }

 private:
  // Starts Node for Hosts and the guest environment, unless it runs already.
  void start_as_guest() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!started_) {
        int early_exit = 0;
        // A guest leaves signals and stdio to whoever embeds it. Host::interrupt() and
        // Ctrl-C terminate JS inside node's callbacks, leaving its async-context stack
        // uneven until it is repaired (environments.h): node's check would abort first.
        // Hosts' environments run module-paths.cjs from their bootstrap; as a preload it
        // also runs in their worker_threads, which then find `twinhost` too.
        if (!start({"twinhost", "--no-force-async-hooks-checks", "--require",
                    twinhost_package_dir() + "/module-paths.cjs"},
                   node_flags_from_environment(),
                   combine({flags::kNoDefaultSignalHandling, flags::kNoStdioInitialization,
                            flags::kNoPrintHelpOrVersionOutput}),
                   &early_exit))
          throw HostError("twinhost: Node.js failed to start");
        started_ = true;
        // Registered after libnode was loaded, so it runs before libnode's own static
        // destructors: Hosts' environments end while Node is whole (node_context.cc).
        std::atexit(shut_down_process_at_exit);
      } else if (!g_platform) {
        throw HostError("twinhost: Node.js has already shut down in this process");
      }
    }
  }

 public:
  Context& interop_context() override {
    if (Context* current = current_environment_context()) return *current;
    if (Context* host = current_host_context(Language::JavaScript)) return *host;
    std::lock_guard<std::mutex> lock(interop_mutex_);
    if (main_isolate_) {
      // The JS entry script's environment, from another thread: queued to its loop.
      if (!interop_) interop_ = make_loop_environment_context(main_isolate_).release();
      return *interop_;
    }
    // Never destroyed, nor ended at exit: other threads (Python's daemon threads) may use
    // it until the process is gone, and Python's exit hooks run its loop.
    if (!interop_) {
      start_as_guest();
      interop_ = make_node_context(false).release();
    }
    return *interop_;
  }

  void versions(Versions& versions) override {
    versions.node = NODE_VERSION_STRING;
    versions.v8 = v8::V8::GetVersion();
    versions.uv = uv_version_string();
  }

 private:
  // InitializeOncePerProcess, which starts Node's platform and V8, kept for the life of
  // the process (V8 cannot start again once disposed). Returns false with *exit_code set
  // if Node reported errors or an early return (e.g. a bad option).
  // `added` goes right after argv[0], before the user's options (see added_node_options).
  bool start(std::vector<std::string> args, const std::vector<std::string>& added,
             flags::Flags process_flags, int* exit_code) {
    args.insert(args.begin() + (args.empty() ? 0 : 1), added.begin(), added.end());
    init_ = node::InitializeOncePerProcess(args, process_flags);
    for (const auto& e : init_->errors()) std::fprintf(stderr, "twinhost: %s\n", e.c_str());
    if (init_->early_return() || !init_->errors().empty()) {
      // --version, --help: done, with node's status (0); an error without one: 9, node's
      // "invalid argument".
      *exit_code = init_->exit_code() || init_->errors().empty() ? init_->exit_code() : 9;
      return false;
    }
    g_platform = init_->platform();  // V8 is initialised on it by now
    g_v8_started = true;
    return true;
  }

  void shutdown() {
    g_v8_started = false;
    g_platform = nullptr;
    node::TearDownOncePerProcess();  // disposes V8 and the platform that it initialised
  }

  std::mutex mutex_;
  bool started_ = false;
  std::mutex interop_mutex_;
  Context* interop_ = nullptr;
  v8::Isolate* main_isolate_ = nullptr;  // the JS entry script's, once it runs
  std::unique_ptr<node::InitializationResult> init_;
};

}  // namespace

node::MultiIsolatePlatform* node_platform() { return g_platform; }

bool v8_started() { return g_v8_started; }

std::string twinhost_package_dir() { return module_dir() + "/node_modules/twinhost"; }

}  // namespace twinhost::detail

extern "C" __attribute__((visibility("default"))) twinhost::detail::Runtime*
twinhost_runtime_module() {
  // Never destroyed: see g_platform.
  static auto* runtime = new twinhost::detail::NodeRuntime;
  return runtime;
}
