#include "shared_buffer.h"

#include <cstdint>
#include <new>

namespace py = pybind11;

namespace twinhost::python {
namespace {

bool registered = false;

}  // namespace

void add_shared_buffer(py::module_& module) {
  py::class_<SharedBuffer, std::shared_ptr<SharedBuffer>>(
      module, "SharedBuffer", py::buffer_protocol(),
      "Memory shared with JavaScript without a copy: memoryview(buffer) here, a Uint8Array "
      "there. SharedBuffer(size) makes size zero bytes.")
      .def(
          py::init([](py::handle size) {
            if (!PyLong_Check(size.ptr()) || PyBool_Check(size.ptr()))
              throw py::type_error("SharedBuffer(size) takes one argument, a number of bytes");
            long long n = PyLong_AsLongLong(size.ptr());
            if (n == -1 && PyErr_Occurred()) PyErr_Clear();
            // As in JS: a Uint8Array holds at most 2^32 - 1 elements.
            if (n < 0 || n > 4294967295LL)
              throw py::value_error("SharedBuffer(size): size must be an integer from 0 to 2^32-1");
            try {
              return SharedBuffer::create(static_cast<std::size_t>(n));
            } catch (const std::bad_alloc&) {
              throw py::value_error("SharedBuffer(size): cannot allocate that many bytes");
            }
          }),
          py::arg("size"))
      .def_buffer([](SharedBuffer& buffer) {
        return py::buffer_info(buffer.data(), 1, py::format_descriptor<std::uint8_t>::format(), 1,
                               {static_cast<py::ssize_t>(buffer.size())}, {1}, false);
      })
      .def("__len__", [](SharedBuffer& buffer) { return buffer.size(); })
      .def("__repr__", [](SharedBuffer& buffer) { return buffer.str(); });
  registered = true;
}

std::shared_ptr<SharedBuffer> shared_buffer_of(PyObject* object) {
  if (!registered) return nullptr;
  py::handle handle(object);
  if (py::isinstance<SharedBuffer>(handle)) return handle.cast<std::shared_ptr<SharedBuffer>>();
  if (!PyMemoryView_Check(object)) return nullptr;
  PyObject* base = PyMemoryView_GET_BASE(object);
  if (!base || !py::isinstance<SharedBuffer>(py::handle(base))) return nullptr;
  const Py_buffer* view = PyMemoryView_GET_BUFFER(object);
  if (!PyBuffer_IsContiguous(view, 'C') || view->readonly) return nullptr;  // copied instead
  auto whole = py::handle(base).cast<std::shared_ptr<SharedBuffer>>();
  auto start = static_cast<const std::uint8_t*>(view->buf);
  std::size_t offset = whole->offset() + static_cast<std::size_t>(start - whole->data());
  return std::make_shared<SharedBuffer>(whole->memory(), offset,
                                        static_cast<std::size_t>(view->len));
}

PyObject* shared_buffer_view(const std::shared_ptr<SharedBuffer>& buffer) {
  try {
    // Registers the SharedBuffer type; once is enough (importing on every crossing, through
    // the import system's lock and lookups, was half of a SharedBuffer's handover).
    if (!registered) py::module_::import("twinhost");
    py::object exporter = py::cast(buffer);
    if (!exporter) throw py::error_already_set();
    return PyMemoryView_FromObject(exporter.ptr());
  } catch (py::error_already_set& e) {
    e.restore();
    return nullptr;
  }
}

}  // namespace twinhost::python
