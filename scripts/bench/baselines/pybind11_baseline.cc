// The same four functions as plain pybind11 `def`s.
#include <openssl/evp.h>
#include <pybind11/pybind11.h>

#include <cstdio>
#include <string>

namespace py = pybind11;

PYBIND11_MODULE(pybind11_baseline, m) {
  m.def("noop", [] {});
  m.def("add", [](double a, double b) { return a + b; });
  m.def("echo", [](const std::string& text) { return text; });
  m.def("sha256", [](py::buffer data) {
    py::buffer_info view = data.request();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(view.ptr, static_cast<size_t>(view.size * view.itemsize), digest, &length,
               EVP_sha256(), nullptr);
    char hex[2 * EVP_MAX_MD_SIZE + 1];
    for (unsigned int i = 0; i < length; ++i) {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
    }
    return std::string(hex, 2 * length);
  });
}
