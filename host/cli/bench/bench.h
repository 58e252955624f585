#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace twinhost::cli {

// `twinhost bench [OPTIONS]`: runs identical tasks in both runtimes of one process.
int run_bench(const std::vector<std::string>& args);

// The project's scripts/<what>: <prefix>/share/twinhost/<what> when installed, else the
// source tree's.
std::filesystem::path data_dir(const char* what);

}  // namespace twinhost::cli
