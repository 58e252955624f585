// Hand-parsed on purpose: node and python stop reading their own options at the script
// and give the rest to it verbatim, which general option parsers do not model.
#include "command_line.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace twinhost::cli {
namespace {

struct Mode {
  const char* flag;
  const char* long_flag;
  Language language;
};

// The options that select what to run and take the code or module as their value.
constexpr Mode kModes[] = {
    {"-e", "--eval", Language::JavaScript},
    {"-p", "--print", Language::JavaScript},
    {"-c", nullptr, Language::Python},
    {"-m", nullptr, Language::Python},
};

const Mode* find_mode(const std::string& arg) {
  for (const auto& mode : kModes)
    if (arg == mode.flag || (mode.long_flag && arg == mode.long_flag)) return &mode;
  return nullptr;
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
  std::string argv0 = args.empty() ? "twinhost" : args[0];
  std::optional<Language> forced;
  const Mode* mode = nullptr;
  std::string mode_value, script;
  bool has_script = false;
  size_t i = 1;

  if (args.size() > 1 && (args[1] == "bench" || args[1] == "stubs")) {
    result.action = args[1] == "bench" ? Invocation::Action::Bench : Invocation::Action::Stubs;
    result.subcommand_args.assign(args.begin() + 2, args.end());
    return result;
  }

  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      result.action = Invocation::Action::Help;
      return result;
    }
    if (arg == "--version" || arg == "-V") {
      result.action = Invocation::Action::Version;
      return result;
    }
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
    if (const Mode* m = find_mode(arg)) {
      if (++i == args.size()) return error(std::string(arg) + " needs a value");
      mode = m;
      mode_value = args[i];
      ++i;
      break;
    }
    if (arg == "--") {
      if (++i == args.size()) return error("-- must be followed by a script");
      has_script = true;
      script = args[i++];
      break;
    }
    if (arg == "-" || arg.empty() || arg[0] != '-') {
      has_script = true;
      script = arg;
      ++i;
      break;
    }
    return error("unknown option '" + arg + "' (see twinhost --help)");
  }
  std::vector<std::string> rest(args.begin() + static_cast<long>(i), args.end());

  if (mode) {
    if (forced && *forced != mode->language)
      return error(std::string(mode->flag) + " is a " + runtime_of(mode->language) +
                   " option; it conflicts with --runtime " + runtime_of(*forced));
    result.language = mode->language;
  } else if (has_script && script != "-") {
    struct stat info {};
    if (stat(script.c_str(), &info) != 0)
      return error("can't open file '" + script + "': " + std::strerror(errno));
    if (S_ISDIR(info.st_mode)) return error("can't run '" + script + "': it is a directory");
    if (forced) {
      result.language = *forced;
    } else if (auto language = language_from_path(script)) {
      result.language = *language;
    } else {
      return error("cannot tell the runtime of '" + script +
                   "' from its extension (.js .cjs .mjs: node, .py: python); use --runtime");
    }
  } else if (forced) {
    result.language = *forced;  // `-` reads stdin; no script at all starts the REPL
  } else {
    return error(has_script ? "reading a script from stdin (-) needs --runtime node|python"
                            : "no script given (see twinhost --help)");
  }

  // Both runtimes' own main functions parse what follows.
  auto& out = result.runtime_argv;
  out.push_back(argv0);
  if (mode) {
    out.push_back(mode->flag);
    out.push_back(mode_value);
    if (result.language == Language::JavaScript) {
      out.push_back("--");  // the rest is the script's
      // node drops a `--` right after -e/-p CODE (one: it ends node's options); this
      // one already stands there. Python keeps it in sys.argv, as python does.
      if (!rest.empty() && rest.front() == "--") rest.erase(rest.begin());
    }
  } else if (has_script) {
    if (script[0] == '-' && script != "-") out.push_back("--");
    out.push_back(script);
  }
  out.insert(out.end(), rest.begin(), rest.end());
  return result;
}

const char* help_text() {
  return R"(Usage:
  twinhost [--runtime node|python] FILE [ARGS...]   run a script (.js .cjs .mjs: node, .py: python)
  twinhost -e CODE [ARGS...]                         evaluate JavaScript (as node -e)
  twinhost -p CODE [ARGS...]                         evaluate JavaScript and print the result (as node -p)
  twinhost -c CODE [ARGS...]                         run Python code (as python -c)
  twinhost -m MODULE [ARGS...]                       run a Python module as a script (as python -m)
  twinhost --runtime node|python - [ARGS...]         read the script from stdin
  twinhost --runtime node|python                     start that runtime's REPL
  twinhost bench [OPTIONS]                           run the identical-task suite (twinhost bench --help)
  twinhost stubs typescript|python                   print the native API's index.d.ts / twinhost.pyi
  twinhost --version                                 print twinhost's, Node's, V8's, libuv's and Python's versions
  twinhost --help                                    print this help

Options end at the script: every argument after FILE, CODE or MODULE reaches the script
as process.argv (laid out as node does) or sys.argv (as python does).

Each script runs in one runtime, started on demand: a Python script never starts Node
and a JavaScript script never starts Python. The runtime that runs the script owns
SIGINT: Ctrl-C raises KeyboardInterrupt in Python and ends a JavaScript script as it
ends node (killed by SIGINT, status 130 in the shell).

Exit status: the script's (process.exitCode, process.exit(n), sys.exit(n)); 1 for an
uncaught error, after the runtime's own message and stack trace; 2 for a twinhost usage
error (unknown option, missing file, directory, unknown extension).
)";
}

}  // namespace twinhost::cli
