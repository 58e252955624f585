// The twinhost command line: node's and python's own modes behind one binary.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "twinhost/language.h"

namespace twinhost::cli {

struct Invocation {
  enum class Action { Run, Help, Version, Bench, Experiment, Report, Stubs, Error };
  Action action = Action::Run;
  Language language = Language::JavaScript;
  // For Run: the argv the runtime's own main parses: the command line without twinhost's
  // own --runtime, options and all (node's or python's layout).
  std::vector<std::string> runtime_argv;
  // For Run: the script as given (empty for -e/-p/-c/-m and the REPL; `-` for stdin).
  std::string script;
  // For Bench, Experiment, Report and Stubs: the arguments after the subcommand.
  std::vector<std::string> subcommand_args;
  // For Error: one line, without the "twinhost: " prefix.
  std::string error;
};

// `twinhost [runtime options] SCRIPT|MODE [args]`: the options are node's or python's own,
// parsed by that runtime; what follows the script belongs to it, as in node and python.
Invocation parse_command_line(const std::vector<std::string>& args);

const char* help_text();

}  // namespace twinhost::cli
