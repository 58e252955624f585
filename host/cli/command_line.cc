// Which runtime a command line is for, and what it hands that runtime: the runtimes' own
// option parsers read the options (node's through InitializeOncePerProcess, CPython's
// through PyConfig), so this only finds the runtime: --runtime, a mode (-e/-p node, -c/-m
// python), the script (its extension, its #! line, or node's module resolution), or an
// option only one runtime has.
#include "command_line.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>

namespace twinhost::cli {
namespace {

// Python's one-letter options: with no value, and with one (attached or the next argument).
constexpr std::string_view kPythonFlags = "bBdEhiIOPqRsSuvVx";
constexpr std::string_view kPythonValued = "WX";
// Python's long options; every other `--option` is node's.
constexpr const char* kPythonLong[] = {"--check-hash-based-pycs", "--help-env", "--help-xoptions",
                                       "--help-all"};
// node's options whose value is the next argument (others use `--option=value`).
constexpr const char* kNodeValued[] = {"-r",
                                       "--require",
                                       "--import",
                                       "--loader",
                                       "--experimental-loader",
                                       "-C",
                                       "--conditions",
                                       "--input-type",
                                       "--title",
                                       "--inspect-port",
                                       "--debug-port",
                                       "--trace-event-categories",
                                       "--trace-event-file-pattern",
                                       "--redirect-warnings",
                                       "--unhandled-rejections",
                                       "--v8-pool-size",
                                       "--icu-data-dir",
                                       "--openssl-config",
                                       "--diagnostic-dir",
                                       "--dns-result-order",
                                       "--disable-proto",
                                       "--experimental-policy",
                                       "--policy-integrity",
                                       "--secure-heap",
                                       "--secure-heap-min",
                                       "--heapsnapshot-signal",
                                       "--report-dir",
                                       "--report-directory",
                                       "--report-filename",
                                       "--report-signal",
                                       "--cpu-prof-dir",
                                       "--cpu-prof-name",
                                       "--heap-prof-dir",
                                       "--heap-prof-name",
                                       "--tls-cipher-list",
                                       "--tls-keylog",
                                       "--use-largepages",
                                       "--stack-trace-limit"};

// What one option says about the runtime and the code it selects.
struct Option {
  std::optional<Language> language;  // the only runtime that has it, if one
  bool mode = false;                 // it selects the code to run (-e -p -c -m)
  bool takes_next = false;           // its value is the next argument
};

bool is_one_of(const std::string& arg, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (arg == name) return true;
  return false;
}

Option classify(const std::string& arg) {
  Option o;
  if (is_one_of(arg, {"-e", "--eval", "-p", "--print", "-pe"}))
    return {Language::JavaScript, true, true};
  if (arg.rfind("--eval=", 0) == 0 || arg.rfind("--print=", 0) == 0)
    return {Language::JavaScript, true, false};
  for (const char* name : kNodeValued)
    if (arg == name) return {Language::JavaScript, false, true};
  if (arg.rfind("--", 0) == 0) {
    for (const char* name : kPythonLong)
      if (arg == name || arg.rfind(std::string(name) + "=", 0) == 0)
        return {Language::Python, false, arg == name && arg == "--check-hash-based-pycs"};
    if (arg == "--help" || arg == "--version") return o;  // both runtimes have them
    return {Language::JavaScript, false, false};
  }
  // A group of python's one-letter options (-Bc, -uX dev, -cCODE, -mjson.tool), or node's.
  bool python_only = false;
  for (std::size_t k = 1; k < arg.size(); ++k) {
    char c = arg[k];
    if (c == 'c' || c == 'm') return {Language::Python, true, k + 1 == arg.size()};
    if (kPythonValued.find(c) != std::string_view::npos)
      return {Language::Python, false, k + 1 == arg.size()};
    if (kPythonFlags.find(c) == std::string_view::npos) return o;  // not python's
    if (std::string_view("hiv").find(c) == std::string_view::npos) python_only = true;
  }
  if (python_only) o.language = Language::Python;
  return o;
}

// A node module path that names a file once node adds an extension or /index.js.
bool node_resolves(const std::string& path) {
  struct stat info {};
  for (const char* suffix : {".js", ".cjs", ".mjs", "/index.js"})
    if (stat((path + suffix).c_str(), &info) == 0 && S_ISREG(info.st_mode)) return true;
  return false;
}

bool has_extension(const std::string& path, std::initializer_list<const char*> extensions) {
  for (const char* e : extensions) {
    std::size_t n = std::strlen(e);
    if (path.size() > n && path.compare(path.size() - n, n, e) == 0) return true;
  }
  return false;
}

// Whether a positional argument is the script (rather than the value of an option that is
// not in the tables above): it exists, names a script by its extension, or node resolves it.
bool looks_like_script(const std::string& arg) {
  struct stat info {};
  return stat(arg.c_str(), &info) == 0 || has_extension(arg, {".js", ".cjs", ".mjs", ".py"}) ||
         arg.find('/') != std::string::npos || node_resolves(arg);
}

// The runtime of a script that its extension does not name: its #! line, else node if
// node resolves it (`fork('./child')` starts `twinhost ./child`).
std::optional<Language> runtime_of_script(const std::string& script) {
  if (auto language = language_from_path(script)) return language;
  std::ifstream in(script);
  std::string first;
  if (in && std::getline(in, first) && first.rfind("#!", 0) == 0) {
    if (first.find("python") != std::string::npos) return Language::Python;
    if (first.find("node") != std::string::npos) return Language::JavaScript;
  }
  struct stat info {};
  if (stat(script.c_str(), &info) != 0 && node_resolves(script)) return Language::JavaScript;
  return std::nullopt;
}

Invocation error(std::string message) {
  Invocation result;
  result.action = Invocation::Action::Error;
  result.error = std::move(message);
  return result;
}

const char* runtime_of(Language language) {
  return language == Language::JavaScript ? "node" : "python";
}

}  // namespace

Invocation parse_command_line(const std::vector<std::string>& args) {
  Invocation result;
  if (args.size() > 1 && (args[1] == "bench" || args[1] == "experiment" || args[1] == "report" ||
                          args[1] == "stubs")) {
    result.action = args[1] == "bench"        ? Invocation::Action::Bench
                    : args[1] == "experiment" ? Invocation::Action::Experiment
                    : args[1] == "report"     ? Invocation::Action::Report
                                              : Invocation::Action::Stubs;
    result.subcommand_args.assign(args.begin() + 2, args.end());
    return result;
  }
  // Through a link named node or python3 (python): exactly that binary, every argument its.
  if (!args.empty()) {
    std::string name = args[0].substr(args[0].rfind('/') + 1);
    if (name == "node" || name == "python3" || name == "python") {
      result.language = name == "node" ? Language::JavaScript : Language::Python;
      result.runtime_argv = args;
      for (std::size_t k = 1; k < args.size(); ++k)
        if (args[k].empty() || args[k][0] != '-') {  // for the ES-module check only
          result.script = args[k];
          break;
        }
      return result;
    }
  }
  std::vector<std::string> passed{args.empty() ? "twinhost" : args[0]};  // what the runtime parses
  std::optional<Language> forced, mode, hint;
  std::string mode_flag;
  std::size_t i = 1;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--runtime" || arg.rfind("--runtime=", 0) == 0) {
      std::string name;
      if (arg == "--runtime") {
        if (++i == args.size()) return error("--runtime needs a value: node or python");
        name = args[i];
      } else {
        name = arg.substr(std::strlen("--runtime="));
      }
      forced = language_from_runtime_name(name);
      if (!forced) return error("--runtime must be node or python, not '" + name + "'");
      continue;
    }
    // twinhost's own help and version, unless a runtime is named: then the runtime's.
    if (!forced && passed.size() == 1 && (arg == "-h" || arg == "--help")) {
      result.action = Invocation::Action::Help;
      return result;
    }
    if (!forced && passed.size() == 1 && arg == "--version") {
      result.action = Invocation::Action::Version;
      return result;
    }
    if (arg == "--") {  // ends the options: the script follows
      if (i + 1 == args.size()) return error("-- must be followed by a script");
      passed.push_back(arg);
      result.script = args[++i];
      passed.push_back(args[i++]);
      break;
    }
    if (arg == "-") {
      result.script = arg;
      break;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      Option option = classify(arg);
      passed.push_back(arg);
      if (option.takes_next) {
        if (i + 1 == args.size()) return error(arg + " needs a value");
        passed.push_back(args[++i]);
      }
      if (option.mode) {
        mode = option.language;
        mode_flag = arg;
        ++i;
        break;  // the code or module: the rest is the runtime's to parse
      }
      if (option.language && !hint) hint = option.language;
      continue;
    }
    if (looks_like_script(arg)) {
      result.script = arg;
      break;
    }
    passed.push_back(arg);  // the value of an option that the tables above do not know
  }
  passed.insert(passed.end(), args.begin() + static_cast<long>(i), args.end());

  if (mode) {
    if (forced && *forced != *mode)
      return error(mode_flag + " is a " + runtime_of(*mode) + " option; it conflicts with " +
                   "--runtime " + runtime_of(*forced));
    result.language = *mode;
    result.script.clear();
  } else if (!result.script.empty() && result.script != "-") {
    struct stat info {};
    bool exists = stat(result.script.c_str(), &info) == 0;
    if (!exists && !node_resolves(result.script))
      return error("can't open file '" + result.script + "': " + std::strerror(errno));
    if (exists && S_ISDIR(info.st_mode))
      return error("can't run '" + result.script + "': it is a directory");
    if (forced) {
      result.language = *forced;
    } else if (auto language = runtime_of_script(result.script)) {
      result.language = *language;
    } else {
      return error("cannot tell the runtime of '" + result.script +
                   "' from its extension (.js .cjs .mjs: node, .py: python) or #! line; use "
                   "--runtime");
    }
  } else if (forced) {
    result.language = *forced;  // `-` reads stdin; no script at all starts the REPL
  } else if (!result.script.empty()) {
    return error("reading a script from stdin (-) needs --runtime node|python");
  } else if (hint) {
    result.language = *hint;  // options only: the REPL of the runtime that has them
  } else {
    return error(passed.size() > 1 ? "cannot tell the runtime from these options; use --runtime"
                                   : "no script given (see twinhost --help)");
  }
  result.runtime_argv = std::move(passed);
  return result;
}

