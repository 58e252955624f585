#include "js_object.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <node.h>

#include "environments.h"
#include "lent_calls.h"
#include "node_values.h"
#include "proxy.h"
#include "runtime.h"

namespace twinhost::node_face {
namespace {

std::shared_ptr<ForeignObject> js_object(v8::Isolate* isolate, v8::Local<v8::Object> object,
                                         v8::Local<v8::Value> receiver);

class JsObject final : public ForeignObject {
 public:
  JsObject(v8::Isolate* isolate, v8::Local<v8::Object> object, v8::Local<v8::Value> receiver)
      : isolate_(isolate),
        environment_(environment_of(isolate)),
        object_(new v8::Global<v8::Object>(isolate, object)),
        receiver_(new v8::Global<v8::Value>(isolate, receiver)),
        context_(new v8::Global<v8::Context>(isolate, realm_of(isolate, object))),
        kind_(kind_of(object)) {}

  // The context `object` was made in: its calls, and the lists and objects made for them,
  // are of the object's own realm (an array made in the caller's vm context is no
  // `instanceof Array` in the callee's), and its prototype walk stops at its own realm's
  // Object.prototype. The current context where V8 knows none (some proxies).
  static v8::Local<v8::Context> realm_of(v8::Isolate* isolate, v8::Local<v8::Object> object) {
    v8::Local<v8::Context> context;
    return object->GetCreationContext().ToLocal(&context) ? context : isolate->GetCurrentContext();
  }

  ~JsObject() override {
    // Never blocks (see environments.h); a stopped environment's handles are left alone.
    environment_->release([object = object_, receiver = receiver_, context = context_] {
      delete object;
      delete receiver;
      delete context;
    });
  }

  // The object, if `isolate` (entered on this thread) is still its environment's. An
  // environment is identified by its Environment record, never by the isolate's address:
  // a new worker's isolate may reuse a dead one's.
  v8::Local<v8::Object> local(v8::Isolate* isolate) const {
    if (isolate != isolate_ || !environment_->alive() ||
        environment_of(isolate).get() != environment_.get())
      return v8::Local<v8::Object>();
    return object_->Get(isolate);
  }

  bool alive() const { return environment_->alive(); }
  // Whether this wraps `object` called with `receiver`; this thread holds the isolate.
  bool wraps(v8::Local<v8::Object> object, v8::Local<v8::Value> receiver) const {
    return object_->Get(isolate_) == object && receiver_->Get(isolate_) == receiver;
  }
  const char* runtime() const override { return "node"; }

