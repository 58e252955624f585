#include "python_bridge.h"

#include "node_values.h"
#include "runtime.h"
#include "twinhost/errors.h"

namespace twinhost::node_face {
namespace {

// A JS Error subclass carrying Python's type and traceback; its own stack is the JS one.
constexpr const char* kPythonError = R"js(
(class PythonError extends Error {
  constructor(type, message, traceback) {
    super(`${type}: ${message}`);
    this.name = 'PythonError';
    this.pythonType = type;
    this.pythonTraceback = traceback;
  }
})
)js";

v8::Local<v8::String> text(v8::Isolate* isolate, const std::string& value) {
  return v8::String::NewFromUtf8(isolate, value.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(value.size()))
      .ToLocalChecked();
}

template <bool kEval>
void call_python(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const char* name = kEval ? "python.eval()" : "python.exec()";
  if (info.Length() != 1 || !info[0]->IsString()) {
    throw_error(isolate, api::Error(api::Error::Kind::Type,
                                    std::string(name) + " takes one argument, a string of code"));
    return;
  }
  v8::String::Utf8Value code(isolate, info[0]);
  try {
    detail::Context& python = detail::runtime(Language::Python).interop_context();
    if (kEval) {
      info.GetReturnValue().Set(from_value(isolate, python.eval(*code)));
    } else {
      python.exec(*code, "<twinhost.python>");
    }
  } catch (const ScriptError& e) {
    auto error_class = info.Data().As<v8::Function>();
    v8::Local<v8::Value> args[] = {text(isolate, e.type()), text(isolate, e.message()),
                                   text(isolate, e.stack())};
    v8::Local<v8::Object> error;
    if (error_class->NewInstance(isolate->GetCurrentContext(), 3, args).ToLocal(&error))
      isolate->ThrowException(error);
  } catch (const ConversionError& e) {
    throw_error(isolate, api::Error(api::Error::Kind::Type, e.what()));
  } catch (const PendingException&) {
  } catch (const std::exception& e) {
    throw_error(isolate, api::Error(api::Error::Kind::Runtime, e.what()));
  }
}

}  // namespace

void add_python_bridge(v8::Isolate* isolate, v8::Local<v8::Context> context,
                       v8::Local<v8::Object> exports) {
  auto source = text(isolate, kPythonError);
  auto error_class =
      must(must(v8::Script::Compile(context, source))->Run(context)).As<v8::Function>();
  must(exports->Set(context, text(isolate, "PythonError"), error_class));
  auto python = v8::Object::New(isolate);
  for (auto [name, callback] :
       {std::pair{"exec", &call_python<false>}, std::pair{"eval", &call_python<true>}}) {
    auto fn =
        must(v8::FunctionTemplate::New(isolate, callback, error_class, v8::Local<v8::Signature>(),
                                       1, v8::ConstructorBehavior::kThrow)
                 ->GetFunction(context));
    must(python->Set(context, text(isolate, name), fn));
  }
  must(exports->Set(context, text(isolate, "python"), python));
}

}  // namespace twinhost::node_face
