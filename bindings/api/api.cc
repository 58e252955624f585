// The table of the native API, and the one place its arguments are checked.
#include "api.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "histogram.h"
#include "store.h"
#include "twinhost/version.h"
#include "typed.h"

namespace twinhost::api {
// --- typed functions (typed.h): one definition, a trampoline per face -----------------

namespace typed {

std::string sha256(BytesView data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr))
    throw Error(Error::Kind::Runtime, "sha256(): OpenSSL failed");
  static const char hex[] = "0123456789abcdef";
  std::string out(length * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  return out;
}

}  // namespace typed

namespace {

// --- free functions -------------------------------------------------------------------

Value echo(const Value* args) { return args[0]; }

Value now_ns(const Value*) {
  auto since = std::chrono::steady_clock::now().time_since_epoch();
  return Value(static_cast<std::int64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(since).count()));
}

Value version() {
  Versions v = versions();
  return Value(Map{{"twinhost", v.twinhost},
                   {"node", v.node},
                   {"v8", v.v8},
                   {"uv", v.uv},
                   {"python", v.python}});
}

// --- Store ----------------------------------------------------------------------------

Store& store(void* self) { return *static_cast<Store*>(self); }

std::shared_ptr<void> open_store(const Value* args) {
  return Store::open(args[0].is_null() ? std::string() : args[0].as_string());
}

Value store_keys(void* self, const Value*) {
  List keys;
  for (auto& key : store(self).keys()) keys.emplace_back(std::move(key));
  return Value(std::move(keys));
}

// --- Histogram ------------------------------------------------------------------------

Histogram& histogram(void* self) { return *static_cast<Histogram*>(self); }

// Statistics of an empty histogram are null, not NaN.
Value statistic(double value) { return std::isnan(value) ? Value() : Value(value); }

Value percentile(void* self, const Value* args) {
  double p = args[0].as_number();
  if (!(p >= 0 && p <= 100))
    throw Error(Error::Kind::Range, "Histogram.percentile(): p must be between 0 and 100");
  return statistic(histogram(self).percentile(p));
}

// Never destroyed: both runtimes keep pointers to its rows until they end, and Python ends
// in an exit handler, after static destructors of objects made after it started.
Module& table() {
  static Module& module = *new Module{
      // functions
      {
          typed_row<&typed::noop>("noop", {}, Type::Null,
                                  "Does nothing: the floor of a native call."),
          typed_row<&typed::add>(
              "add", {{"a", Type::Number}, {"b", Type::Number}}, Type::Number,
              "a + b; integers stay integers (a RangeError/ValueError past 64 bits)."),
          {"echo",
           {{"value", Type::Any}},
           Type::Any,
           echo,
           "Returns value after a round trip through the neutral value model."},
          typed_row<&typed::sha256>("sha256", {{"data", Type::BytesLike}}, Type::String,
                                    "Hex SHA-256 of bytes, or of a string's UTF-8.", 64 * 1024),
          {"now_ns",
           {},
           Type::BigInt,
           now_ns,
           "Nanoseconds of the one monotonic clock both runtimes share."},
      },
      // classes
      {
          {"Store",
           {{"name", Type::String, true}},
           open_store,
           {
               {"set",
                {{"key", Type::String}, {"value", Type::Any}},
                Type::Null,
                [](void* self, const Value* args) {
                  store(self).set(args[0].as_string(), args[1]);
                  return Value();
                },
                "Stores a value under key."},
               {"get",
                {{"key", Type::String}},
                Type::Any,
                [](void* self, const Value* args) { return store(self).get(args[0].as_string()); },
                "The value under key, or null."},
               {"delete",
                {{"key", Type::String}},
                Type::Any,
                [](void* self, const Value* args) {
                  return Value(store(self).erase(args[0].as_string()));
                },
                "Removes key; whether it was there."},
               {"keys", {}, Type::Any, store_keys, "The keys, sorted."},
               {"size",
                {},
                Type::Int,
                [](void* self, const Value*) {
                  return Value(static_cast<std::int64_t>(store(self).size()));
                },
                "How many keys."},
           },
           "A thread-safe key/value store; Store(name) is the same store from JS, Python "
           "and C++."},
          {"Histogram",
           {},
           [](const Value*) -> std::shared_ptr<void> { return std::make_shared<Histogram>(); },
           {
               {"record",
                {{"value", Type::Number}},
                Type::Null,
                [](void* self, const Value* args) {
                  // NaN has no place in an order: sorting it would be undefined behaviour.
                  if (std::isnan(args[0].as_number()))
                    throw Error(Error::Kind::Range, "Histogram.record(): value must not be NaN");
                  histogram(self).record(args[0].as_number());
                  return Value();
                },
                "Adds a sample (a number, not NaN)."},
               {"count",
                {},
                Type::Int,
                [](void* self, const Value*) { return Value(histogram(self).count()); },
                "How many samples."},
               {"min",
                {},
                Type::Any,
                [](void* self, const Value*) { return statistic(histogram(self).min()); },
                "The smallest sample, or null."},
               {"max",
                {},
                Type::Any,
                [](void* self, const Value*) { return statistic(histogram(self).max()); },
                "The largest sample, or null."},
               {"mean",
                {},
                Type::Any,
                [](void* self, const Value*) { return statistic(histogram(self).mean()); },
                "The mean, or null."},
               {"percentile",
                {{"p", Type::Number}},
                Type::Any,
                percentile,
                "The p-th percentile (0..100, interpolated), or null."},
               {"reset",
                {},
                Type::Null,
                [](void* self, const Value*) {
                  histogram(self).reset();
                  return Value();
                },
                "Forgets every sample."},
           },
           "Latency statistics computed by one native implementation for both runtimes."},
      },
      // attributes
      {
          {"version", version, "Versions of twinhost, Node, V8, libuv and Python."},
      },
  };
  return module;
}

}  // namespace