  Value get(const std::string& name) override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
      return property_value(object, must(object->Get(context, v8_string(isolate_, name))));
    });
  }

  // The property's value if `name in object`, in one entry (a Python attribute read). `in`
  // is asked only when the value is undefined: one lookup for a property that is there.
  std::optional<Value> get_if(const std::string& name) override {
    std::optional<Value> found;
    with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
      v8::Local<v8::String> key = v8_string(isolate_, name);
      v8::Local<v8::Value> value = must(object->Get(context, key));
      if (!value->IsUndefined() || must_value(object->Has(context, key)))
        found = property_value(object, value);
      return Value();
    });
    return found;
  }

  void set(const std::string& name, const Value& value) override {
    with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
      must(object->Set(context, v8_string(isolate_, name), from_value(isolate_, value)));
      return Value();
    });
  }

  bool has(const std::string& name) override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
             return Value(must_value(object->Has(context, v8_string(isolate_, name))));
           })
        .as_bool();
  }

  // Keyword arguments arrive as one trailing object (JS's options-object convention).
  Value call(const List& args, const Map& kwargs) override { return invoke<false>(args, kwargs); }
  // Bytes among the arguments move into their Uint8Array: no second copy.
  Value call_with(List&& args, Map&& kwargs) override { return invoke<true>(args, kwargs); }
  Value call_catching(List&& args, Map&& kwargs, std::optional<ScriptError>& error) override {
    return invoke<true>(args, kwargs, &error);
  }
  // Lent bytes are copied into their Uint8Array as they convert, on the object's thread
  // while the caller waits (node_values.cc, copy_to_js).
  Value call_lent(List&& args, Map&& kwargs, std::optional<ScriptError>& error) override {
    return call_catching(std::move(args), std::move(kwargs), error);
  }

  template <bool kMove, typename Args>
  Value invoke(Args& args, const Map& kwargs, std::optional<ScriptError>* raised = nullptr) {
    return with(raised, [&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
      if (!object->IsFunction()) throw ConversionError("this JavaScript object is not callable");
      const std::size_t argc = args.size() + (kwargs.empty() ? 0 : 1);
      // Up to 8 arguments without a heap allocation: calls are the hot crossing.
      v8::Local<v8::Value> inline_argv[8];
      std::vector<v8::Local<v8::Value>> heap_argv;
      v8::Local<v8::Value>* argv = inline_argv;
      if (argc > 8) {
        heap_argv.resize(argc);
        argv = heap_argv.data();
      }
      for (std::size_t i = 0; i < args.size(); ++i) {
        if constexpr (kMove)
          argv[i] = from_value(isolate_, std::move(args[i]));
        else
          argv[i] = from_value(isolate_, args[i]);
      }
      if (!kwargs.empty()) argv[args.size()] = from_value(isolate_, Value(kwargs));
      v8::Local<v8::Value> result;
      // A throw is left pending for with_here (no C++ throw: unwinding costs microseconds).
      if (!object.As<v8::Function>()
               ->Call(context, receiver_->Get(isolate_), static_cast<int>(argc), argv)
               .ToLocal(&result))
        return Value();
      return node_face::to_value(isolate_, result);
    });
  }

  Value item(const Value& index) override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
      return node_face::to_value(isolate_, must(object->Get(context, from_value(isolate_, index))));
    });
  }

  // A numeric `length` (arrays, strings, functions' arity) or `size` (Map, Set).
  bool has_length() override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
             return Value(!size_of(context, object).IsEmpty());
           })
        .as_bool();
  }

  std::int64_t length() override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
             v8::Local<v8::Value> size = size_of(context, object);
             if (size.IsEmpty())
               throw ConversionError(
                   "this JavaScript object has no length (no numeric 'length' or 'size')");
             return Value(static_cast<std::int64_t>(must_value(size->IntegerValue(context))));
           })
        .as_int();
  }

  std::shared_ptr<ForeignObject> iterate() override {
    std::shared_ptr<ForeignObject> iterator = iterator_of(false);
    if (!iterator) throw ConversionError("this JavaScript object is not iterable");
    return iterator;
  }

  std::shared_ptr<ForeignObject> iterate_async() override { return iterator_of(true); }

  bool next(Value& item) override {
    Value step = with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
      auto method = must(object->Get(context, property_name(isolate_, "next")));
      if (!method->IsFunction()) throw ConversionError("this JavaScript object is not an iterator");
      auto result = must(method.As<v8::Function>()->Call(context, object, 0, nullptr));
      if (!result->IsObject()) throw ConversionError("the iterator's next() returned a non-object");
      auto record = result.As<v8::Object>();
      if (must(record->Get(context, property_name(isolate_, "done")))->BooleanValue(isolate_))
        return Value(List{});
      return Value(List{node_face::to_value(
          isolate_, must(record->Get(context, property_name(isolate_, "value"))))});
    });
    if (step.as_list().empty()) return false;
    item = std::move(step.as_list()[0]);
    return true;
  }

  std::string str() override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
             v8::String::Utf8Value text(isolate_, must(object->ToString(context)));
             return Value(std::string(*text, static_cast<std::size_t>(text.length())));
           })
        .as_string();
  }

  // util.inspect() (one line, depth 0); String() where the environment has none.
  std::string repr() override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
             v8::Local<v8::Value> inspected = object;
             v8::Local<v8::Function> inspect = util_inspect();
             if (!inspect.IsEmpty()) {
               // One line, the object's own level: a repr, not a dump.
               auto options = v8::Object::New(isolate_);
               must(options->Set(context, v8_string(isolate_, "depth"),
                                 v8::Integer::New(isolate_, 0)));
               must(options->Set(
                   context, v8_string(isolate_, "breakLength"),
                   v8::Number::New(isolate_, std::numeric_limits<double>::infinity())));
               v8::Local<v8::Value> argv[] = {object, options};
               inspected = must(inspect->Call(context, v8::Undefined(isolate_), 2, argv));
             }
             v8::String::Utf8Value text(isolate_, must(inspected->ToString(context)));
             return Value(std::string(*text, static_cast<std::size_t>(text.length())));
           })
        .as_string();
  }

  bool contains(const Value& item) override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
             v8::Local<v8::Value> key = from_value(isolate_, item);
             if (object->IsMap()) return Value(must_value(object.As<v8::Map>()->Has(context, key)));
             if (object->IsSet()) return Value(must_value(object.As<v8::Set>()->Has(context, key)));
             if (object->IsArray()) {  // includes(): SameValueZero
               auto array = object.As<v8::Array>();
               for (uint32_t i = 0; i < array->Length(); ++i) {
                 v8::Local<v8::Value> element = must(array->Get(context, i));
                 if (element->SameValue(key) ||
                     (element->IsNumber() && key->IsNumber() && element->StrictEquals(key)))
                   return Value(true);
               }
               return Value(false);
             }
             return Value(must_value(object->Has(context, key)));
           })
        .as_bool();
  }

  std::string kind() override { return kind_; }

  List keys() override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
             return node_face::to_value(isolate_, must(object->GetOwnPropertyNames(
                                                      context, kEnumerableStrings,
                                                      v8::KeyConversionMode::kConvertToString)));
           })
        .as_list();
  }

  bool has_own(const std::string& key) override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
             v8::Local<v8::String> name = v8_string(isolate_, key);
             return Value(
                 must_value(object->HasOwnProperty(context, name)) &&
                 !(must_value(object->GetPropertyAttributes(context, name)) & v8::DontEnum));
           })
        .as_bool();
  }

  // Walks the prototype chain: class methods are inherited and not enumerable, and they are
  // what a user looks for in dir().
  List names() override {
    return with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
             v8::Local<v8::Value> object_prototype = builtin_prototype(context, "Object");
             v8::Local<v8::Value> function_prototype = builtin_prototype(context, "Function");
             List names;
             std::set<std::string> seen;
             v8::Local<v8::Value> level = object;
             for (int depth = 0; level->IsObject() && depth < kMaxValueDepth; ++depth) {
               if (level->StrictEquals(object_prototype) || level->StrictEquals(function_prototype))
                 break;
               auto own = level.As<v8::Object>();
               Value own_names = node_face::to_value(
                   isolate_,
                   must(own->GetOwnPropertyNames(context, v8::SKIP_SYMBOLS,
                                                 v8::KeyConversionMode::kConvertToString)));
               for (Value& name : own_names.as_list())
                 if (seen.insert(name.as_string()).second) names.push_back(std::move(name));
               level = own->GetPrototype();
             }
             return Value(std::move(names));
           })
        .as_list();
  }

  std::optional<Value> as_data() override {
    const std::string kind = kind_;
    if (kind == "function" || kind == "promise" || kind == "generator") return std::nullopt;
    Value data = with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
      if (object->IsDate() || object->IsRegExp() || object->IsNativeError() || object->IsProxy() ||
          object->IsWeakMap() || object->IsWeakSet() || object->IsArrayBuffer() ||
          object->IsArrayBufferView())
        return Value(List{});
      if (object->IsSet())
        return Value(List{node_face::to_value(isolate_, object.As<v8::Set>()->AsArray())});
      auto keys = must(object->GetOwnPropertyNames(context, kEnumerableStrings,
                                                   v8::KeyConversionMode::kConvertToString));
      Map fields;
      for (uint32_t i = 0; i < keys->Length(); ++i) {
        v8::Local<v8::Value> key = must(keys->Get(context, i));
        fields.emplace_back(node_face::to_value(isolate_, key),
                            property_value(object, must(object->Get(context, key))));
      }
      return Value(List{Value(std::move(fields))});
    });
    if (data.as_list().empty()) return std::nullopt;
    return std::move(data.as_list()[0]);
  }

  void remove(const std::string& name) override {
    with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
      if (!must_value(object->Delete(context, v8_string(isolate_, name))))
        throw ConversionError("the JavaScript property '" + name + "' cannot be deleted");
      return Value();
    });
  }

  void remove_item(const Value& key) override {
    with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
      v8::Local<v8::Value> k = from_value(isolate_, key);
      if (object->IsMap()) {
        must_value(object.As<v8::Map>()->Delete(context, k));
      } else if (!must_value(object->Delete(context, k))) {
        throw ConversionError("the JavaScript property " + key.repr() + " cannot be deleted");
      }
      return Value();
    });
  }

 private:
  // What the object's [Symbol.asyncIterator]() or [Symbol.iterator]() returns, or null if
  // it has no such method.
  std::shared_ptr<ForeignObject> iterator_of(bool async) {
    Value iterator = with([&](v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
      auto method = must(object->Get(context, async ? v8::Symbol::GetAsyncIterator(isolate_)
                                                    : v8::Symbol::GetIterator(isolate_)));
      if (!method->IsFunction()) return Value();
      auto made = must(method.As<v8::Function>()->Call(context, object, 0, nullptr));
      if (!made->IsObject())
        throw ConversionError(std::string("[Symbol.") + (async ? "asyncIterator" : "iterator") +
                              "]() of this JavaScript object returned a non-object");
      return Value(js_object(isolate_, made.As<v8::Object>(), v8::Undefined(isolate_)));
    });
    return iterator.is_null() ? nullptr : iterator.as_object();
  }

  // util.inspect of this environment, which module-paths.cjs keeps on its main context's
  // `process`, or empty.
  v8::Local<v8::Function> util_inspect() {
    v8::Local<v8::Context> main = environment_->main_context();
    v8::Local<v8::Value> process = must(main->Global()->Get(main, v8_string(isolate_, "process")));
    if (!process->IsObject()) return {};
    v8::Local<v8::Value> inspect = must(process.As<v8::Object>()->Get(
        main, v8::Symbol::For(isolate_, v8_string(isolate_, "twinhost.inspect"))));
    return inspect->IsFunction() ? inspect.As<v8::Function>() : v8::Local<v8::Function>();
  }

  // Enters the object's environment and runs `body`: here, or on its loop thread if that
  // thread owns it (environments.h). A JS exception becomes a ScriptError: thrown, or set
  // in `*raised` if given (see call_catching).
  template <typename Body>
  Value with(Body&& body) {
    return with(nullptr, std::forward<Body>(body));
  }

  template <typename Body>
  Value with(std::optional<ScriptError>* raised, Body&& body) {
    if (!environment_->alive())
      throw EnvironmentStopped("twinhost: the JavaScript environment of this object has stopped");
    if (!environment_->must_queue()) {
      Value result = with_here(raised, body);
      environment_->wake_if_waiting();
      return result;
    }
    Value result;
    environment_->run_on_loop([&] { result = with_here(raised, body); });
    return result;
  }

  template <typename Body>
  Value with_here(std::optional<ScriptError>* raised, Body&& body) {
    // Inside this isolate's JS on this thread already (JS called Python, which calls back):
    // the outer call holds the gate, the lock and the isolate, and entering them again was
    // a tenth of such a callback.
    const bool nested = v8::Locker::IsLocked(isolate_) && v8::Isolate::GetCurrent() == isolate_ &&
                        isolate_->InContext();
    std::optional<Environment::Entry> entry;
    std::optional<v8::Locker> locker;
    std::optional<v8::Isolate::Scope> isolate_scope;
    if (!nested) {
      entry.emplace(environment_.get());
      keep_thread_state(isolate_);
      locker.emplace(isolate_);
      isolate_scope.emplace(isolate_);
    }
    LentCall lent(isolate_, *environment_);
    environment_->release_pending();
    // Called from outside any JS (Python's event loop settling a promise): run microtasks
    // and nextTicks afterwards, as node does after every callback from its own loop.
    const bool outermost = !nested && !isolate_->InContext();
    std::optional<Environment::OutermostCall> outermost_call;
    if (outermost) outermost_call.emplace(*environment_);
    v8::HandleScope handles(isolate_);
    v8::Local<v8::Context> context = context_->Get(isolate_);
    std::optional<v8::Context::Scope> context_scope;
    if (!nested || isolate_->GetCurrentContext() != context) context_scope.emplace(context);
    std::optional<node::CallbackScope> callback_scope;
    if (outermost) {
      environment_->recover_after_interrupt();  // an earlier call's (environments.h)
      // The loop's cached clock may be old: timers this call sets count from now.
      uv_update_time(environment_->loop());
      node::Environment* node_environment = environment_->node_environment(context);
      if (node_environment)
        callback_scope.emplace(node_environment, environment_->callback_resource(),
                               node::async_context{0, 0});
      else
        callback_scope.emplace(isolate_, environment_->callback_resource(),
                               node::async_context{0, 0});
    }
    v8::TryCatch try_catch(isolate_);
    try {
      Value result = body(context, object_->Get(isolate_));
      // A body may return with the JS exception pending instead of throwing.
      if (try_catch.HasCaught() || try_catch.HasTerminated())
        return pending(try_catch, outermost, raised);
      return result;
    } catch (const PendingException&) {
      return pending(try_catch, outermost, raised);
    } catch (const api::Error& e) {
      throw api::conversion_error(e);
    }
  }

  // The JS exception pending as a ScriptError, set in `*raised` or thrown; termination
  // always throws.
  Value pending(const v8::TryCatch& try_catch, bool outermost, std::optional<ScriptError>* raised) {
    if (try_catch.HasTerminated() && outermost && environment_->end_interrupt())
      throw Interrupted(Language::JavaScript);
    if (try_catch.HasTerminated()) throw_stopped(isolate_);
    // Lazy: most errors of calls from outside are caught there and never printed.
    ScriptError error = script_error(isolate_, try_catch.Exception(), try_catch.Message(), true);
    if (!raised) throw error;
    raised->emplace(std::move(error));
    return Value();
  }

  static constexpr v8::PropertyFilter kEnumerableStrings =
      static_cast<v8::PropertyFilter>(v8::ONLY_ENUMERABLE | v8::SKIP_SYMBOLS);

  static const char* kind_of(v8::Local<v8::Object> object) {
    if (object->IsArray()) return "array";
    if (object->IsMap()) return "map";
    if (object->IsSet()) return "set";
    if (object->IsPromise()) return "promise";
    if (object->IsGeneratorObject()) return "generator";
    if (object->IsFunction()) return "function";
    return "object";
  }

  // A property's value as get() gives it: a function keeps `object` as its `this`.
  Value property_value(v8::Local<v8::Object> object, v8::Local<v8::Value> value) {
    if (value->IsFunction() && !proxy_target(value))
      return Value(js_object(isolate_, value.As<v8::Object>(), object));
    return node_face::to_value(isolate_, value);
  }

  // The numeric `length` or `size` of `object`, or empty.
  v8::Local<v8::Value> size_of(v8::Local<v8::Context> context, v8::Local<v8::Object> object) {
    for (const char* name : {"length", "size"}) {
      v8::Local<v8::Value> size = must(object->Get(context, v8_string(isolate_, name)));
      if (size->IsNumber()) return size;
    }
    return {};
  }

  v8::Local<v8::Value> builtin_prototype(v8::Local<v8::Context> context, const char* name) {
    v8::Local<v8::Value> constructor =
        must(context->Global()->Get(context, v8_string(isolate_, name)));
    if (!constructor->IsObject()) return v8::Undefined(isolate_);
    return must(constructor.As<v8::Object>()->Get(context, v8_string(isolate_, "prototype")));
  }

  v8::Isolate* isolate_;
  std::shared_ptr<Environment> environment_;
  // On the heap: a handle of a stopped environment is leaked, never reset.
  v8::Global<v8::Object>* object_;
  v8::Global<v8::Value>* receiver_;
  v8::Global<v8::Context>* context_;
  const char* kind_;
};

