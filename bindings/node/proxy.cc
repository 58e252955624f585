#include "proxy.h"

#include <cmath>
#include <optional>

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
  must(result->CreateDataProperty(context, property_name(isolate, "done"),
                                  v8::Boolean::New(isolate, !more)));
  must(result->CreateDataProperty(
      context, property_name(isolate, "value"),
      more ? from_value(isolate, item) : v8::Undefined(isolate).As<v8::Value>()));
  call.GetReturnValue().Set(result);
}

// `[Symbol.iterator]()`: a JS iterator that takes one item from Python per next().
void iterate(const v8::FunctionCallbackInfo<v8::Value>& call, ForeignObject& object) {
  v8::Isolate* isolate = call.GetIsolate();
  auto context = isolate->GetCurrentContext();
  auto iterator = make_proxy(isolate, object.iterate());
  auto result = v8::Object::New(isolate);
  must(result->CreateDataProperty(context, property_name(isolate, "next"),
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

// A method of PythonProxy.prototype: `this` is the proxy. (JSON.stringify looks toJSON
// up past interceptors, so these two live on the prototype; a Python attribute of the
// same name, found by the interceptor first, wins for ordinary reads.)
template <Operation kOperation>
void method(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  guarded(isolate, [&] {
    std::shared_ptr<ForeignObject> object = proxy_target(info.This());
    if (!object) throw ConversionError("this method needs a Python object's proxy as `this`");
    kOperation(info, *object);
  });
}

// `proxy.toJs({depth})`: the object as JS data, down to `depth` levels of objects (negative
// or absent: all).
void to_js(const v8::FunctionCallbackInfo<v8::Value>& call, ForeignObject&) {
  v8::Isolate* isolate = call.GetIsolate();
  auto context = isolate->GetCurrentContext();
  int depth = -1;
  if (call.Length() > 0 && call[0]->IsObject()) {
    v8::Local<v8::Value> given =
        must(call[0].As<v8::Object>()->Get(context, v8_string(isolate, "depth")));
    if (!given->IsUndefined()) {
      if (!given->IsNumber() || std::isnan(must_value(given->NumberValue(context))))
        throw ConversionError("toJs(): depth is a number (negative or undefined: all levels)");
      double levels = must_value(given->NumberValue(context));
      depth = levels < 0 ? -1 : static_cast<int>(std::min(1e6, levels));
    }
  }
  call.GetReturnValue().Set(from_value(isolate, to_data(Value(proxy_target(call.This())), depth)));
}

// `toJSON()` for JSON.stringify: the Python object's own toJSON() if it has one, else the
// object as data one level deep (nested proxies are asked in turn); a TypeError for what
// is not data.
void to_json(const v8::FunctionCallbackInfo<v8::Value>& call, ForeignObject& object) {
  if (object.has("toJSON")) {
    List args;
    for (int i = 0; i < call.Length(); ++i) args.push_back(to_value(call.GetIsolate(), call[i]));
    call.GetReturnValue().Set(from_value(call.GetIsolate(), object.get("toJSON").call(args)));
    return;
  }
  std::optional<Value> data = object.as_data();
  if (!data) {
    std::string shown = object.repr();
    if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
    throw ConversionError("cannot convert the Python object " + shown +
                          " to JSON: only dataclasses, mappings, sets and sequences are data "
                          "(or give its class a toJSON method)");
  }
  call.GetReturnValue().Set(from_value(call.GetIsolate(), *data));
}

// `[Symbol.asyncIterator]` of a Python async iterable (`this` is its proxy): each next()
// awaits __anext__() on asyncio; StopAsyncIteration ends the loop.
constexpr const char* kAsyncIterator = R"js(
(function () {
  const iterator = this.__aiter__();
  return {
    next() {
      return Promise.resolve(iterator.__anext__()).then(
        (value) => ({ value, done: false }),
        (error) => {
          if (error && error.pythonType === 'StopAsyncIteration') return { value: undefined, done: true };
          throw error;
        });
    },
    [Symbol.asyncIterator]() { return this; },
  };
})
)js";

v8::Local<v8::Function> async_iterator(v8::Isolate* isolate) {
  return per_context(isolate, "twinhost.asyncIterator", [&](v8::Local<v8::Context> context) {
    auto script = must(v8::Script::Compile(context, v8_string(isolate, kAsyncIterator)));
    return must(script->Run(context)).As<v8::Function>();
  });
}

// A (string) property name as UTF-8.
std::string property_name(v8::Isolate* isolate, v8::Local<v8::Name> property) {
  if (property->IsString()) return utf8(isolate, property.As<v8::String>());
  v8::String::Utf8Value name(isolate, property);
  return std::string(*name, static_cast<std::size_t>(name.length()));
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
      else if (property->StrictEquals(v8::Symbol::GetAsyncIterator(isolate)) &&
               object.has("__aiter__"))
        info.GetReturnValue().Set(async_iterator(isolate));
      return;  // other symbols: not intercepted
    }
    std::string key = property_name(isolate, property);
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
    } else if (std::optional<Value> value = object.get_if(key)) {
      info.GetReturnValue().Set(from_value(isolate, *value));
    } else if (object.kind() == "mapping" && object.has_own(key)) {
      // A mapping's keys are its properties in JS (Object.keys() lists them).
      info.GetReturnValue().Set(from_value(isolate, object.item(Value(key))));
    }
  });
}

