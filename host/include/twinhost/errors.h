// Exceptions that twinhost throws to C++ callers.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "twinhost/language.h"

namespace twinhost {

class ForeignObject;

// A script raised or threw and nothing caught it. what() is "<Type>: <message>";
// stack() is the runtime's own rendering (JS `err.stack`, Python's formatted traceback);
// a runtime may format it on first read (formatting costs more than the crossing, and most
// caught errors are never printed), so the first stack() may take the runtime's lock.
// exception() is the thrown object itself, by reference (null for a thrown primitive): its
// attributes (a JS error's `code`, Python's `SystemExit.code`) are read through it, and it
// is what a runtime receives again if the error crosses back.
class ScriptError : public std::runtime_error {
 public:
  ScriptError(Language language, std::string type, std::string message, std::string stack,
              std::shared_ptr<ForeignObject> exception = nullptr);
  // The stack formatted by `format_stack` on the first stack(), once for all copies.
  ScriptError(Language language, std::string type, std::string message,
              std::function<std::string()> format_stack,
              std::shared_ptr<ForeignObject> exception = nullptr);

  Language language() const { return data_->language; }
  const std::string& type() const { return data_->type; }
  const std::string& message() const { return data_->message; }
  const std::string& stack() const;
  const std::shared_ptr<ForeignObject>& exception() const { return data_->exception; }

 private:
  struct Data {
    Language language;
    std::string type;
    std::string message;
    std::shared_ptr<ForeignObject> exception;
    std::once_flag formatted;
    std::function<std::string()> format;
    std::string stack;
  };
  // Shared: an exception is copied when thrown and caught. One pointer also keeps a
  // std::optional<ScriptError> small, which the calls between the runtimes make on every
  // call (GCC zero-fills an empty optional's whole storage: 128 bytes with `rep stos`,
  // ~10 ns a call on this machine, when the fields lived here).
  std::shared_ptr<Data> data_;
};

// A script's result has no twinhost::Value equivalent (an object, a function, an
// integer outside int64, a string that is not valid Unicode).
// kind(): Type, the value has no equivalent (TypeError / TypeError); Range, it has one but
// not this large, long or deep (RangeError / ValueError).
class ConversionError : public std::runtime_error {
 public:
  enum class Kind { Type, Range };
  explicit ConversionError(const std::string& what, Kind kind = Kind::Type)
      : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// The host cannot do what was asked: a runtime failed to start or has shut down. The typed
// cases below derive from it, so `catch (const HostError&)` sees them all.
class HostError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A Host (or a value of it) used from a thread other than the one that created the Host.
class WrongThread : public HostError {
 public:
  explicit WrongThread(const std::string& what);
  ~WrongThread() override;
};

// A call on a Node.js environment that has stopped: an uncaught error ended it (a CLI
// script's guest environment), its Host or worker is gone, or the process is exiting.
class EnvironmentStopped : public HostError {
 public:
  explicit EnvironmentStopped(const std::string& what);
  ~EnvironmentStopped() override;
};

// A call on a Node.js environment that process.exit() ended; exit_code() is the status it
// asked for.
class EnvironmentExited : public EnvironmentStopped {
 public:
  explicit EnvironmentExited(int exit_code);
  ~EnvironmentExited() override;
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Host::await(): the awaitable did not settle in time (a JS promise stays pending; a Python
// awaitable has been cancelled).
class TimedOut : public HostError {
 public:
  explicit TimedOut(const std::string& what);
  ~TimedOut() override;
};

// The call was stopped from outside: Host::interrupt(), or Ctrl-C in a Python script while
// it waited for JavaScript. The runtime stays usable; language() is the one interrupted.
class Interrupted : public HostError {
 public:
  explicit Interrupted(Language language);
  ~Interrupted() override;
  Language language() const { return language_; }

 private:
  Language language_;
};

}  // namespace twinhost
