// The same four functions through N-API, the ABI-stable addon interface.
#include <node_api.h>
#include <openssl/evp.h>

#include <cstdio>
#include <string>

namespace {

napi_value noop(napi_env, napi_callback_info) { return nullptr; }

napi_value add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  double a = 0, b = 0;
  if (argc != 2 || napi_get_value_double(env, args[0], &a) != napi_ok ||
      napi_get_value_double(env, args[1], &b) != napi_ok) {
    napi_throw_type_error(env, nullptr, "add() takes two numbers");
    return nullptr;
  }
  napi_value result;
  napi_create_double(env, a + b, &result);
  return result;
}

napi_value echo(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  size_t length = 0;
  napi_get_value_string_utf8(env, arg, nullptr, 0, &length);
  std::string text(length + 1, '\0');
  napi_get_value_string_utf8(env, arg, text.data(), text.size(), &length);
  napi_value result;
  napi_create_string_utf8(env, text.data(), length, &result);
  return result;
}

napi_value sha256(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  void* data = nullptr;
  size_t length = 0;
  napi_get_typedarray_info(env, arg, nullptr, &length, &data, nullptr, nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data, length, digest, &size, EVP_sha256(), nullptr);
  char hex[2 * EVP_MAX_MD_SIZE + 1];
  for (unsigned int i = 0; i < size; ++i) {
    hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
    hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
  }
  napi_value result;
  napi_create_string_utf8(env, hex, 2 * size, &result);
  return result;
}

napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
      {"noop", nullptr, noop, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"add", nullptr, add, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"echo", nullptr, echo, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sha256", nullptr, sha256, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, 4, methods);
  return exports;
}

}  // namespace

NAPI_MODULE(napi_baseline, init)