// `name in proxy`, Object.entries(), {...proxy}: a readable name is an enumerable
// property (a name Object.keys() lists is one; so is any other attribute).
void named_query(v8::Local<v8::Name> property, const v8::PropertyCallbackInfo<v8::Integer>& info) {
  if (!property->IsString()) return;
  v8::Isolate* isolate = info.GetIsolate();
  guarded(isolate, [&] {
    ForeignObject& object = *holder_of(info.Holder())->object;
    std::string key = property_name(isolate, property);
    if (key == "toString" || (key == "length" && object.has_length()) || object.has(key) ||
        (object.kind() == "mapping" && object.has_own(key)))
      info.GetReturnValue().Set(v8::Integer::New(isolate, v8::None));
  });
}

// Object.keys(), for…in, Object.entries(): ForeignObject::keys() (a mapping's keys, a
// dataclass's fields, an object's attributes), as strings.
void named_keys(const v8::PropertyCallbackInfo<v8::Array>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  guarded(isolate, [&] {
    List keys = holder_of(info.Holder())->object->keys();
    std::vector<v8::Local<v8::Value>> names;
    for (const Value& key : keys) {
      if (key.is_string())
        names.push_back(v8_string(isolate, key.as_string()));
      else if (key.is_int())
        names.push_back(v8_string(isolate, std::to_string(key.as_int())));
    }
    info.GetReturnValue().Set(v8::Array::New(isolate, names.data(), names.size()));
  });
}

// `delete proxy.name`: del of the attribute; of the item, for a mapping's key.
void named_delete(v8::Local<v8::Name> property, const v8::PropertyCallbackInfo<v8::Boolean>& info) {
  if (!property->IsString()) return;
  v8::Isolate* isolate = info.GetIsolate();
  guarded(isolate, [&] {
    ForeignObject& object = *holder_of(info.Holder())->object;
    std::string key = property_name(isolate, property);
    if (!object.has(key) && object.kind() == "mapping")
      object.remove_item(Value(key));
    else
      object.remove(key);
    info.GetReturnValue().Set(true);
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
    ForeignObject& target = *holder_of(info.Holder())->object;
    List args;
    args.reserve(static_cast<std::size_t>(info.Length()));
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
      args.push_back(lend_value(isolate, info[i]));
    }
    std::optional<ScriptError> raised;  // set, not thrown (see call_catching)
    Value result = target.call_lent(std::move(args), std::move(kwargs), raised);
    if (raised) return throw_python_error(isolate, *raised);
    info.GetReturnValue().Set(from_value(isolate, result));
  });
}

// The template of proxies, kept by the environment: an object made from it directly is
// not constructed through a call into JS (Function::NewInstance's entry was a third of
// making a proxy). Its objects are still `PythonProxy` instances.
v8::Local<v8::ObjectTemplate> proxy_template(Environment& environment) {
  v8::Isolate* isolate = environment.isolate();
  return environment.kept<v8::ObjectTemplate>("twinhost.PythonProxy", [&] {
    auto tmpl = v8::FunctionTemplate::New(isolate);
    tmpl->SetClassName(v8_string(isolate, "PythonProxy"));
    auto instance = tmpl->InstanceTemplate();
    instance->SetInternalFieldCount(2);
    instance->SetHandler(v8::NamedPropertyHandlerConfiguration(named_get, named_set, named_query,
                                                               named_delete, named_keys));
    instance->SetHandler(v8::IndexedPropertyHandlerConfiguration(indexed_get));
    instance->SetCallAsFunctionHandler(call);
    auto prototype = tmpl->PrototypeTemplate();
    prototype->Set(isolate, "toJs", v8::FunctionTemplate::New(isolate, method<to_js>));
    prototype->Set(isolate, "toJSON", v8::FunctionTemplate::New(isolate, method<to_json>));
    return instance;
  });
}

}  // namespace

v8::Local<v8::Object> make_proxy(v8::Isolate* isolate,
                                 const std::shared_ptr<ForeignObject>& object) {
  // The same Python object gives the same proxy while V8 holds it (`===`).
  Environment* environment = environment_here(isolate);
  auto& proxies = environment->identities().proxies;
  const void* identity = object->identity();
  if (identity) {
    auto found = proxies.find(identity);
    if (found != proxies.end()) return static_cast<Holder*>(found->second)->handle.Get(isolate);
  }
  auto proxy = must(proxy_template(*environment)->NewInstance(isolate->GetCurrentContext()));
  auto* holder = new Holder{object, {}};
  if (identity) proxies.emplace(identity, holder);
  proxy->SetAlignedPointerInInternalField(0, &kProxyTag);
  proxy->SetAlignedPointerInInternalField(1, holder);
  holder->handle.Reset(isolate, proxy);
  // Registered now (the weak callback below may only look it up), and what V8 collected
  // meanwhile is released as new proxies are made (a loop that makes a million releases
  // them as it goes).
  environment->release_pending();
  holder->handle.SetWeak(
      holder,
      [](const v8::WeakCallbackInfo<Holder>& data) {
        Holder* holder = data.GetParameter();
        holder->handle.Reset();
        auto environment = find_environment(data.GetIsolate());
        if (!environment) return;  // stopped: its objects are left alone
        // Out of the identity cache now (the map is this isolate's; nothing else runs).
        auto& proxies = environment->identities().proxies;
        auto found = proxies.find(holder->object->identity());
        if (found != proxies.end() && found->second == holder) proxies.erase(found);
        // Inside V8's garbage collection no JS may run, and releasing the Python object
        // can run its __del__, which may call JS: release it at the next safe point.
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