const Module& module() { return table(); }

std::shared_ptr<ForeignObject> carried_exception(const ScriptError& error, std::string_view wrapper,
                                                 const std::string& attribute) {
  if (error.type() != wrapper || !error.exception()) return nullptr;
  try {
    if (!error.exception()->has(attribute)) return nullptr;
    Value carried = error.exception()->get(attribute);
    return carried.is_object() ? carried.as_object() : nullptr;
  } catch (const std::exception&) {
    return nullptr;  // the error is raised as it is
  }
}

void park_forever() {
  for (;;) pause();
}

namespace {
std::mutex unlocked_mutex;
std::condition_variable unlocked_done;
int unlocked_calls = 0;
bool exiting = false;
std::thread::id exiting_thread;  // the thread running exit(): it goes on (later handlers)

void wait_for_unlocked_calls() {
  std::unique_lock<std::mutex> lock(unlocked_mutex);
  exiting = true;
  exiting_thread = std::this_thread::get_id();
  unlocked_done.wait(lock, [] { return unlocked_calls == 0; });
}
}  // namespace

UnlockedCall::UnlockedCall() {
  // Registered after OpenSSL's own atexit handler (which OPENSSL_init_crypto registers on
  // first use), so that it runs before it.
  static const bool registered = [] {
    OPENSSL_init_crypto(0, nullptr);
    return std::atexit(wait_for_unlocked_calls) == 0;
  }();
  (void)registered;
  std::unique_lock<std::mutex> lock(unlocked_mutex);
  if (exiting && std::this_thread::get_id() != exiting_thread) {
    lock.unlock();
    park_forever();
  }
  ++unlocked_calls;
}

UnlockedCall::~UnlockedCall() {
  std::lock_guard<std::mutex> lock(unlocked_mutex);
  if (--unlocked_calls == 0) unlocked_done.notify_all();
}

Error nesting_error() {
  return Error(Error::Kind::Range, "value nests deeper than " + std::to_string(kMaxValueDepth) +
                                       " levels (or is cyclic)");
}

Error integer_range_error() { return Error(Error::Kind::Range, "integer out of the 64-bit range"); }

Error unconvertible_error(const std::string& what) {
  return Error(Error::Kind::Type, "cannot convert " + what + " to a twinhost value");
}

Error key_collision_error(const std::string& target) {
  return Error(Error::Kind::Type, "cannot convert a map to " + target +
                                      ": two of its keys become equal there and an entry would "
                                      "be lost (e.g. true and 1, 1n and 1, lone surrogates)");
}

std::string replace_lone_surrogates(std::string text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    if (byte(i) == 0xED && byte(i + 1) >= 0xA0 && byte(i + 1) <= 0xBF) {
      text[i] = static_cast<char>(0xEF);
      text[i + 1] = static_cast<char>(0xBF);
      text[i + 2] = static_cast<char>(0xBD);
      i += 2;
    }
  }
  return text;
}

void add_function(Function function) { table().functions.push_back(std::move(function)); }

const char* type_description(Type type) {
  switch (type) {
    case Type::Any:
      return "any value";
    case Type::Number:
      return "a number";
    case Type::Int:
      return "an integer";
    case Type::String:
      return "a string";
    case Type::BytesLike:
      return "bytes or a string";
    case Type::Null:
      return "null";
    case Type::BigInt:
      return "an integer";
  }
  return "?";
}

namespace {

[[noreturn]] void arity_error(const char* owner, const char* name, const std::vector<Param>& params,
                              std::size_t required, std::size_t given) {
  std::string count = required == params.size() ? std::to_string(required)
                                                : "from " + std::to_string(required) + " to " +
                                                      std::to_string(params.size());
  bool one = params.size() == 1 && required == 1;
  throw Error(Error::Kind::Type, std::string(owner) + name + "() takes " + count + " argument" +
                                     (one ? "" : "s") + " (" + std::to_string(given) + " given)");
}

[[noreturn]] void type_error(const char* owner, const char* name, const Param& param,
                             const Value& value) {
  throw Error(Error::Kind::Type, std::string(owner) + name + "(): argument '" + param.name +
                                     "' must be " + type_description(param.type) + ", not " +
                                     kind_name(value.kind()));
}

}  // namespace

std::size_t Arguments::payload_bytes() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < size_; ++i) {
    if (data()[i].is_string()) total += data()[i].as_string().size();
    if (data()[i].is_bytes()) total += data()[i].as_bytes().data.size();
  }
  return total;
}

void argument_error(const char* owner, const char* name, const std::vector<Param>& params,
                    std::size_t given, const Value* args) {
  std::size_t required = 0;
  for (const auto& p : params) required += p.optional ? 0 : 1;
  if (given < required || given > params.size()) arity_error(owner, name, params, required, given);
  for (std::size_t i = 0; i < given; ++i)
    if (!matches(params[i].type, args[i]) && !(params[i].optional && args[i].is_null()))
      type_error(owner, name, params[i], args[i]);
  throw Error(Error::Kind::Type, std::string(owner) + name + "(): invalid arguments");
}

}  // namespace twinhost::api