// The one live wrapper of `object` (called with `receiver`), or a new one: the same JS
// object crosses as the same ForeignObject, so its Python proxy is the same too.
std::shared_ptr<ForeignObject> js_object(v8::Isolate* isolate, v8::Local<v8::Object> object,
                                         v8::Local<v8::Value> receiver) {
  Environment::Identities& identities = environment_here(isolate)->identities();
  auto& wrappers = identities.js_wrappers;
  const int hash = object->GetIdentityHash();
  // (Dead entries of this hash go as they are met: the same object crossing again and
  // again after each proxy is dropped would otherwise pile them up in one bucket.)
  auto [it, last] = wrappers.equal_range(hash);
  while (it != last) {
    std::shared_ptr<ForeignObject> held = it->second.lock();
    if (!held) {
      it = wrappers.erase(it);
      continue;
    }
    if (static_cast<JsObject&>(*held).wraps(object, receiver)) return held;
    ++it;
  }
  auto created = std::make_shared<JsObject>(isolate, object, receiver);
  wrappers.emplace(hash, created);
  if (wrappers.size() >= identities.sweep_at) {
    for (auto it = wrappers.begin(); it != wrappers.end();)
      it = it->second.expired() ? wrappers.erase(it) : std::next(it);
    identities.sweep_at = std::max<std::size_t>(1024, 2 * wrappers.size());
  }
  return created;
}

}  // namespace

std::shared_ptr<ForeignObject> wrap_js_object(v8::Isolate* isolate, v8::Local<v8::Object> object) {
  return js_object(isolate, object, v8::Undefined(isolate));
}

bool js_object_alive(const ForeignObject& object) {
  auto* js = dynamic_cast<const JsObject*>(&object);
  return js && js->alive();
}

v8::Local<v8::Object> unwrap_js_object(v8::Isolate* isolate, const ForeignObject& object) {
  auto* js = dynamic_cast<const JsObject*>(&object);
  return js ? js->local(isolate) : v8::Local<v8::Object>();
}

}  // namespace twinhost::node_face
