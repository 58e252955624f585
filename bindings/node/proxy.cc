#include "proxy.h"

#include "async_bridge.h"
#include "environments.h"
#include "node_values.h"
#include "python_bridge.h"
#include "twinhost/errors.h"

namespace twinhost::node_face {
namespace {

int kProxyTag;  // its address marks proxy objects (internal field 0)

struct Holder {
  std::shared_ptr<ForeignObject> object;
  v8::Global<v8::Object> handle;
};

v8::Local<v8::Private> private_key(v8::Isolate* isolate, const char* name) {
  return v8::Private::ForApi(isolate, v8_string(isolate, name));
}

Holder* holder_of(v8::Local<v8::Object> object) {
  return static_cast<Holder*>(object->GetAlignedPointerFromInternalField(1));
}

using Operation = void (*)(const v8::FunctionCallbackInfo<v8::Value>&, ForeignObject&);

// A function bound to the proxy's object: `toString`, `[Symbol.iterator]`, inspect.
template <Operation kOperation>
v8::Local<v8::Function> bound(v8::Isolate* isolate, v8::Local<v8::Object> proxy) {
  auto callback = [](const v8::FunctionCallbackInfo<v8::Value>& info) {
    auto* holder = holder_of(info.Data().As<v8::Object>());
    guarded(info.GetIsolate(), [&] { kOperation(info, *holder->object); });
  };
  return must(v8::Function::New(isolate->GetCurrentContext(), callback, proxy));
}

// `next()` of a JS iterator over a Python iterator (its proxy is the function's data).
void next_item(const v8::FunctionCallbackInfo<v8::Value>& call, ForeignObject& iterator) {
  v8::Isolate* isolate = call.GetIsolate();
  auto context = isolate->GetCurrentContext();
  Value item;
  bool more = iterator.next(item);
  auto result = v8::Object::New(isolate);
  must(result->CreateDataProperty(context, v8_string(isolate, "done"),
                                  v8::Boolean::New(isolate, !more)));
  must(result->CreateDataProperty(
      context, v8_string(isolate, "value"),
      more ? from_value(isolate, item) : v8::Undefined(isolate).As<v8::Value>()));
  call.GetReturnValue().Set(result);
}

// `[Symbol.iterator]()`: a JS iterator that takes one item from Python per next().
void iterate(const v8::FunctionCallbackInfo<v8::Value>& call, ForeignObject& object) {
  v8::Isolate* isolate = call.GetIsolate();
  auto context = isolate->GetCurrentContext();
  auto iterator = make_proxy(isolate, object.iterate());
  auto result = v8::Object::New(isolate);
  must(result->CreateDataProperty(context, v8_string(isolate, "next"),
                                  bound<next_item>(isolate, iterator)));
  auto self = [](const v8::FunctionCallbackInfo<v8::Value>& info) {
    info.GetReturnValue().Set(info.This());
  };
  must(result->CreateDataProperty(context, v8::Symbol::GetIterator(isolate),
                                  must(v8::Function::New(context, self))));
  call.GetReturnValue().Set(result);
}

void to_string(const v8::FunctionCallbackInfo<v8::Value>& call, ForeignObject& object) {
  call.GetReturnValue().Set(v8_string(call.GetIsolate(), object.str()));
}

void inspect(const v8::FunctionCallbackInfo<v8::Value>& call, ForeignObject& object) {
  call.GetReturnValue().Set(v8_string(call.GetIsolate(), "[python " + object.str() + "]"));
}

void named_get(v8::Local<v8::Name> property, const v8::PropertyCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  ForeignObject& object = *holder_of(info.Holder())->object;
  guarded(isolate, [&] {
    if (property->IsSymbol()) {
      auto inspect_symbol =
          v8::Symbol::For(isolate, v8_string(isolate, "nodejs.util.inspect.custom"));
      if (property->StrictEquals(v8::Symbol::GetIterator(isolate)))
        info.GetReturnValue().Set(bound<iterate>(isolate, info.Holder()));
      else if (property->StrictEquals(inspect_symbol))
        info.GetReturnValue().Set(bound<inspect>(isolate, info.Holder()));
      return;  // other symbols: not intercepted
    }
    v8::String::Utf8Value name(isolate, property);
    std::string key(*name, static_cast<std::size_t>(name.length()));
    if (key == "then") {
      // An awaitable (coroutine, Task, Future) is a thenable: `await` runs it on asyncio.
      // Anything else is not, so that awaiting a proxy gives the proxy.
      if (object.has("__await__")) {
        auto then = [](const v8::FunctionCallbackInfo<v8::Value>& call) {
          auto* holder = holder_of(call.Data().As<v8::Object>());
          guarded(call.GetIsolate(), [&] { python_then(call, holder->object); });
        };
        info.GetReturnValue().Set(
            must(v8::Function::New(isolate->GetCurrentContext(), then, info.Holder())));
      }
      return;
    }
    if (key == "toString") {
      info.GetReturnValue().Set(bound<to_string>(isolate, info.Holder()));
    } else if (key == "length" && object.has_length()) {
      info.GetReturnValue().Set(from_value(isolate, Value(object.length())));
    } else if (object.has(key)) {
      info.GetReturnValue().Set(from_value(isolate, object.get(key)));
    }
  });
}

void named_set(v8::Local<v8::Name> property, v8::Local<v8::Value> value,
               const v8::PropertyCallbackInfo<v8::Value>& info) {
  if (!property->IsString()) return;
  v8::Isolate* isolate = info.GetIsolate();
  guarded(isolate, [&] {
    v8::String::Utf8Value name(isolate, property);
    holder_of(info.Holder())->object->set(*name, to_value(isolate, value));
    info.GetReturnValue().Set(value);
  });
}

void indexed_get(uint32_t index, const v8::PropertyCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  guarded(isolate, [&] {
    Value item = holder_of(info.Holder())->object->item(Value(static_cast<std::int64_t>(index)));
    info.GetReturnValue().Set(from_value(isolate, item));
  });
}

void call(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  guarded(isolate, [&] {
    auto context = isolate->GetCurrentContext();
    List args;
    Map kwargs;
    for (int i = 0; i < info.Length(); ++i) {
      v8::Local<v8::Value> marked;
      if (i == info.Length() - 1 && info[i]->IsObject() &&
          info[i]
              .As<v8::Object>()
              ->GetPrivate(context, private_key(isolate, "twinhost.kwargs"))
              .ToLocal(&marked) &&
          marked->IsObject()) {
        Value map = to_value(isolate, marked);
        if (map.is_map()) kwargs = map.as_map();
        continue;
      }
      args.push_back(to_value(isolate, info[i]));
    }
    info.GetReturnValue().Set(
        from_value(isolate, holder_of(info.Holder())->object->call(args, kwargs)));
  });
}

v8::Local<v8::Function> proxy_class(v8::Isolate* isolate) {
  auto context = isolate->GetCurrentContext();
  auto key = private_key(isolate, "twinhost.PythonProxy");
  v8::Local<v8::Value> cached;
  if (context->Global()->GetPrivate(context, key).ToLocal(&cached) && cached->IsFunction())
    return cached.As<v8::Function>();
  auto tmpl = v8::FunctionTemplate::New(isolate);
  tmpl->SetClassName(v8_string(isolate, "PythonProxy"));
  auto instance = tmpl->InstanceTemplate();
  instance->SetInternalFieldCount(2);
  instance->SetHandler(v8::NamedPropertyHandlerConfiguration(named_get, named_set));
  instance->SetHandler(v8::IndexedPropertyHandlerConfiguration(indexed_get));
  instance->SetCallAsFunctionHandler(call);
  auto fn = must(tmpl->GetFunction(context));
  must(context->Global()->SetPrivate(context, key, fn));
  return fn;
}

}  // namespace

v8::Local<v8::Object> make_proxy(v8::Isolate* isolate,
                                 const std::shared_ptr<ForeignObject>& object) {
  auto proxy = must(proxy_class(isolate)->NewInstance(isolate->GetCurrentContext()));
  auto* holder = new Holder{object, {}};
  proxy->SetAlignedPointerInInternalField(0, &kProxyTag);
  proxy->SetAlignedPointerInInternalField(1, holder);
  holder->handle.Reset(isolate, proxy);
  // Registered now (the weak callback below may only look it up), and what V8 collected
  // meanwhile is released as new proxies are made (a loop that makes a million releases
  // them as it goes).
  environment_here(isolate)->release_pending();
  holder->handle.SetWeak(
      holder,
      [](const v8::WeakCallbackInfo<Holder>& data) {
        Holder* holder = data.GetParameter();
        holder->handle.Reset();
        // Inside V8's garbage collection no JS may run, and releasing the Python object
        // can run its __del__, which may call JS: release it at the next safe point.
        if (auto environment = find_environment(data.GetIsolate()))
          environment->defer([holder] { delete holder; });
      },
      v8::WeakCallbackType::kParameter);
  return proxy;
}

std::shared_ptr<ForeignObject> proxy_target(v8::Local<v8::Value> value) {
  if (!value->IsObject()) return nullptr;
  auto object = value.As<v8::Object>();
  if (object->InternalFieldCount() != 2 ||
      object->GetAlignedPointerFromInternalField(0) != &kProxyTag)
    return nullptr;
  return holder_of(object)->object;
}

void kwargs_marker(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  auto context = isolate->GetCurrentContext();
  if (info.Length() != 1 || !info[0]->IsObject()) {
    throw_error(isolate, api::Error(api::Error::Kind::Type, "python.kwargs() takes one object"));
    return;
  }
  auto marker = v8::Object::New(isolate);
  if (marker->SetPrivate(context, private_key(isolate, "twinhost.kwargs"), info[0]).IsJust())
    info.GetReturnValue().Set(marker);
}

}  // namespace twinhost::node_face
