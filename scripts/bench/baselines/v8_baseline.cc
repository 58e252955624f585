// Hand-written V8 FunctionCallbacks: the floor the twinhost JS face is measured against.
// Each does by hand what the generic face does for that function.
#include <node.h>
#include <openssl/evp.h>

namespace {

void noop(const v8::FunctionCallbackInfo<v8::Value>&) {}

void add(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (info.Length() != 2 || !info[0]->IsNumber() || !info[1]->IsNumber()) {
    info.GetIsolate()->ThrowException(v8::Exception::TypeError(
        v8::String::NewFromUtf8Literal(info.GetIsolate(), "add() takes two numbers")));
    return;
  }
  info.GetReturnValue().Set(info[0].As<v8::Number>()->Value() + info[1].As<v8::Number>()->Value());
}

void echo(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::String::Utf8Value text(isolate, info[0]);  // a string in, a copy out
  info.GetReturnValue().Set(
      v8::String::NewFromUtf8(isolate, *text, v8::NewStringType::kNormal, text.length())
          .ToLocalChecked());
}

void sha256(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto view = info[0].As<v8::ArrayBufferView>();
  const auto* data = static_cast<const unsigned char*>(view->Buffer()->Data()) + view->ByteOffset();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data, view->ByteLength(), digest, &length, EVP_sha256(), nullptr);
  char hex[2 * EVP_MAX_MD_SIZE + 1];
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
    hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
  }
  info.GetReturnValue().Set(
      v8::String::NewFromUtf8(info.GetIsolate(), hex, v8::NewStringType::kNormal, 2 * length)
          .ToLocalChecked());
}

void initialize(v8::Local<v8::Object> exports, v8::Local<v8::Value>, v8::Local<v8::Context> context,
                void*) {
  NODE_SET_METHOD(exports, "noop", noop);
  NODE_SET_METHOD(exports, "add", add);
  NODE_SET_METHOD(exports, "echo", echo);
  NODE_SET_METHOD(exports, "sha256", sha256);
  (void)context;
}

}  // namespace

NODE_MODULE_CONTEXT_AWARE(v8_baseline, initialize)
