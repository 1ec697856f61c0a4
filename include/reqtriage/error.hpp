#pragma once
/// Errors of the core. Each carries the exit code the command line reports,
/// so the front end turns any of them into one message and one code.
#include <stdexcept>
#include <string>

namespace reqtriage {

/// Exit codes, documented in reqtriage(1).
enum class ExitCode : int {
  ok = 0,
  failure = 1,        ///< any other runtime failure
  usage = 2,          ///< bad command line
  invalid_input = 3,  ///< invalid input data; nothing was written
  not_found = 4,      ///< no such request
  config = 5,         ///< the config file is wrong
  busy = 6,           ///< database busy or locked beyond the timeout
  output = 7,         ///< output could not be written
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message)
      : std::runtime_error(message), m_code(code) {}
  ExitCode code() const noexcept { return m_code; }

 private:
  ExitCode m_code;
};

struct UsageError : Error {
  explicit UsageError(const std::string& m) : Error(ExitCode::usage, m) {}
};
struct InputError : Error {
  explicit InputError(const std::string& m) : Error(ExitCode::invalid_input, m) {}
};
struct NotFoundError : Error {
  explicit NotFoundError(const std::string& m) : Error(ExitCode::not_found, m) {}
};
struct ConfigError : Error {
  explicit ConfigError(const std::string& m) : Error(ExitCode::config, m) {}
};
struct BusyError : Error {
  explicit BusyError(const std::string& m) : Error(ExitCode::busy, m) {}
};
struct OutputError : Error {
  explicit OutputError(const std::string& m) : Error(ExitCode::output, m) {}
};

}  // namespace reqtriage
