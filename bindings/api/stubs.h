// Editor type descriptions of the native API, generated from the table: index.d.ts for
// JavaScript/TypeScript and twinhost.pyi for Python. `twinhost stubs typescript|python`
// prints them; a test fails when the committed files drift from the table.
#pragma once

#include <string>

namespace twinhost::api {

std::string typescript_stubs();
std::string python_stubs();

}  // namespace twinhost::api
