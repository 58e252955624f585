// Everything the twinhost binary does besides running a Python script: it lives in the
// module twinhost-cli.so, which the binary loads on demand (see launcher.cc).
#include <cstdio>
#include <exception>

#include "../src/runtime.h"
#include "bench/bench.h"
#include "command_line.h"
#include "stubs.h"
#include "twinhost/errors.h"
#include "twinhost/version.h"

extern "C" __attribute__((visibility("default"))) int twinhost_cli_main(int argc, char** argv) {
  using twinhost::cli::Invocation;
  Invocation invocation = twinhost::cli::parse_command_line({argv, argv + argc});
  try {
    switch (invocation.action) {
      case Invocation::Action::Help:
        std::fputs(twinhost::cli::help_text(), stdout);
        return 0;
      case Invocation::Action::Version: {
        twinhost::Versions v = twinhost::versions();
        std::printf("twinhost %s\nnode     %s\nv8       %s\nuv       %s\npython   %s\n",
                    v.twinhost.c_str(), v.node.c_str(), v.v8.c_str(), v.uv.c_str(),
                    v.python.c_str());
        return 0;
      }
      case Invocation::Action::Error:
        std::fprintf(stderr, "twinhost: %s\n", invocation.error.c_str());
        return 2;
      case Invocation::Action::Bench:
        return twinhost::cli::run_bench(invocation.subcommand_args);
      case Invocation::Action::Experiment:
      case Invocation::Action::Report: {
        // Both are Python programs (processes to orchestrate; charts and templates), run as
        // a script by the embedded Python.
        bool experiment = invocation.action == Invocation::Action::Experiment;
        std::string driver = (twinhost::cli::data_dir(experiment ? "experiments" : "report") /
                              (experiment ? "experiment.py" : "report.py"))
                                 .string();
        std::vector<std::string> python_argv{argv[0], driver};
        python_argv.insert(python_argv.end(), invocation.subcommand_args.begin(),
                           invocation.subcommand_args.end());
        return twinhost::detail::runtime(twinhost::Language::Python)
            .run_main({std::move(python_argv), driver, argc, argv});
      }
      case Invocation::Action::Stubs: {
        const auto& args = invocation.subcommand_args;
        if (args.size() == 1 && (args[0] == "typescript" || args[0] == "python")) {
          std::fputs((args[0] == "typescript" ? twinhost::api::typescript_stubs()
                                              : twinhost::api::python_stubs())
                         .c_str(),
                     stdout);
          return 0;
        }
        std::fprintf(stderr, "twinhost: stubs takes one argument: typescript or python\n");
        return 2;
      }
      case Invocation::Action::Run:
        return twinhost::detail::runtime(invocation.language)
            .run_main({std::move(invocation.runtime_argv), invocation.script, argc, argv});
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 1;
}
