// Promises across the boundary, Python side: awaiting a JS promise in asyncio, and asyncio
// driving Node's event loop when Python is the entry runtime.
#pragma once

#include <pybind11/pybind11.h>

namespace twinhost::python {

// `twinhost._async()`: the helper module, built on first use.
void add_async_bridge(pybind11::module_& module);

// The helper module; needs the GIL.
pybind11::module_ async_module();

// After Python called JavaScript in an environment whose loop it may drive (the guest, or
// its Host's): if an asyncio loop is running, it drives Node's loop from now on and re-arms
// its timer (the call may have set a JS timer). For the guest (`guest`), the first call
// also drains Node's loop at exit, as node does before it exits. Needs the GIL.
void after_guest_call(bool guest);

}  // namespace twinhost::python
