// The `twinhost` module of every Node environment, built by walking the API table: one
// generic FunctionCallback for every function and one for every method, and a trampoline
// generated for each typed function (typed_calls.h). No code here names an API function.
#include "node_face.h"

#include <deque>

#include "node_values.h"
#include "python_bridge.h"
#include "shared_buffer.h"
#include "typed_calls.h"

namespace twinhost::node_face {
namespace {

struct MethodEntry {
  const api::Class* cls;
  const api::Method* method;
  std::string owner;  // "Store."
};

// A JS instance of a table class owns its native object until V8 collects it.
struct Wrapper {
  std::shared_ptr<void> object;
  v8::Global<v8::Object> handle;
};

v8::Local<v8::String> name(v8::Isolate* isolate, const char* text) {
  return v8::String::NewFromUtf8(isolate, text, v8::NewStringType::kInternalized).ToLocalChecked();
}

template <typename Entry>
const Entry* data_of(const v8::FunctionCallbackInfo<v8::Value>& info) {
  return static_cast<const Entry*>(info.Data().As<v8::External>()->Value());
}

// Converts the call's arguments and checks them against the table: the one boundary.
void collect(api::Arguments& args, const v8::FunctionCallbackInfo<v8::Value>& info,
             const char* owner, const char* name, const std::vector<api::Param>& params) {
  v8::Isolate* isolate = info.GetIsolate();
  args.collect(owner, name, params, static_cast<std::size_t>(info.Length()),
               [&](std::size_t i) { return to_value(isolate, info[static_cast<int>(i)]); });
}

}  // namespace

void call_function(const v8::FunctionCallbackInfo<v8::Value>& info) {
  const auto* fn = data_of<api::Function>(info);
  v8::Isolate* isolate = info.GetIsolate();
  api_guarded(isolate, [&] {
    api::Arguments args;
    collect(args, info, "", fn->name, fn->params);
    Value result = fn->call(args.data());
    if (fn->result != api::Type::Null)
      info.GetReturnValue().Set(from_value(isolate, std::move(result), fn->result));
  });
}

namespace {

void call_method(const v8::FunctionCallbackInfo<v8::Value>& info) {
  const auto* entry = data_of<MethodEntry>(info);
  v8::Isolate* isolate = info.GetIsolate();
  api_guarded(isolate, [&] {
    // The signature guarantees that the holder is an instance of this class.
    auto* wrapper = static_cast<Wrapper*>(info.Holder()->GetAlignedPointerFromInternalField(0));
    api::Arguments args;
    collect(args, info, entry->owner.c_str(), entry->method->name, entry->method->params);
    Value result = entry->method->call(wrapper->object.get(), args.data());
    if (entry->method->result != api::Type::Null)
      info.GetReturnValue().Set(from_value(isolate, std::move(result), entry->method->result));
  });
}

void construct(const v8::FunctionCallbackInfo<v8::Value>& info) {
  const auto* cls = data_of<api::Class>(info);
  v8::Isolate* isolate = info.GetIsolate();
  api_guarded(isolate, [&] {
    if (!info.IsConstructCall())
      throw api::Error(api::Error::Kind::Type, std::string("Class constructor ") + cls->name +
                                                   " cannot be invoked without 'new'");
    api::Arguments args;
    collect(args, info, "", cls->name, cls->params);
    auto* wrapper = new Wrapper{cls->construct(args.data()), {}};
    info.This()->SetAlignedPointerInInternalField(0, wrapper);
    wrapper->handle.Reset(isolate, info.This());
    wrapper->handle.SetWeak(
        wrapper,
        [](const v8::WeakCallbackInfo<Wrapper>& data) {
          data.GetParameter()->handle.Reset();
          delete data.GetParameter();
        },
        v8::WeakCallbackType::kParameter);
  });
}

void read_attribute(v8::Local<v8::Name>, const v8::PropertyCallbackInfo<v8::Value>& info) {
  const auto* attribute =
      static_cast<const api::Attribute*>(info.Data().As<v8::External>()->Value());
  v8::Isolate* isolate = info.GetIsolate();
  api_guarded(isolate,
              [&] { info.GetReturnValue().Set(from_value(isolate, attribute->compute())); });
}

void add_class(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::Local<v8::Object> exports,
               const api::Class& cls) {
  // Lives as long as the functions that point here, which environments ended at exit still
  // hold: never destroyed.
  static auto& entries = *new std::deque<MethodEntry>;
  auto ctor = v8::FunctionTemplate::New(isolate, construct,
                                        v8::External::New(isolate, const_cast<api::Class*>(&cls)));
  ctor->SetClassName(name(isolate, cls.name));
  ctor->InstanceTemplate()->SetInternalFieldCount(1);
  auto signature = v8::Signature::New(isolate, ctor);
  for (const auto& method : cls.methods) {
    entries.push_back({&cls, &method, std::string(cls.name) + "."});
    ctor->PrototypeTemplate()->Set(
        name(isolate, method.name),
        v8::FunctionTemplate::New(isolate, call_method, v8::External::New(isolate, &entries.back()),
                                  signature, 0, v8::ConstructorBehavior::kThrow));
  }
  must(exports->Set(context, name(isolate, cls.name), must(ctor->GetFunction(context))));
}

void populate(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::Local<v8::Object> exports);

void initialize(v8::Local<v8::Object> exports, v8::Local<v8::Value>, v8::Local<v8::Context> context,
                void*) {
  v8::Isolate* isolate = context->GetIsolate();
  api_guarded(isolate, [&] { populate(isolate, context, exports); });
}

void populate(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::Local<v8::Object> exports) {
  const api::Module& table = api::module();
  for (const auto& fn : table.functions) {
    // A typed row's trampoline keeps the row as its data: the table path is its fallback.
    auto tmpl = v8::FunctionTemplate::New(
        isolate, callback_for(fn), v8::External::New(isolate, const_cast<api::Function*>(&fn)),
        v8::Local<v8::Signature>(), 0, v8::ConstructorBehavior::kThrow);
    must(exports->Set(context, name(isolate, fn.name), must(tmpl->GetFunction(context))));
  }
  for (const auto& cls : table.classes) add_class(isolate, context, exports, cls);
  for (const auto& attribute : table.attributes)
    must(exports->SetLazyDataProperty(
        context, name(isolate, attribute.name), read_attribute,
        v8::External::New(isolate, const_cast<api::Attribute*>(&attribute))));
  add_python_bridge(isolate, context, exports);
  add_shared_buffer(isolate, context, exports);
}

}  // namespace

void install(node::Environment* env) {
  node::AddLinkedBinding(env, "twinhost", initialize, nullptr);
}

}  // namespace twinhost::node_face