const char* help_text() {
  return R"(Usage:
  twinhost [NODE OPTIONS] FILE [ARGS...]             run a script as node does (.js .cjs .mjs)
  twinhost [PYTHON OPTIONS] FILE [ARGS...]           run a script as python does (.py)
  twinhost [NODE OPTIONS] -e|-p CODE [ARGS...]       evaluate JavaScript (as node -e / node -p)
  twinhost [PYTHON OPTIONS] -c CODE [ARGS...]        run Python code (as python -c)
  twinhost [PYTHON OPTIONS] -m MODULE [ARGS...]      run a Python module as a script (as python -m)
  twinhost --runtime node|python [OPTIONS] - [ARGS...]  read the script from stdin
  twinhost --runtime node|python [OPTIONS]           start that runtime's REPL
  twinhost bench [OPTIONS]                           run the identical-task suite (twinhost bench --help)
  twinhost experiment NAME... [OPTIONS]              run concurrency experiments (twinhost experiment --help)
  twinhost report RESULTS... [-o FILE]              one page settling the article's claims (--help)
  twinhost stubs typescript|python                   print the native API's index.d.ts / twinhost.pyi
  twinhost --version                                 print twinhost's, Node's, V8's, libuv's and Python's versions
  twinhost --help                                    print this help

Options are the runtime's own, read by its own parser (node: --expose-gc, --inspect,
-r MODULE, --check, ...; python: -X OPT, -u, -O, -W ARG, ...); everything after FILE, CODE
or MODULE reaches the script as process.argv (laid out as node does) or sys.argv (as
python does). The runtime comes from --runtime, the mode (-e/-p: node, -c/-m: python),
the script's extension or #! line, or an option only one runtime has. -c is Python's;
node's syntax check is --check.

Each script runs in one runtime, started on demand: a Python script never starts Node
and a JavaScript script never starts Python. The runtime that runs the script owns
SIGINT: Ctrl-C raises KeyboardInterrupt in Python and ends a JavaScript script as it
ends node (killed by SIGINT, status 130 in the shell).

Exit status: the script's (process.exitCode, process.exit(n), sys.exit(n)); 1 for an
uncaught error, after the runtime's own message and stack trace; for a bad option the
runtime's (node: 9, python: 2); 2 for a twinhost usage error (missing file, directory, a
runtime it cannot tell).
)";
}

}  // namespace twinhost::cli
