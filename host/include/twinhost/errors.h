// Exceptions that twinhost throws to C++ callers.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "twinhost/language.h"

namespace twinhost {

class ForeignObject;

// A script raised or threw and nothing caught it. what() is "<Type>: <message>";
// stack() is the runtime's own rendering (JS `err.stack`, Python's formatted traceback).
// exception() is the thrown object itself, by reference (null for a thrown primitive): its
// attributes (a JS error's `code`, Python's `SystemExit.code`) are read through it, and it
// is what a runtime receives again if the error crosses back.
class ScriptError : public std::runtime_error {
 public:
  ScriptError(Language language, std::string type, std::string message, std::string stack,
              std::shared_ptr<ForeignObject> exception = nullptr);

  Language language() const { return language_; }
  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  const std::string& stack() const { return stack_; }
  const std::shared_ptr<ForeignObject>& exception() const { return exception_; }

 private:
  Language language_;
  std::string type_;
  std::string message_;
  std::string stack_;
  std::shared_ptr<ForeignObject> exception_;
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

// The host cannot do what was asked: a runtime failed to start, its environment has
// exited, or the Host was used from the wrong thread.
class HostError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A call on a Node.js environment that process.exit() ended; exit_code() is the status it
// asked for. (An environment that an uncaught error ended throws a plain HostError.)
class EnvironmentExited : public HostError {
 public:
  explicit EnvironmentExited(int exit_code);
  ~EnvironmentExited() override;
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// A JavaScript call that Ctrl-C stopped in a Python script (the runtime that owns SIGINT);
// the environment stays usable.
class CallInterrupted : public HostError {
 public:
  CallInterrupted();
  ~CallInterrupted() override;
};

}  // namespace twinhost
