#include "python_bridge.h"

#include "js_object.h"
#include "node_values.h"
#include "proxy.h"
#include "runtime.h"
#include "twinhost/errors.h"

namespace twinhost::node_face {
namespace {

// A JS Error subclass carrying Python's type and traceback; its own stack is the JS one.
// Python's traceback is formatted on first read of `pythonTraceback` (from the exception
// itself, `pythonException`), not when the error crosses: formatting costs ten times the
// crossing and most caught errors are never printed. Printing the error (util.inspect, as
// for an uncaught error) reads it, so it shows as text, not as a getter.
constexpr const char* kPythonError = R"js(
((formatTraceback) => {
  // The traceback's text once formatted (or given), kept out of enumeration.
  const traceback = Symbol('pythonTraceback');
  const keep = (error, text) => Object.defineProperty(error, traceback,
    { value: text, writable: true, configurable: true });
  class PythonError extends Error {
    constructor(type, message, text) {
      super(`${type}: ${message}`);
      this.pythonType = type;
      if (text !== undefined) keep(this, text);
    }
    get pythonTraceback() {
      if (this[traceback] === undefined) {
        keep(this, `${this.message}\n`);  // (the message starts with the type)
        try { keep(this, formatTraceback(this.pythonException)); } catch {}
      }
      return this[traceback];
    }
    set pythonTraceback(value) { keep(this, value); }
    // Printed with the traceback as text among its own properties: by util.inspect, and
    // by node's report of an uncaught error (which does not call custom inspectors).
    [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
      settle(this);
      return inspect(this, { ...options, customInspect: false });
    }
  }
  // As for JS's own Error classes: the name is the prototype's.
  Object.defineProperty(PythonError.prototype, 'name',
    { value: 'PythonError', writable: true, configurable: true });
  const settle = (error) => Object.defineProperty(error, 'pythonTraceback',
    { value: error.pythonTraceback, writable: true, enumerable: true, configurable: true });
  globalThis.process?.on?.('uncaughtExceptionMonitor', (error) => {
    if (error instanceof PythonError) settle(error);
  });
  return PythonError;
})
)js";

// formatTraceback(exception) for the class above: Python's traceback.format_exception.
void format_traceback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  guarded(isolate, [&] {
    Value exception = to_value(isolate, info[0]);
    if (!exception.is_object()) throw api::Error(api::Error::Kind::Type, "not a Python exception");
    detail::Context& python = detail::runtime(Language::Python).interop_context();
    Value lines = python.eval("__import__('traceback').format_exception").call({exception});
    std::string text;
    for (const std::string& line : lines.as<std::vector<std::string>>()) text += line;
    info.GetReturnValue().Set(v8_message(isolate, text));
  });
}

v8::Local<v8::Private> error_class_key(v8::Isolate* isolate) {
  return private_key(isolate, "twinhost.PythonError");
}
v8::Local<v8::Private> error_prototype_key(v8::Isolate* isolate) {
  return private_key(isolate, "twinhost.PythonError.prototype");
}

enum class Call { Exec, Eval, Import };

template <Call kCall>
void call_python(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  const char* name = kCall == Call::Eval   ? "python.eval()"
                     : kCall == Call::Exec ? "python.exec()"
                                           : "python.import()";
  if (info.Length() != 1 || !info[0]->IsString()) {
    throw_error(isolate, api::Error(api::Error::Kind::Type,
                                    std::string(name) + " takes one argument, a string of code"));
    return;
  }
  v8::String::Utf8Value code(isolate, info[0]);
  guarded(isolate, [&] {
    detail::Context& python = detail::runtime(Language::Python).interop_context();
    if (kCall == Call::Exec) {
      python.exec(*code, "<twinhost.python>");
    } else if (kCall == Call::Eval) {
      info.GetReturnValue().Set(from_value(isolate, python.eval(*code)));
    } else {
      // The module name travels as a string literal: nothing of it is evaluated as code.
      std::string literal = "'";
      for (char c : std::string(*code))
        literal += (c == '\\' || c == '\'') ? std::string("\\") + c : std::string(1, c);
      literal += "'";
      info.GetReturnValue().Set(from_value(
          isolate, python.eval("__import__('importlib').import_module(" + literal + ")")));
    }
  });
}

// `python.isinstance(object, classinfo)`: Python's isinstance() (a class or a tuple of them).
void is_instance(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (info.Length() != 2) {
    throw_error(isolate, api::Error(api::Error::Kind::Type,
                                    "python.isinstance() takes two arguments: an object and a "
                                    "Python class (or a tuple of classes)"));
    return;
  }
  guarded(isolate, [&] {
    detail::Context& python = detail::runtime(Language::Python).interop_context();
    Value result =
        python.eval("isinstance").call({to_value(isolate, info[0]), to_value(isolate, info[1])});
    info.GetReturnValue().Set(from_value(isolate, result));
  });
}

}  // namespace

