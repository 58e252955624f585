#pragma once

#include <string>
#include <vector>

namespace twinhost::cli {

// `twinhost bench [OPTIONS]`: runs identical tasks in both runtimes of one process.
int run_bench(const std::vector<std::string>& args);

}  // namespace twinhost::cli
