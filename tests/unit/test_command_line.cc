// How the twinhost command line maps onto node's and python's own argv.
#include <catch2/catch.hpp>

#include "command_line.h"

using twinhost::Language;
using twinhost::cli::Invocation;
using twinhost::cli::parse_command_line;
using Args = std::vector<std::string>;

static const std::string kData = TWINHOST_TEST_DATA;

TEST_CASE("a file picks its runtime by extension and keeps its arguments", "[cli]") {
  auto js = parse_command_line({"twinhost", kData + "/counter.js", "a", "--flag"});
  CHECK(js.action == Invocation::Action::Run);
  CHECK(js.language == Language::JavaScript);
  CHECK(js.runtime_argv == Args{"twinhost", kData + "/counter.js", "a", "--flag"});

  auto py = parse_command_line({"twinhost", kData + "/namespace.py", "-c", "x"});
  CHECK(py.language == Language::Python);
  CHECK(py.runtime_argv == Args{"twinhost", kData + "/namespace.py", "-c", "x"});

  auto forced = parse_command_line({"twinhost", "--runtime", "python", kData + "/notes.txt"});
  CHECK(forced.language == Language::Python);
  auto forced_eq = parse_command_line({"twinhost", "--runtime=node", kData + "/notes.txt"});
  CHECK(forced_eq.language == Language::JavaScript);
}

TEST_CASE("code and module modes", "[cli]") {
  auto e = parse_command_line({"twinhost", "-e", "1", "a", "-b"});
  CHECK(e.language == Language::JavaScript);
  CHECK(e.runtime_argv == Args{"twinhost", "-e", "1", "a", "-b"});  // node's parser reads it
  auto p = parse_command_line({"twinhost", "--print", "1"});
  CHECK(p.runtime_argv == Args{"twinhost", "--print", "1"});
  // node drops one `--` after the code; python keeps it in sys.argv.
  CHECK(parse_command_line({"twinhost", "-e", "1", "--", "a"}).runtime_argv ==
        Args{"twinhost", "-e", "1", "--", "a"});
  CHECK(parse_command_line({"twinhost", "-c", "1", "--", "a"}).runtime_argv ==
        Args{"twinhost", "-c", "1", "--", "a"});
  auto c = parse_command_line({"twinhost", "-c", "pass", "a"});
  CHECK(c.language == Language::Python);
  CHECK(c.runtime_argv == Args{"twinhost", "-c", "pass", "a"});
  auto m = parse_command_line({"twinhost", "-m", "json.tool", "--sort-keys"});
  CHECK(m.runtime_argv == Args{"twinhost", "-m", "json.tool", "--sort-keys"});
  auto stdin_js = parse_command_line({"twinhost", "--runtime", "node", "-", "x"});
  CHECK(stdin_js.runtime_argv == Args{"twinhost", "-", "x"});
  auto repl = parse_command_line({"twinhost", "--runtime", "python"});
  CHECK(repl.action == Invocation::Action::Run);
  CHECK(repl.runtime_argv == Args{"twinhost"});
}

TEST_CASE("help, version and bench", "[cli]") {
  CHECK(parse_command_line({"twinhost", "--help"}).action == Invocation::Action::Help);
  CHECK(parse_command_line({"twinhost", "--version"}).action == Invocation::Action::Version);
  auto bench = parse_command_line({"twinhost", "bench", "--quick"});
  CHECK(bench.action == Invocation::Action::Bench);
  CHECK(bench.subcommand_args == Args{"--quick"});
}

TEST_CASE("bad command lines are one clear error", "[cli][errors]") {
  auto err = [](Args args) {
    auto result = parse_command_line(args);
    CHECK(result.action == Invocation::Action::Error);
    return result.error;
  };
  CHECK_THAT(err({"twinhost", "--runtime", "ruby", "x.rb"}), Catch::Contains("node or python"));
  CHECK_THAT(err({"twinhost", "--runtime"}), Catch::Contains("needs a value"));
  CHECK_THAT(err({"twinhost", "--runtime", "python", "-e", "1"}),
             Catch::Contains("conflicts with --runtime python"));
  CHECK_THAT(err({"twinhost", "--runtime", "node", "-c", "1"}),
             Catch::Contains("conflicts with --runtime node"));
  CHECK_THAT(err({"twinhost", "-e"}), Catch::Contains("-e needs a value"));
  CHECK_THAT(err({"twinhost", kData + "/missing.js"}), Catch::Contains("No such file"));
  CHECK_THAT(err({"twinhost", kData}), Catch::Contains("is a directory"));
  CHECK_THAT(err({"twinhost", kData + "/notes.txt"}), Catch::Contains("use --runtime"));
  CHECK_THAT(err({"twinhost", "-"}), Catch::Contains("needs --runtime"));
  CHECK_THAT(err({"twinhost"}), Catch::Contains("no script"));
}

TEST_CASE("the runtimes' own options pass through to them, and pick the runtime", "[cli]") {
  auto node = parse_command_line({"twinhost", "--expose-gc", "-r", kData + "/counter.js", "--title",
                                  "x", kData + "/counter.js", "a"});
  CHECK(node.language == Language::JavaScript);
  CHECK(node.script == kData + "/counter.js");
  CHECK(node.runtime_argv == Args{"twinhost", "--expose-gc", "-r", kData + "/counter.js", "--title",
                                  "x", kData + "/counter.js", "a"});
  auto py =
      parse_command_line({"twinhost", "-X", "importtime", "-u", kData + "/namespace.py", "-v"});
  CHECK(py.language == Language::Python);
  CHECK(py.runtime_argv ==
        Args{"twinhost", "-X", "importtime", "-u", kData + "/namespace.py", "-v"});
  // Attached values and grouped flags, as python spells them.
  CHECK(parse_command_line({"twinhost", "-cprint(1)"}).language == Language::Python);
  CHECK(parse_command_line({"twinhost", "-Bc", "1"}).runtime_argv == Args{"twinhost", "-Bc", "1"});
  CHECK(parse_command_line({"twinhost", "-mjson.tool"}).language == Language::Python);
  CHECK(parse_command_line({"twinhost", "--eval=1"}).language == Language::JavaScript);
  // An option's value that no table lists is not taken for the script.
  auto unknown = parse_command_line({"twinhost", "--some-flag", "value", kData + "/counter.js"});
  CHECK(unknown.script == kData + "/counter.js");
  // No script: the runtime that has the option (its REPL), or --runtime.
  CHECK(parse_command_line({"twinhost", "--expose-gc"}).language == Language::JavaScript);
  CHECK(parse_command_line({"twinhost", "-u"}).language == Language::Python);
  CHECK(parse_command_line({"twinhost", "-i"}).action == Invocation::Action::Error);
  // A script without an extension: its #! line, or node's resolution of the name.
  CHECK(parse_command_line({"twinhost", kData + "/exports/shapes"}).language ==
        Language::JavaScript);  // shapes.js
  CHECK(parse_command_line({"twinhost", kData + "/python_script"}).language == Language::Python);
}

TEST_CASE("through a link named node or python3, every argument is that runtime's", "[cli]") {
  auto node = parse_command_line({"/opt/bin/node", "-c", "x.js", "--version"});
  CHECK(node.action == Invocation::Action::Run);
  CHECK(node.language == Language::JavaScript);  // -c is node's --check here
  CHECK(node.runtime_argv == Args{"/opt/bin/node", "-c", "x.js", "--version"});
  auto py = parse_command_line({"python3", "--version"});
  CHECK(py.action == Invocation::Action::Run);  // python's --version, not twinhost's
  CHECK(py.language == Language::Python);
}