void throw_python_error(v8::Isolate* isolate, const ScriptError& e) {
  if (isolate->IsExecutionTerminating()) return;  // stopping: nothing may catch anything
  // A JS error that went through Python comes back as itself (if it is of this environment).
  if (auto carried = api::carried_exception(e, "twinhost.JSError", "js_error")) {
    v8::Local<v8::Object> original = unwrap_js_object(isolate, *carried);
    if (!original.IsEmpty()) {
      isolate->ThrowException(original);
      return;
    }
  }
  auto context = isolate->GetCurrentContext();
  v8::Local<v8::Value> type = v8_message(isolate, e.type());
  // A plain Error if the class is not there (a context without twinhost's binding).
  auto plain_error = [&] {
    return v8::Exception::Error(v8_message(isolate, e.type() + ": " + e.message()))
        .As<v8::Object>();
  };
  if (!e.exception()) {
    // Without the exception object, the traceback now (it cannot be formatted later).
    v8::Local<v8::Value> args[] = {type, v8_message(isolate, e.message()),
                                   v8_message(isolate, e.stack())};
    v8::Local<v8::Value> error_class;
    v8::Local<v8::Object> error;
    if (!context->Global()->GetPrivate(context, error_class_key(isolate)).ToLocal(&error_class) ||
        !error_class->IsFunction())
      error = plain_error();
    else if (!error_class.As<v8::Function>()->NewInstance(context, 3, args).ToLocal(&error))
      return;  // (only termination stops it)
    isolate->ThrowException(error);
    return;
  }
  // What the class's constructor makes, made here: an Error given PythonError's prototype.
  // Constructing through the class entered JS from C++, and V8 walked the constructor's
  // frames when capturing the stack (together a quarter of the crossing).
  v8::Local<v8::Object> error = plain_error();
  v8::Local<v8::Value> prototype;
  if (context->Global()->GetPrivate(context, error_prototype_key(isolate)).ToLocal(&prototype) &&
      prototype->IsObject() &&
      (!error->SetPrototype(context, prototype).FromMaybe(false) ||
       !error->CreateDataProperty(context, property_name(isolate, "pythonType"), type)
            .FromMaybe(false)))
    return;  // (only termination stops these)
  // The Python exception itself, by reference: it is what Python gets back if the error
  // crosses again, so messages do not nest one level per crossing.
  // (Raising the error must not fail: without its proxy, it is still raised.)
  try {
    error
        ->CreateDataProperty(context, property_name(isolate, "pythonException"),
                             make_proxy(isolate, e.exception()))
        .FromMaybe(false);
  } catch (const PendingException&) {
  } catch (const api::Error&) {
  }
  isolate->ThrowException(error);
}

void add_python_bridge(v8::Isolate* isolate, v8::Local<v8::Context> context,
                       v8::Local<v8::Object> exports) {
  auto source = v8_string(isolate, kPythonError);
  auto factory = must(must(v8::Script::Compile(context, source))->Run(context)).As<v8::Function>();
  v8::Local<v8::Value> formatter = must(v8::Function::New(context, format_traceback));
  auto error_class =
      must(factory->Call(context, v8::Undefined(isolate), 1, &formatter)).As<v8::Function>();
  must(exports->Set(context, v8_string(isolate, "PythonError"), error_class));
  must(context->Global()->SetPrivate(context, error_class_key(isolate), error_class));
  must(context->Global()->SetPrivate(
      context, error_prototype_key(isolate),
      must(error_class->Get(context, v8_string(isolate, "prototype")))));
  auto python = v8::Object::New(isolate);
  const std::pair<const char*, v8::FunctionCallback> functions[] = {
      {"exec", call_python<Call::Exec>},     {"eval", call_python<Call::Eval>},
      {"import", call_python<Call::Import>}, {"kwargs", kwargs_marker},
      {"isinstance", is_instance},
  };
  for (const auto& [name, callback] : functions) {
    auto fn = must(v8::FunctionTemplate::New(isolate, callback, v8::Local<v8::Value>(),
                                             v8::Local<v8::Signature>(), 1,
                                             v8::ConstructorBehavior::kThrow)
                       ->GetFunction(context));
    must(python->Set(context, v8_string(isolate, name), fn));
  }
  must(exports->Set(context, v8_string(isolate, "python"), python));
}

}  // namespace twinhost::node_face
